package io.radstream.render;

import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.series.SeriesFiles;
import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Geometry and pixels of reformats of a non-square, oblique CT phantom.
 *
 * <p>(a) A length measured in an oblique reformat equals the true patient distance between two
 * marker voxels (positions from the phantom's own geometry) within half the smallest voxel
 * spacing. (b) Every mode matches {@code reference/mpr_reference.py}, which reads the same DICOM
 * files with pydicom and resamples them with scipy's {@code map_coordinates(order=1)}: at most
 * 1 gray level off on ≥ 99.9% of pixels and never more than 2, pixels whose samples lie on the
 * volume's boundary (inside/outside decided by rounding) excepted and counted.
 */
class MprPhantomTest {
    /** 112 columns × 80 rows × 36 slices; 4.2 × 3.1 mm pixels, 5 mm slices; tilted 15° about z and 20° about x. */
    private static final CtPhantom.Spec SPEC = CtPhantom.Spec.defaults(36).withMatrix(80, 112).withPixelSpacing(4.2, 3.1)
            .withSliceSpacing(5).withOrientation(MprVolumes.obliqueOrientation(15, 20));

    @TempDir
    static Path dir;
    static Volume volume;
    static Vec centre;

    @BeforeAll
    static void writePhantom() throws Exception {
        CtPhantom.PhantomSeries series = CtPhantom.write(SPEC, dir.resolve("ct"));
        try (VolumeLoader loader = new VolumeLoader(2)) {
            volume = SeriesFiles.load(series.files(), loader);
        }
        centre = Vec.of(SPEC.centre());
    }

    @AfterAll
    static void release() {
        if (volume != null) volume.release();
    }

    // ---- (a) lengths ----

    @Test
    void lengthBetweenTwoMarkersInAnObliqueReformatIsTheTruePatientDistance() throws Exception {
        int[][] markers = {{7, 20, 25}, {26, 60, 80}}; // slice, row, column (0-based)
        Vec p1 = Vec.of(SPEC.patientPosition(markers[0][0], markers[0][1], markers[0][2]));
        Vec p2 = Vec.of(SPEC.patientPosition(markers[1][0], markers[1][1], markers[1][2]));
        double trueMm = p2.minus(p1).norm();
        Volume marked = withMarkers(markers, 3000);
        try {
            // the plane through both markers, the line between them rotated 25° from the viewport x axis
            Vec along = p2.minus(p1).unit();
            Vec down = along.cross(Vec.Z).unit();
            Mpr plane = new Mpr(p1.plus(p2).times(0.5), along, down, 0, Mpr.Projection.AVG);
            ViewState s = Gestures.rollPlane(new ViewState(0, 2300, 1400, 1.5, 0, 0, 700, 700).withMpr(plane), 25);
            Frame f = new CpuRenderer().render(s, marked);
            MprMapping map = MprMapping.of(marked.geometry(), s);
            double[] c1 = centroid(f, map, s.mpr().focal(), along, -1), c2 = centroid(f, map, s.mpr().focal(), along, 1);
            double measuredMm = Math.hypot(c2[0] - c1[0], c2[1] - c1[1]) * map.mmPerPixel();
            double halfVoxel = 0.5 * Math.min(SPEC.columnSpacingMm(), Math.min(SPEC.rowSpacingMm(), SPEC.sliceSpacingMm()));
            assertTrue(trueMm > 150, "markers far apart: " + trueMm);
            assertEquals(trueMm, measuredMm, halfVoxel, "measured in the reformat vs true distance, mm");
            // and each marker shows where the mapping says its patient position is
            for (double[] c : new double[][]{c1, c2}) {
                Vec p = map.patient(c[0], c[1]);
                double err = Math.min(p.minus(p1).norm(), p.minus(p2).norm());
                assertTrue(err < halfVoxel, "marker found " + err + " mm from its true position");
            }
        } finally {
            marked.release();
        }
    }

    /** Gray-weighted centroid (pixels) of the pixels on one side of the focal point along {@code along}. */
    private static double[] centroid(Frame f, MprMapping map, Vec focal, Vec along, int side) {
        double sw = 0, sx = 0, sy = 0;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int g = f.at(x, y);
                if (g == 0 || Math.signum(map.patient(x, y).minus(focal).dot(along)) != side) continue;
                sw += g;
                sx += g * x;
                sy += g * y;
            }
        }
        assertTrue(sw > 0, "marker not visible");
        return new double[]{sx / sw, sy / sw};
    }

    /** The phantom's slices (no files) with single bright voxels at the given slice/row/column indices. */
    private static Volume withMarkers(int[][] markers, int hu) throws Exception {
        List<SliceSource> list = new ArrayList<>();
        for (int k = 0; k < SPEC.slices(); k++) {
            int slice = k;
            list.add(new SliceSource(SPEC.slicePosition(k), SPEC.orientation(), new double[]{SPEC.rowSpacingMm(), SPEC.columnSpacingMm()},
                    SPEC.rows(), SPEC.columns(), 1, -1024, () -> {
                short[] h = CtPhantom.renderSlice(SPEC, slice);
                for (int[] m : markers) if (m[0] == slice) h[m[1] * SPEC.columns() + m[2]] = (short) hu;
                ByteBuffer b = ByteBuffer.allocate(h.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (short v : h) b.putShort((short) (v + 1024));
                return b.array();
            }));
        }
        try (VolumeLoader loader = new VolumeLoader(2)) {
            return loader.load(list, new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null));
        }
    }

    // ---- (b) against the independent reference ----

    @Test
    void axialMatchesReference() throws Exception {
        compare(view(Plane.AXIAL, 0, Mpr.Projection.AVG), 40, 400);
    }

    @Test
    void coronalMatchesReference() throws Exception {
        compare(view(Plane.CORONAL, 0, Mpr.Projection.AVG), 40, 400);
    }

    @Test
    void sagittalMatchesReference() throws Exception {
        compare(view(Plane.SAGITTAL, 0, Mpr.Projection.AVG), 40, 400);
    }

    @Test
    void obliqueMatchesReference() throws Exception {
        ViewState s = Gestures.rollPlane(Gestures.rotateDrag(view(Plane.CORONAL, 0, Mpr.Projection.AVG), 50, 30), 10);
        compare(s, 40, 400);
    }

    @Test
    void mipSlabMatchesReference() throws Exception {
        compare(view(Plane.AXIAL, 20, Mpr.Projection.MIP), 300, 1500);
    }

    @Test
    void minipSlabMatchesReference() throws Exception {
        compare(view(Plane.CORONAL, 20, Mpr.Projection.MINIP), -600, 1500);
    }

    @Test
    void avgSlabMatchesReference() throws Exception {
        compare(Gestures.rotateDrag(view(Plane.SAGITTAL, 15, Mpr.Projection.AVG), 20, 0), 40, 400);
    }

    private static ViewState view(Plane plane, double slab, Mpr.Projection p) {
        ViewState s = new ViewState(0, 40, 400, 1.6, 3, -2, 176, 144).withMpr(Mpr.of(plane, centre.plus(new Vec(4, -6, 9))));
        return slab > 0 ? Gestures.slab(s, slab, p) : s;
    }

    // ---- the data's own VOI presets in reformats (SIGMOID, LINEAR_EXACT, Presentation LUT INVERSE) ----

    /** The phantom's files rewritten with dcmodify: its two windows (SOFT TISSUE 40/400, LUNG −600/1500) get the function. */
    private static Volume rewritten(String name, String function, String shape) throws Exception {
        Path folder = dir.resolve(name);
        if (!Files.isDirectory(folder)) {
            try (var files = Files.list(dir.resolve("ct"))) {
                DcmodifiedCopies.write(folder, files.toList(), "(0028,1056)=" + function, "(2050,0020)=" + shape);
            }
        }
        try (VolumeLoader loader = new VolumeLoader(2); var files = Files.list(folder)) {
            return SeriesFiles.load(files.sorted().toList(), loader);
        }
    }

    @Test
    void sigmoidPresetInverseInAnObliqueSlabMatchesReference() throws Exception {
        Volume v = rewritten("ct-sigmoid", "SIGMOID", "INVERSE");
        try {
            ViewState s = Gestures.rotateDrag(view(Plane.CORONAL, 12, Mpr.Projection.AVG), 30, 10)
                    .withVoi(VoiSelection.preset(0), 40, 400); // SOFT TISSUE, SIGMOID
            assertEquals("SOFT TISSUE", DisplayTables.voiName(v, s.withMpr(null).withSlice(v.slices() / 2)));
            compare(v, "ct-sigmoid", s, 40, 400, "SIGMOID", true);
        } finally {
            v.release();
        }
    }

    @Test
    void linearExactPresetInAMipSlabMatchesReference() throws Exception {
        Volume v = rewritten("ct-linear-exact", "LINEAR_EXACT", "IDENTITY");
        try {
            compare(v, "ct-linear-exact", view(Plane.AXIAL, 20, Mpr.Projection.MIP).withVoi(VoiSelection.preset(1), -600, 1500),
                    -600, 1500, "LINEAR_EXACT", false);
        } finally {
            v.release();
        }
    }

    private static void compare(ViewState view, double c, double w) throws Exception {
        compare(volume, "ct", view.withWindow(c, w), c, w, "LINEAR", false);
    }

    /** {@code s} rendered from {@code v} against the reference on the files in {@code folder} with that VOI. */
    private static void compare(Volume volume, String folder, ViewState s, double c, double w, String function, boolean invert)
            throws Exception {
        Assumptions.assumeTrue(pythonReady(), "python3-pydicom, python3-numpy and python3-scipy needed for the reference: "
                + "apt-get install python3-pydicom python3-numpy python3-scipy");
        Frame f = new CpuRenderer().render(s, volume);
        Path out = Files.createTempFile(dir, "ref", ".raw");
        List<String> cmd = ReformatReference.command("mpr_reference.py", dir.resolve(folder), out, s, volume);
        cmd.add(s.mpr().slabMm() > 0 ? s.mpr().projection().name().toLowerCase(Locale.ROOT) : "avg");
        cmd.add("" + c);
        cmd.add("" + w);
        cmd.add(function);
        cmd.add(invert ? "1" : "0");
        ReformatReference.run(cmd);
        byte[] ref = Files.readAllBytes(out), edge = Files.readAllBytes(Path.of(out + ".edge"));
        assertEquals(f.gray().length, ref.length);
        int off1 = 0, worst = 0, edges = 0, nonBlack = 0;
        for (int n = 0; n < ref.length; n++) {
            int d = Math.abs((f.gray()[n] & 0xFF) - (ref[n] & 0xFF));
            if (ref[n] != 0 && ref[n] != (byte) 255) nonBlack++;
            if (edge[n] != 0) {
                edges++;
                continue;
            }
            if (d > 1) off1++;
            worst = Math.max(worst, d);
        }
        String summary = s.mpr() + ": " + off1 + " of " + ref.length + " pixels > 1 gray level off, worst " + worst
                + ", " + edges + " boundary pixels skipped, " + nonBlack + " non-black";
        System.out.println(summary);
        assertTrue(nonBlack > ref.length / 6, "the view should show the body: " + summary);
        assertTrue(edges < ref.length / 100, summary);
        assertTrue(off1 <= ref.length / 1000, summary);
        assertTrue(worst <= 2, summary);
    }

    private static Boolean ready;

    static synchronized boolean pythonReady() {
        if (ready == null) {
            try {
                Process p = new ProcessBuilder(ReformatReference.PYTHON, "-c", "import pydicom, numpy, scipy.ndimage").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                ready = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (Exception e) {
                ready = false;
            }
        }
        return ready;
    }
}
