package io.radstream.volume.store;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomParseException;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.UID;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Imports DICOM files into a data directory: parses each header, copies the file into the
 * {@link StudyStore} and records it in the {@link StudyIndex}. One bad file never stops a batch: it
 * becomes one {@link ImportError} naming the file, the offset when known, and the reason.
 *
 * <p>Headers are parsed on {@value #PARSE_THREADS} platform threads (parsing is I/O and CPU bound,
 * a couple of threads keep the disk busy without starving a running viewer); index writes go to the
 * index's single writer thread. A file is copied before its row is written, so a row never points
 * at a missing file.
 *
 * <p>Use one Importer per data directory: it keeps track of the SOP instances being imported so
 * that two files with the same SOP Instance UID never race for the same store path. Log lines and
 * errors carry file names and UIDs, never patient data.
 *
 * <p>Fast-open forms: an object whose codec is too slow to open fast ({@link FastOpenRule}: large
 * JPEG 2000 frames) also gets a {@link FastForm}, its frames decoded once into a sidecar file. This
 * runs on one background thread per batch, after the original is indexed, so the original can be opened (and
 * decoded the slow way) at once; {@link #importPaths} returns when the fast forms of its batch are
 * written too, so a command-line import leaves a complete store. A fast form that cannot be written
 * is logged and costs nothing else: the instance opens from its original.
 */
public final class Importer {
    private static final System.Logger LOG = System.getLogger(Importer.class.getName());
    static final int PARSE_THREADS = 2;

    private final StudyStore store;
    private final StudyIndex index;
    /** SOP Instance UIDs copied but not yet committed to the index. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public Importer(StudyIndex index) {
        this.index = index;
        this.store = index.store();
    }

    /** What became of one file. */
    private sealed interface Outcome {
        record Indexing(String storageKey, CompletableFuture<Boolean> added, InstanceRecord instance) implements Outcome {}
        record AlreadyStored() implements Outcome {}
        record MediaDirectory() implements Outcome {}
        record Failed(ImportError error) implements Outcome {}
    }

    /** Imports files and folders (recursively); returns when every file is indexed or rejected. */
    public ImportReport importPaths(List<Path> paths) {
        List<ImportError> errors = new ArrayList<>();
        List<Path> files = ImportSources.files(paths, store.root(), errors);

        List<Future<Outcome>> outcomes = new ArrayList<>(files.size());
        ExecutorService parsers = Executors.newFixedThreadPool(PARSE_THREADS,
                Thread.ofPlatform().name("dicom-import-", 0).daemon(true).factory());
        try {
            for (Path file : files) outcomes.add(parsers.submit(() -> importFile(file)));
        } finally {
            parsers.shutdown();
        }

        int imported = 0;
        int skipped = 0;
        List<Future<?>> fastFormWrites = new ArrayList<>();
        // one thread per batch, ended with it: decoding is CPU bound and a running viewer comes first
        ExecutorService fastForms = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("fast-open-form").daemon(true).priority(Thread.MIN_PRIORITY).factory());
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            switch (await(file, outcomes.get(i))) {
                case Outcome.Indexing(String key, CompletableFuture<Boolean> added, InstanceRecord instance) -> {
                    ImportError failed = awaitIndex(file, key, added);
                    if (failed != null) errors.add(failed);
                    else if (added.join()) {
                        imported++;
                        if (FastOpenRule.applies(instance)) fastFormWrites.add(fastForms.submit(() -> writeFastForm(instance)));
                    } else skipped++;
                }
                case Outcome.AlreadyStored _, Outcome.MediaDirectory _ -> skipped++;
                case Outcome.Failed(ImportError error) -> errors.add(error);
            }
        }
        for (Future<?> w : fastFormWrites) awaitQuietly(w);
        fastForms.shutdown();
        for (ImportError e : errors) LOG.log(System.Logger.Level.WARNING, "not imported: {0}", e);
        LOG.log(System.Logger.Level.INFO, "import: {0} imported, {1} skipped, {2} errors",
                imported, skipped, errors.size());
        return new ImportReport(imported, skipped, errors);
    }

    private Outcome importFile(Path file) {
        try {
            long size = Files.size(file);
            IndexEntry entry;
            try (DicomFile dcm = DicomReader.read(file)) {
                if (UID.MediaStorageDirectoryStorage.equals(dcm.fileMeta().getString(Tag.MediaStorageSOPClassUID))) {
                    return new Outcome.MediaDirectory(); // a DICOMDIR lists files; the folder walk finds them
                }
                entry = IndexEntryReader.read(dcm, store, size);
            }
            String sopUid = entry.instance().sopInstanceUid();
            // claim before checking the index, so a duplicate in this batch cannot slip between the two
            if (!inFlight.add(sopUid)) return new Outcome.AlreadyStored();
            boolean released = false;
            try {
                if (index.containsInstance(sopUid)) return new Outcome.AlreadyStored();
                String key = entry.instance().storageKey();
                long copied = store.put(file, key);
                if (copied != size) {
                    store.delete(key);
                    return failed(file, -1, "file changed during import (" + size + " bytes, then " + copied + ")");
                }
                CompletableFuture<Boolean> added = index.add(entry);
                added.whenComplete((r, e) -> inFlight.remove(sopUid));
                released = true;
                return new Outcome.Indexing(key, added, entry.instance());
            } finally {
                if (!released) inFlight.remove(sopUid);
            }
        } catch (DicomParseException e) {
            return failed(file, e.offset(), e.reason());
        } catch (NotIndexableException e) {
            return failed(file, -1, e.getMessage());
        } catch (IOException e) {
            return failed(file, -1, ImportSources.describe(e));
        } catch (RuntimeException e) {
            // a parser bug or an index failure must cost this file, not the batch
            return failed(file, -1, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void writeFastForm(InstanceRecord instance) {
        long start = System.nanoTime();
        try {
            long size = FastFormWriter.write(index, instance);
            LOG.log(System.Logger.Level.DEBUG, "fast-open form of {0}: {1} bytes in {2} ms", instance.storageKey(), size,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            try {
                store.deleteFastForm(instance.storageKey());
            } catch (IOException d) {
                e.addSuppressed(d);
            }
            LOG.log(System.Logger.Level.WARNING, "no fast-open form for stored file {0}: {1}", instance.storageKey(), e.getMessage());
        }
    }

    private static void awaitQuietly(Future<?> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "fast-open form failed: {0}", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Outcome failed(Path file, long offset, String reason) {
        return new Outcome.Failed(new ImportError(file, offset, reason));
    }

    private static Outcome await(Path file, Future<Outcome> outcome) {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            return failed(file, -1, "unexpected " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(file, -1, "import interrupted");
        }
    }

    /** Waits for the index write; on failure removes the stored copy so no unindexed file remains. */
    private ImportError awaitIndex(Path file, String storageKey, CompletableFuture<Boolean> added) {
        try {
            added.join();
            return null;
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            try {
                store.delete(storageKey);
            } catch (IOException d) {
                cause.addSuppressed(d);
            }
            return new ImportError(file, -1, "index write failed: " + cause.getMessage());
        }
    }
}
