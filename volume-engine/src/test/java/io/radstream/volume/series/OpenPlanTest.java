package io.radstream.volume.series;

import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.OpenPlanRow;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.testdata.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The open plan (schema 5): what a series opens to, kept in one row. It must give the very stack
 * the instance and frame rows give (slices, order, geometry, report, display, stored values), go
 * stale when the series gains an instance, and appear for an index written by schema 4.
 */
class OpenPlanTest {

    /**
     * A CT series with a gap (one file not imported) and a duplicate (a copy of a slice under
     * another SOP Instance UID): the plan read back from its row equals the row path's stack.
     */
    @Test
    void planReadBackGivesTheStackTheRowsGive(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dcmodify")), "dcmodify not installed: apt-get install dcmtk");
        CtPhantom.PhantomSeries ct = CtPhantom.write(CtPhantom.Spec.defaults(12).withMatrix(64, 64), dir.resolve("ct"));
        Files.delete(ct.files().get(7)); // a gap between volume slices 6 and 8
        Path copy = dir.resolve("ct").resolve("duplicate.dcm");
        Files.copy(ct.files().get(3), copy);
        Tools.Result modified = Tools.run("dcmodify", "-nb", "-m", "(0008,0018)=2.25.4242", "-m", "(0020,0013)=99", copy.toString());
        assertEquals(0, modified.exit(), modified.output());
        try (StudyIndex index = StudyIndex.open(dir.resolve("data"))) {
            assertEquals(12, new Importer(index).importPaths(List.of(dir.resolve("ct"))).imported());
            String series = ct.seriesInstanceUid();
            Stack rows = IndexedStacks.open(index, series).largestStack();
            assertEquals(1, rows.report().gaps().size(), "the test series has a gap");
            assertEquals(1, rows.report().duplicates().size(), "and a duplicate");

            assertTrue(index.openPlan(series, OpenPlan.FORMAT).isEmpty(), "no plan before the first open");
            OpenPlan built = OpenPlans.of(index, series);
            OpenPlans.ensureAll(index); // waits for the stored plan (the open above does not wait for its write)
            byte[] blob = index.openPlan(series, OpenPlan.FORMAT).orElseThrow();
            long parses = DicomReader.parseCount();
            OpenPlan read = OpenPlans.of(index, series);
            assertEquals(parses, DicomReader.parseCount(), "reading a plan parses no header");

            for (OpenPlan plan : List.of(built, read)) {
                assertSameStack(rows, plan.stack().toStack());
                assertEquals(0, plan.colourImages());
                for (int k = 0; k < plan.stackSlices(); k++) {
                    assertNull(plan.stack().headerFile(k), "the phantom's headers hold no graphics, and the index knows it");
                }
            }
            assertEquals(built.pixelPadding(), read.pixelPadding());
            assertNull(read.lossyNotice(), "native CT: no lossy notice");
            assertTrue(blob.length < 200 * read.stackSlices() + 2000, "compact: " + blob.length + " bytes");

            // the slices' stored values are those the rows locate
            for (int k = 0; k < rows.slices().size(); k++) {
                assertArrayEquals(rows.slices().get(k).reader().read(), read.stack().slices().get(k).reader().read(), "slice " + k);
            }
            // and the volume a plan loads is the rows' volume, voxel for voxel, with the same geometry and report
            try (VolumeLoader loader = new VolumeLoader(2)) {
                Volume expected = StackLoader.load(rows, loader);
                ProgressiveLoad load = read.stack().open(loader, 5, (k, e) -> { throw new AssertionError("slice " + k, e); });
                Volume v = load.done().join();
                try {
                    assertEquals(expected.stackReport(), v.stackReport());
                    assertArrayEquals(expected.stackGeometry().origins(), v.stackGeometry().origins());
                    assertEquals(expected.geometry().sliceSpacing(), v.geometry().sliceSpacing(), 0);
                    assertArrayEquals(expected.defaultWindow(), v.defaultWindow());
                    for (int k = 0; k < v.slices(); k++) {
                        assertEquals(expected.displayAttributes(k), v.displayAttributes(k));
                        assertEquals(expected.rescaleIntercept(k), v.rescaleIntercept(k));
                        for (int j = 0; j < 64; j += 7) for (int i = 0; i < 64; i += 5) {
                            assertEquals(expected.stored(i, j, k), v.stored(i, j, k), "voxel " + i + "," + j + "," + k);
                        }
                    }
                } finally {
                    v.release();
                    expected.release();
                }
            }
        }
    }

