package io.radstream.server.session;

import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.series.OpenPlans;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A study opened by the server from its open plan: no header parsed, the slice shown first holds
 * the values pydicom reads from that slice's file; after more slices of the series are imported
 * the next cold open shows the larger stack (the plan was stale and rebuilt).
 */
class OpenPlanStudyTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** Stored values of one file, row by row, as pydicom decodes them (no rescale). */
    private static final String STORED_VALUES = """
            import sys, pydicom
            a = pydicom.dcmread(sys.argv[1]).pixel_array
            print(' '.join(str(int(v)) for v in a.ravel()))
            """;

    @Test
    void openFromThePlanShowsTheFilesValuesAndFollowsAnImport(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs /usr/bin/python3 with pydicom");
        CtPhantom.PhantomSeries ct = CtPhantom.write(CtPhantom.Spec.defaults(20).withMatrix(48, 48), dir.resolve("ct"));
        Path later = Files.createDirectories(dir.resolve("later"));
        for (int k : new int[]{0, 19}) Files.move(ct.files().get(k), later.resolve("slice" + k + ".dcm"));
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            assertTrue(new Importer(index).importPaths(List.of(dir.resolve("ct"))).errors().isEmpty());
            assertEquals(1, OpenPlans.ensureAll(index), "import builds the series' plan");

            // volume slices go up from the feet, as the phantom's files: slice k of 18 is file k + 1
            assertMiddleSliceIs(index, 18, ct.files().get(9 + 1));

            assertEquals(2, new Importer(index).importPaths(List.of(later)).imported());
            assertMiddleSliceIs(index, 20, ct.files().get(10)); // the plan was stale: rebuilt from the rows
        }
    }

    /** A cold open (a fresh StudyVolumes): the volume's size and its middle slice against pydicom. */
    private static void assertMiddleSliceIs(StudyIndex index, int slices, Path file) throws Exception {
        long parses = DicomReader.parseCount();
        try (StudyVolumes volumes = new StudyVolumes(index, 2, Long.MAX_VALUE)) {
            StudyVolumes.Opened opened = volumes.open(index.listStudies().getFirst()).get();
            try {
                assertEquals(slices, opened.volume().slices());
                int k = slices / 2;
                assertTrue(opened.volume().isSliceReady(k), "the open completes with the middle slice loaded");
                String[] expected = pydicomStoredValues(file);
                assertEquals(48 * 48, expected.length);
                for (int j = 0; j < 48; j++) {
                    for (int i = 0; i < 48; i++) {
                        assertEquals(Integer.parseInt(expected[j * 48 + i]), opened.volume().stored(i, j, k), "voxel " + i + "," + j);
                    }
                }
                opened.load().done().join();
            } finally {
                opened.volume().release();
            }
        }
        assertEquals(parses, DicomReader.parseCount(), "opened without parsing a header");
    }

    private static String[] pydicomStoredValues(Path file) throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", STORED_VALUES, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out.split(" ");
    }
}
