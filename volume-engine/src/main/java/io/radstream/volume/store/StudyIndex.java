package io.radstream.volume.store;

import io.radstream.volume.frames.FrameAttributes;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The metadata of every stored instance in an embedded SQLite database (DIR/index.db), so that
 * opening a study lists its series and instances, with geometry and pixel data positions, without
 * reading or parsing a single DICOM file.
 *
 * <p>Writes go through one writer thread and are committed in batches ({@link IndexWriter}); reads
 * use separate read-only connections and see every committed write (WAL mode). Re-adding an
 * instance whose SOP Instance UID is already indexed is ignored: the first copy wins.
 *
 * <p>Thread-safe. Close it to flush queued writes and release the database.
 */
public final class StudyIndex implements AutoCloseable {
    /** Enough for a few concurrent viewers; SQLite reads are short. */
    private static final int READ_CONNECTIONS = 4;

    private final StudyStore store;
    private final IndexWriter writer;
    private final ReadConnections readers;
    private final IndexQueries queries;

    private StudyIndex(StudyStore store, IndexWriter writer, ReadConnections readers) {
        this.store = store;
        this.writer = writer;
        this.readers = readers;
        this.queries = new IndexQueries(store);
    }

    /** Opens the index of the data directory {@code dataDir}, creating directory and index on first use. */
    public static StudyIndex open(Path dataDir) throws IOException {
        return open(StudyStore.open(dataDir));
    }

    /** Opens the index of a data directory, creating it on first use. */
    public static StudyIndex open(StudyStore store) {
        IndexWriter writer;
        try {
            writer = new IndexWriter(store.indexFile()); // first: creates the database and its schema
        } catch (SQLException e) {
            throw new StudyIndexException("cannot open the study index " + store.indexFile() + ": " + e.getMessage(), e);
        }
        StudyIndex index;
        try {
            index = new StudyIndex(store, writer, new ReadConnections(store.indexFile(), READ_CONNECTIONS));
        } catch (SQLException e) {
            try {
                writer.close();
            } catch (SQLException c) {
                e.addSuppressed(c);
            }
            throw new StudyIndexException("cannot open the study index " + store.indexFile() + ": " + e.getMessage(), e);
        }
        FrameBackfill.run(index);
        return index;
    }

    /** Instances indexed before frame rows existed (schema version 1), for {@link FrameBackfill}. */
    List<Map.Entry<Long, String>> instancesWithoutFrames() {
        return readers.with(queries::instancesWithoutFrames);
    }

    /** Adds frame rows to an instance already indexed. */
    CompletableFuture<Void> addFrames(long instancePk, List<FrameAttributes> frames) {
        return writer.submit(entries -> {
            entries.backfillFrames(instancePk, frames);
            return null;
        });
    }

    public StudyStore store() {
        return store;
    }

    /** The opaque key of a study: the first 16 hex characters of the SHA-256 of its UID. */
    public static String studyKeyOf(String studyInstanceUid) {
        return Sha256.hex(studyInstanceUid).substring(0, 16);
    }

    /**
     * Queues an instance for indexing. The future yields {@code true} once the instance is
     * committed, {@code false} if its SOP Instance UID was already indexed (nothing changed), and
     * fails if the write failed.
     */
    public CompletableFuture<Boolean> add(IndexEntry entry) {
        return writer.submit(entries -> entries.add(entry));
    }

    public boolean containsInstance(String sopInstanceUid) {
        return readers.with(c -> queries.containsInstance(c, sopInstanceUid));
    }

    /** All studies, newest study date first. */
    public List<StudySummary> listStudies() {
        return readers.with(queries::listStudies);
    }

    public Optional<StudySummary> studyByKey(String studyKey) {
        return readers.with(c -> queries.studyByKey(c, studyKey));
    }

    public Optional<StudySummary> studyByUid(String studyInstanceUid) {
        return readers.with(c -> queries.studyByUid(c, studyInstanceUid));
    }

    /** The series of a study by Series Number; empty for an unknown study. */
    public List<SeriesRecord> seriesOf(String studyInstanceUid) {
        return readers.with(c -> queries.seriesOf(c, studyInstanceUid));
    }

