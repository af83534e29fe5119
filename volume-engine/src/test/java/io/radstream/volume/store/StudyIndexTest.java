package io.radstream.volume.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index on its own, with synthetic entries: writer thread, batching, re-adds, reopen, schema. */
class StudyIndexTest {
    private static final String STUDY = "1.2.826.0.1.3680043.10.9.1";

    @TempDir
    Path dir;

    /** A CT slice of series {@code series} (1-based index {@code n}); null transfer syntax to force a failure. */
    private static IndexEntry slice(StudyStore store, String series, int n, String transferSyntax) {
        String sop = series + "." + n;
        String key = StudyStore.storageKeyOf(sop);
        var instance = new InstanceRecord(sop, series, "1.2.840.10008.5.1.4.1.1.2", n, key, store.pathOf(key),
                transferSyntax, 512, 512, 1, 1, 16, 12, 11, 0, "MONOCHROME2", 0,
                new double[]{-125, -125, n * 2.5}, new double[]{1, 0, 0, 0, 1, 0}, new double[]{0.48828125, 0.48828125},
                2.5, 1, -1024, new double[]{40, 400}, new double[]{400, 1500}, -2000,
                1234, 512 * 512 * 2, List.of(), false, 1234 + 512 * 512 * 2);
        return new IndexEntry(new IndexEntry.Patient("P-1", "Doe^Jane", "19700101", "F"),
                new IndexEntry.Study(STUDY, "20240101", "101500", "A-1", "CT chest"),
                new IndexEntry.Series(series, "CT", Integer.parseInt(series.substring(series.lastIndexOf('.') + 1)),
                        "axial", "1.2.3.4"),
                instance);
    }

    @Test
    void concurrentAddsAreAllCommittedAndReadBackExactly() throws Exception {
        StudyStore store = StudyStore.open(dir);
        int perSeries = 400;
        List<String> series = List.of(STUDY + ".1", STUDY + ".2", STUDY + ".3");
        try (StudyIndex index = StudyIndex.open(store)) {
            ExecutorService callers = Executors.newFixedThreadPool(series.size());
            List<Future<List<CompletableFuture<Boolean>>>> submitted = new ArrayList<>();
            for (String s : series) {
                submitted.add(callers.submit(() -> {
                    List<CompletableFuture<Boolean>> fs = new ArrayList<>();
                    for (int n = 1; n <= perSeries; n++) fs.add(index.add(slice(store, s, n, "1.2.840.10008.1.2.1")));
                    return fs;
                }));
            }
            for (var f : submitted) for (CompletableFuture<Boolean> added : f.get()) assertTrue(added.join());
            callers.shutdown();

            assertEquals(1, index.countStudies());
            assertEquals(3, index.countSeries());
            assertEquals(3 * perSeries, index.countInstances());
            StudySummary s = index.listStudies().getFirst();
            assertEquals(3, s.seriesCount());
            assertEquals(3 * perSeries, s.instanceCount());
            assertEquals(List.of("CT"), s.modalities());
            assertEquals("Doe^Jane", s.patientName());

            List<SeriesRecord> rs = index.seriesOf(STUDY);
            assertEquals(List.of(1, 2, 3), rs.stream().map(SeriesRecord::seriesNumber).toList());
            List<InstanceRecord> slices = index.instancesOf(series.get(1));
            assertEquals(perSeries, slices.size());
            for (int n = 1; n <= perSeries; n++) {
                InstanceRecord expected = slice(store, series.get(1), n, "1.2.840.10008.1.2.1").instance();
                assertEquals(expected, slices.get(n - 1)); // instance number order, every column round-trips
            }
            assertArrayEquals(new double[]{-125, -125, 7.5}, slices.get(2).imagePosition());
            assertEquals(-2000, slices.get(2).pixelPaddingValue());
        }
    }

    @Test
    void reAddIsIgnoredAndOneFailingEntryDoesNotSinkItsBatch() throws Exception {
        StudyStore store = StudyStore.open(dir);
        String series = STUDY + ".7";
        try (StudyIndex index = StudyIndex.open(store)) {
            assertTrue(index.add(slice(store, series, 1, "1.2.840.10008.1.2.1")).join());
            // queued back to back, so they share transactions
            var again = index.add(slice(store, series, 1, "1.2.840.10008.1.2.4.50"));
            var broken = index.add(slice(store, series, 2, null)); // NOT NULL transfer_syntax
            var fine = index.add(slice(store, series, 3, "1.2.840.10008.1.2.1"));
            assertFalse(again.join());
            CompletionException e = assertThrows(CompletionException.class, broken::join);
            assertInstanceOf(java.sql.SQLException.class, e.getCause());
            assertTrue(fine.join());

            List<InstanceRecord> rows = index.instancesOf(series);
            assertEquals(List.of(1, 3), rows.stream().map(InstanceRecord::instanceNumber).toList());
            assertEquals("1.2.840.10008.1.2.1", rows.getFirst().transferSyntaxUid(), "first copy wins");
        }
    }

    @Test
    void closeCommitsQueuedWritesAndLaterAddsFail() throws Exception {
        StudyStore store = StudyStore.open(dir);
        StudyIndex index = StudyIndex.open(store);
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        for (int n = 1; n <= 1000; n++) pending.add(index.add(slice(store, STUDY + ".1", n, "1.2.840.10008.1.2")));
        index.close(); // without waiting for the futures
        for (var f : pending) assertTrue(f.isDone() && f.join());
        CompletionException e = assertThrows(CompletionException.class,
                () -> index.add(slice(store, STUDY + ".1", 1001, "1.2.840.10008.1.2")).join());
        assertInstanceOf(IllegalStateException.class, e.getCause());

        try (StudyIndex reopened = StudyIndex.open(dir)) {
            assertEquals(1000, reopened.countInstances());
            assertEquals(StudyIndex.studyKeyOf(STUDY), reopened.listStudies().getFirst().studyKey());
        }
    }

    @Test
    void databaseIsInWalModeWithTheDocumentedSchema() throws Exception {
        try (StudyIndex index = StudyIndex.open(dir)) {
            assertEquals(0, index.countInstances());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("index.db"));
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                assertTrue(rs.next());
                assertEquals("wal", rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                assertEquals(IndexSchema.VERSION, rs.getInt(1));
            }
            Set<String> tables = new TreeSet<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            assertEquals(Set.of("patient", "study", "series", "instance", "frame", "open_plan"), tables);
            Set<String> seriesColumns = new TreeSet<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM pragma_table_info('series')")) {
                while (rs.next()) seriesColumns.add(rs.getString(1));
            }
            assertTrue(seriesColumns.contains("revision"), seriesColumns::toString);
            Set<String> columns = new TreeSet<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM pragma_table_info('instance')")) {
                while (rs.next()) columns.add(rs.getString(1));
            }
            assertTrue(columns.containsAll(List.of("sop_uid", "storage_key", "image_position", "image_orientation",
                    "pixel_spacing", "pixel_padding_value", "pixel_data_offset", "pixel_data_length", "fragments",
                    "deflated", "file_size", "lossy_compression", "lossy_ratio", "lossy_method")), columns::toString);
        }
    }
}