    /** Adding an instance to the series makes its plan stale; the next open builds the larger stack. */
    @Test
    void planIsRebuiltWhenTheSeriesGainsInstances(@TempDir Path dir) throws Exception {
        CtPhantom.PhantomSeries ct = CtPhantom.write(CtPhantom.Spec.defaults(10).withMatrix(32, 32), dir.resolve("ct"));
        Path later = Files.createDirectories(dir.resolve("later"));
        for (int k : new int[]{0, 9}) Files.move(ct.files().get(k), later.resolve("slice" + k + ".dcm"));
        try (StudyIndex index = StudyIndex.open(dir.resolve("data"))) {
            new Importer(index).importPaths(List.of(dir.resolve("ct")));
            String series = ct.seriesInstanceUid();
            assertEquals(1, OpenPlans.ensureAll(index));
            OpenPlanRow row = index.openPlansOf(ct.studyInstanceUid()).getFirst();
            assertTrue(row.current());
            assertEquals(8, row.stackSlices());
            long revision = index.revisionOf(series);

            assertEquals(2, new Importer(index).importPaths(List.of(later)).imported());
            assertTrue(index.revisionOf(series) > revision, "an added instance raises the revision");
            assertFalse(index.openPlansOf(ct.studyInstanceUid()).getFirst().current(), "the stored plan is stale");
            assertTrue(index.openPlan(series, OpenPlan.FORMAT).isEmpty(), "and not handed out");
            assertFalse(index.putOpenPlan(series, revision, OpenPlan.FORMAT, 8, 0, new byte[]{1}).join(),
                    "a plan built from the old rows is refused");

            OpenPlan plan = OpenPlans.of(index, series);
            assertEquals(10, plan.stackSlices());
            assertTrue(plan.stack().report().gaps().isEmpty());
            OpenPlans.ensureAll(index); // waits for the write (the open above does not)
            OpenPlanRow stored = index.openPlansOf(ct.studyInstanceUid()).getFirst();
            assertTrue(stored.current(), "the rebuilt plan is stored as current");
            assertEquals(10, stored.stackSlices());
            assertEquals(0, OpenPlans.ensureAll(index), "nothing left to build");
        }
    }

    /** An index written by schema 4 (no plans, no revisions) is migrated and its series open. */
    @Test
    void schemaFourIndexMigratesAndOpens(@TempDir Path dir) throws Exception {
        CtPhantom.PhantomSeries ct = CtPhantom.write(CtPhantom.Spec.defaults(6).withMatrix(32, 32), dir.resolve("ct"));
        Path data = dir.resolve("data");
        try (StudyIndex index = StudyIndex.open(data)) {
            new Importer(index).importPaths(List.of(dir.resolve("ct")));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("index.db"));
             Statement st = c.createStatement()) {
            st.execute("DROP TABLE open_plan");
            st.execute("ALTER TABLE series DROP COLUMN revision");
            st.execute("PRAGMA user_version = 4");
        }
        long parses = DicomReader.parseCount();
        try (StudyIndex index = StudyIndex.open(data); VolumeLoader loader = new VolumeLoader(2)) {
            OpenPlanRow row = index.openPlansOf(ct.studyInstanceUid()).getFirst();
            assertFalse(row.current(), "a migrated index has no plans yet");
            List<OpenPlans.Candidate> candidates = OpenPlans.candidates(index, ct.studyInstanceUid());
            assertEquals(6, candidates.getFirst().stackSlices());
            OpenPlan plan = OpenPlans.of(index, ct.seriesInstanceUid());
            assertNotNull(plan.stack());
            Volume v = StackLoader.load(plan.stack().toStack(), loader);
            Volume expected = StackLoader.load(IndexedStacks.open(index, ct.seriesInstanceUid()).largestStack(), loader);
            try {
                for (int k = 0; k < 6; k++) {
                    assertEquals(expected.stored(16, 16, k), v.stored(16, 16, k), "slice " + k);
                    assertEquals(expected.rescaleSlope(k), v.rescaleSlope(k));
                }
            } finally {
                v.release();
                expected.release();
            }
        }
        assertEquals(parses, DicomReader.parseCount(), "migrated and opened without a header parse");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("index.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            assertEquals(5, rs.getInt(1));
        }
    }

    private static void assertSameStack(Stack expected, Stack actual) {
        assertEquals(expected.slices().stream().map(SeriesSlice::ref).toList(), actual.slices().stream().map(SeriesSlice::ref).toList());
        // SeriesGeometry is a record of arrays (compared by identity): compare what it says
        SeriesGeometry e0 = expected.geometry().grid(), a0 = actual.geometry().grid();
        assertEquals(e0.toString().replaceAll("@\\w+", ""), a0.toString().replaceAll("@\\w+", ""));
        assertArrayEquals(e0.normal(), a0.normal(), 0);
        assertArrayEquals(e0.origin(), a0.origin(), 0);
        assertEquals(e0.sliceSpacing(), a0.sliceSpacing(), 0);
        assertEquals(e0.irregular(), a0.irregular());
        assertArrayEquals(expected.geometry().origins(), actual.geometry().origins());
        assertEquals(expected.report(), actual.report());
        for (int k = 0; k < expected.slices().size(); k++) {
            SeriesSlice e = expected.slices().get(k), a = actual.slices().get(k);
            assertEquals(e.frame(), a.frame(), "frame attributes of slice " + k);
            assertEquals(e.pixels(), a.pixels(), "pixel module of slice " + k);
            assertEquals(e.display(), a.display(), "display attributes of slice " + k);
        }
    }
}
