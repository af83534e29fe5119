package io.radstream.volume.store;

import io.radstream.volume.phantom.CtPhantom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A series' lossy-compression history from the index, on files made by real tools: gdcmconv's
 * lossy JPEG 2000 (which states each slice's ratio, about 10), dcmodify declaring an earlier JPEG compression on
 * uncompressed pixels, and lossy JPEG 2000 whose statement was erased (the ratio is then measured).
 */
class LossinessIndexTest {
    @TempDir
    Path dir;

    @Test
    void statedRatioMethodAndMeasuredRatioReachTheNotice() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gdcmconv")), "gdcmconv not installed: apt-get install libgdcm-tools");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dcmodify")), "dcmodify not installed: apt-get install dcmtk");
        List<Path> plain = series("plain");
        List<Path> j2k = series("j2k");
        for (Path f : j2k) run("gdcmconv", "-K", "-Y", "-r", "10", f.toString(), f.toString());
        List<Path> declared = series("declared");
        for (Path f : declared) run("dcmodify", "-nb", "-i", "(0028,2110)=01", "-i", "(0028,2112)=8.5", "-i", "(0028,2114)=ISO_10918_1", f.toString());
        List<Path> erased = series("erased");
        for (Path f : erased) {
            run("gdcmconv", "-K", "-Y", "-r", "10", f.toString(), f.toString());
            run("dcmodify", "-nb", "-ea", "(0028,2110)", "-ea", "(0028,2112)", f.toString());
        }
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            List<Path> all = new ArrayList<>(List.of(dir.resolve("plain"), dir.resolve("j2k"), dir.resolve("declared"), dir.resolve("erased")));
            assertTrue(new Importer(index).importPaths(all).errors().isEmpty());
            var studies = index.listStudies();
            assertEquals(4, studies.size(), "one phantom study per directory");
            int seen = 0;
            for (var study : studies) {
                for (SeriesRecord series : index.seriesOf(study.studyInstanceUid())) {
                    SeriesLossiness l = index.lossinessOf(series.seriesInstanceUid());
                    String file = index.instancesOf(series.seriesInstanceUid()).getFirst().transferSyntaxUid();
                    String notice = l.notice();
                    if (!l.lossy()) {
                        assertEquals("1.2.840.10008.1.2.1", file);
                        assertNull(notice);
                    } else if (l.declared() && l.lossySyntax() != null) { // gdcmconv: states 10.05
                        // gdcmconv states each slice's achieved ratio, about 10
                        assertTrue(l.minStatedRatio() > 9.5 && l.maxStatedRatio() < 10.5, l.minStatedRatio() + " to " + l.maxStatedRatio());
                        assertTrue(notice.matches("Source images are lossy-compressed \\(JPEG 2000 Image Compression, ratio 1\\d(\\.\\d)?:1( to 1\\d(\\.\\d)?:1)?\\)"), notice);
                        assertTrue(l.measuredRatio() > 5 && l.measuredRatio() < 20, "measured " + l.measuredRatio());
                    } else if (l.declared()) { // dcmodify: an earlier JPEG, pixels now uncompressed
                        assertEquals("Source images are lossy-compressed (ISO_10918_1, ratio 8.5:1)", notice);
                    } else { // lossy syntax, statement erased: measured from the index
                        assertFalse(Double.isNaN(l.measuredRatio()));
                        assertTrue(notice.startsWith("Source images are lossy-compressed (JPEG 2000 Image Compression, ratio ") && notice.endsWith(":1 measured)"), notice);
                    }
                    seen++;
                }
            }
            assertEquals(4, seen);
        }
    }

    /** Three phantom CT slices of their own study in {@code dir/name}. */
    private List<Path> series(String name) throws Exception {
        return CtPhantom.write(CtPhantom.Spec.defaults(3).withMatrix(96, 96), dir.resolve(name)).files();
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }
}