    /**
     * The instances of a series by Instance Number (not spatial order: sorting slices along the
     * normal is the volume builder's job, with the geometry these records carry).
     */
    public List<InstanceRecord> instancesOf(String seriesInstanceUid) {
        return readers.with(c -> queries.instancesOf(c, seriesInstanceUid));
    }

    /**
     * Per-frame rows of a series' image instances, by SOP Instance UID, frames in order: with
     * {@link #instancesOf} everything needed to build its volumes without reading a header.
     */
    public Map<String, List<FrameAttributes>> framesOf(String seriesInstanceUid) {
        return readers.with(c -> queries.framesOf(c, seriesInstanceUid));
    }

    /**
     * The fast-open forms ({@link FastForm}) of a series' instances, by SOP Instance UID; instances
     * without one are absent and open from their original file.
     */
    public Map<String, FastForm> fastFormsOf(String seriesInstanceUid) {
        return readers.with(c -> queries.fastFormsOf(c, seriesInstanceUid));
    }

    /**
     * By SOP Instance UID, whether the image's header holds overlays, a display shutter or a
     * palette; instances indexed before schema 4 are absent (not known: read their header).
     */
    public Map<String, Boolean> graphicsOf(String seriesInstanceUid) {
        return readers.with(c -> queries.graphicsOf(c, seriesInstanceUid));
    }

    /** Whether a series' pixels were lossy-compressed before they reached us, with the ratio; see {@link SeriesLossiness}. */
    public SeriesLossiness lossinessOf(String seriesInstanceUid) {
        return readers.with(c -> queries.lossinessOf(c, seriesInstanceUid));
    }

    /**
     * The display attributes (VOI windows with explanations and function, VOI and Modality LUTs,
     * Presentation LUT Shape) of a series' instances that have any, by SOP Instance UID; empty for
     * instances indexed before schema version 4.
     */
    public Map<String, io.radstream.volume.frames.DisplayAttributes> displayAttributesOf(String seriesInstanceUid) {
        return readers.with(c -> queries.displayOf(c, seriesInstanceUid));
    }

    /** Records that an indexed instance's fast-open form has been written; yields false for an unknown instance. */
    public CompletableFuture<Boolean> setFastForm(String sopInstanceUid, String format, long length) {
        return writer.submit(entries -> entries.setFastForm(sopInstanceUid, format, length));
    }

    /**
     * The series of a study by Series Number (as {@link #seriesOf}), each with its revision and the
     * header of its stored open plan, current or not; the plans themselves are not read.
     */
    public List<OpenPlanRow> openPlansOf(String studyInstanceUid) {
        return readers.with(c -> queries.openPlansOf(c, studyInstanceUid));
    }

    /** A series' revision: raised by every write that changes what opening it finds; −1 for an unknown series. */
    public long revisionOf(String seriesInstanceUid) {
        return readers.with(c -> queries.revisionOf(c, seriesInstanceUid));
    }

    /**
     * The stored open plan of a series if it is current (built from the series' present revision in
     * format {@code format}); empty otherwise.
     */
    public Optional<byte[]> openPlan(String seriesInstanceUid, int format) {
        return readers.with(c -> queries.openPlan(c, seriesInstanceUid, format));
    }

    /**
     * Stores a series' open plan, built from the rows the series had at {@code revision}. The future
     * yields false, and nothing is stored, when the series changed meanwhile (the plan would be stale).
     */
    public CompletableFuture<Boolean> putOpenPlan(String seriesInstanceUid, long revision, int format, int stackSlices,
                                                  int colourImages, byte[] plan) {
        return writer.submit(entries -> entries.putOpenPlan(seriesInstanceUid, revision, format, stackSlices, colourImages, plan));
    }

    public int countStudies() {
        return readers.with(queries::countStudies);
    }

    public int countSeries() {
        return readers.with(queries::countSeries);
    }

    public int countInstances() {
        return readers.with(queries::countInstances);
    }

    /** Commits queued writes, then closes all connections. */
    @Override
    public void close() {
        StudyIndexException failure = null;
        try {
            writer.close();
        } catch (SQLException e) {
            failure = new StudyIndexException("closing the index writer failed: " + e.getMessage(), e);
        }
        try {
            readers.close();
        } catch (SQLException e) {
            if (failure == null) failure = new StudyIndexException("closing index readers failed: " + e.getMessage(), e);
            else failure.addSuppressed(e);
        }
        if (failure != null) throw failure;
    }
}
