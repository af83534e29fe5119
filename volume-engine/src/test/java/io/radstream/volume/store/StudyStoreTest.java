package io.radstream.volume.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyStoreTest {
    private static final String SOP_UID = "1.3.6.1.4.1.5962.1.1.1.1.1.20040826185059.5457";

    @Test
    void pathIsHashedFannedOutAndFreeOfUids(@TempDir Path dir) throws IOException {
        StudyStore store = StudyStore.open(dir);
        String key = StudyStore.storageKeyOf(SOP_UID);
        assertTrue(key.matches("[0-9a-f]{64}"), key);
        Path p = store.pathOf(key);
        assertEquals(dir.toAbsolutePath().resolve("store").resolve(key.substring(0, 2)).resolve(key + ".dcm"), p);
        assertFalse(p.toString().contains(SOP_UID));
        assertEquals(dir.toAbsolutePath().resolve("index.db"), store.indexFile());
    }

    @Test
    void rejectsKeysThatCouldEscapeTheStore(@TempDir Path dir) throws IOException {
        StudyStore store = StudyStore.open(dir);
        for (String bad : new String[]{"../../etc/passwd", "", "ABCDEF", SOP_UID, "0".repeat(63)}) {
            assertThrows(IllegalArgumentException.class, () -> store.pathOf(bad), bad);
        }
    }

    @Test
    void putCopiesAtomicallyAndReplaces(@TempDir Path dir) throws IOException {
        StudyStore store = StudyStore.open(dir.resolve("data"));
        Path source = Files.write(dir.resolve("in.dcm"), new byte[]{1, 2, 3, 4, 5});
        String key = StudyStore.storageKeyOf(SOP_UID);
        assertEquals(5, store.put(source, key));
        assertArrayEquals(new byte[]{1, 2, 3, 4, 5}, Files.readAllBytes(store.pathOf(key)));

        Files.write(source, new byte[]{9, 9});
        assertEquals(2, store.put(source, key));
        assertArrayEquals(new byte[]{9, 9}, Files.readAllBytes(store.pathOf(key)));
        try (Stream<Path> all = Files.walk(dir.resolve("data"))) {
            List<Path> temps = all.filter(f -> f.toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), temps, "no temporary files left behind");
        }
        assertTrue(store.delete(key));
        assertFalse(store.contains(key));
    }
}
