package io.radstream.volume.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * The data directory: DIR/index.db (see {@link StudyIndex}) and the file store
 * DIR/store/&lt;2 hex&gt;/&lt;sha256 of SOP Instance UID&gt;.dcm, with, for slow-to-decode objects, a
 * fast-open form next to it (same name, {@code .raw}; see {@link FastForm}).
 *
 * <p>Paths are derived from a hash so that no patient data and no UID ever appears in a file name
 * (directory listings, backups and logs leak nothing), and the two-character fan-out keeps
 * directories small (256 folders). A stored file is never modified in place: it is written to a
 * temporary file next to its final name, flushed, then renamed, so a reader sees either no file or
 * the complete one, and a crash leaves at most a stray {@code .tmp} file.
 */
public final class StudyStore {
    private static final Pattern STORAGE_KEY = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final Path files;

    private StudyStore(Path root) {
        this.root = root;
        this.files = root.resolve("store");
    }

    /** Opens (creating if needed) the data directory {@code dataDir}. */
    public static StudyStore open(Path dataDir) throws IOException {
        StudyStore store = new StudyStore(dataDir.toAbsolutePath().normalize());
        Files.createDirectories(store.files);
        return store;
    }

    public Path root() {
        return root;
    }

    /** The SQLite index file of this data directory. */
    public Path indexFile() {
        return root.resolve("index.db");
    }

    /** The storage key of an instance: the hex SHA-256 of its SOP Instance UID. */
    public static String storageKeyOf(String sopInstanceUid) {
        return Sha256.hex(sopInstanceUid);
    }

    /** Where the file of {@code storageKey} lives (whether or not it exists yet). */
    public Path pathOf(String storageKey) {
        // keys come from the index; validating them keeps a damaged row from pointing outside the store
        if (storageKey == null || !STORAGE_KEY.matcher(storageKey).matches()) {
            throw new IllegalArgumentException("not a storage key: " + storageKey);
        }
        return files.resolve(storageKey.substring(0, 2)).resolve(storageKey + ".dcm");
    }

    /** Where the fast-open form ({@link FastForm}) of {@code storageKey} lives, next to the original. */
    public Path fastFormPathOf(String storageKey) {
        Path original = pathOf(storageKey);
        return original.resolveSibling(storageKey + ".raw");
    }

    public boolean contains(String storageKey) {
        return Files.isRegularFile(pathOf(storageKey));
    }

    /**
     * Copies {@code source} into the store under {@code storageKey}, replacing a file already there,
     * and returns the number of bytes copied.
     */
    public long put(Path source, String storageKey) throws IOException {
        Path target = pathOf(storageKey);
        Files.createDirectories(target.getParent());
        // same folder as the target: the rename below must not cross file systems to stay atomic
        Path temp = Files.createTempFile(target.getParent(), storageKey.substring(0, 8) + "-", ".tmp");
        try {
            long copied;
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                copied = 0;
                long size = in.size();
                while (copied < size) {
                    long n = in.transferTo(copied, size - copied, out);
                    if (n <= 0) break;
                    copied += n;
                }
                // the index will point at this file once committed: its bytes must be on disk first
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the store at " + root + " does not support atomic renames", e);
            }
            return copied;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Something that writes the whole content of a new file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel out) throws IOException;
    }

    /**
     * Writes the fast-open form of {@code storageKey} the same way {@link #put} writes a file (a
     * temporary file, flushed, then renamed) and returns its size. The original is not touched.
     */
    public long putFastForm(String storageKey, Content content) throws IOException {
        Path target = fastFormPathOf(storageKey);
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), storageKey.substring(0, 8) + "-", ".tmp");
        try {
            long size;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(out);
                out.force(true);
                size = out.size();
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the store at " + root + " does not support atomic renames", e);
            }
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes the fast-open form of {@code storageKey}, if any. */
    public boolean deleteFastForm(String storageKey) throws IOException {
        return Files.deleteIfExists(fastFormPathOf(storageKey));
    }

    /** Removes a stored file, e.g. one whose index write failed; true if there was one. */
    public boolean delete(String storageKey) throws IOException {
        Files.deleteIfExists(fastFormPathOf(storageKey));
        return Files.deleteIfExists(pathOf(storageKey));
    }
}
