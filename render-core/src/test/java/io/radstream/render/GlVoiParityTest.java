package io.radstream.render;

import io.radstream.render.gl.GlRenderer;
import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GL backend against the CPU reference for the data set's own VOIs: LINEAR_EXACT and SIGMOID
 * windows (a wide one and a narrow W=50 one), a VOI LUT Sequence table, and Presentation LUT Shape
 * INVERSE — native slices, MPR planes and MIP / MinIP / AVG slabs — plus a MinIP slab of a volume
 * with Pixel Padding Value. The tolerance of {@link BackendParityTest}: ≤ 1 level on ≥ 99.9 % of
 * pixels, never more than 2 (native slices use the CPU's very table, so they must match exactly).
 */
class GlVoiParityTest {
    private static final double WITHIN_ONE = 0.999;
    private static final int MAX_LEVELS = 2;

    private static final List<Volume> opened = new ArrayList<>();
    private static BackendUnderTest<GlRenderer> gl;

    @BeforeAll
    static void setUp() {
        gl = BackendUnderTest.gl();
    }

    @AfterAll
    static void tearDown() {
        gl.close();
        opened.forEach(Volume::release);
    }

    /** A wide and a narrow window with the function, a 12-bit VOI LUT over −1024..3071 that is not a straight line. */
    static DisplayAttributes display(String function, String presentationShape) {
        int entries = 4096;
        int[] words = new int[entries];
        for (int i = 0; i < entries; i++) words[i] = (int) Math.round(4095 * Math.pow(i / 4095.0, 0.45));
        DisplayAttributes.Lut lut = new DisplayAttributes.Lut(new int[]{entries, -1024 & 0xFFFF, 12}, words, "GAMMA");
        return new DisplayAttributes(null, List.of(new DisplayAttributes.Window(300, 2600, "WIDE"),
                new DisplayAttributes.Window(40, 50, "NARROW")), function, List.of(lut), presentationShape);
    }

    static Volume volume(List<Volume> opened, DisplayAttributes d) throws Exception {
        Volume v = MprVolumes.of(44, 38, 21, MprVolumes.obliqueOrientation(23, 17), 0.65, 0.8, 1.7,
                new Vec(1.5, -2, 3), 1, k -> -1024 + 3 * (k % 4), "MONOCHROME2", d, (x, y, z) -> GlMprParityTest.field(x, y, z) + 1024);
        opened.add(v);
        return v;
    }

    /** Native slices at 1:1-ish and zoomed, and the reformats of {@link GlMprParityTest#states}. */
    static List<ViewState> states(VoiSelection voi) {
        List<ViewState> list = new ArrayList<>();
        for (ViewState s : GlMprParityTest.states(0, 100)) list.add(s.withVoi(voi, 0, 100));
        ViewState n = new ViewState(10, 0, 100, 1, 0, 0, 88, 76).withVoi(voi, 0, 100);
        list.add(n);
        list.add(n.withSlice(3).withZoom(2.3).withPan(7, -4));
        return list;
    }

    private static void compare(Volume v, VoiSelection voi) {
        compare(gl.require(), v, voi);
    }

    /** The backend against the CPU for every state of {@link #states}: the class's tolerance, native slices exact. */
    static void compare(Renderer backend, Volume v, VoiSelection voi) {
        CpuRenderer cpu = new CpuRenderer();
        for (ViewState s : states(voi)) {
            Frame expected = cpu.render(s, v);
            Frame actual = backend.render(s, v);
            Phantoms.Difference d = Phantoms.Difference.of(expected, actual);
            String what = backend.name() + " " + DisplayTables.voiName(v, s) + " " + s.mode() + " " + (s.mpr() == null ? "" : s.mpr().projection()
                    + " slab " + s.mpr().slabMm()) + " zoom " + s.zoom() + ": " + d;
            System.out.println(what);
            assertTrue(grays(expected) > 8, "the reference shows more than a few levels: " + what);
            assertTrue(d.maxLevels() <= MAX_LEVELS, what);
            assertTrue(d.fractionWithinOne() >= WITHIN_ONE, what);
            if (s.mpr() == null) assertTrue(d.maxLevels() == 0, "native slices share the CPU's table: " + what);
        }
    }

    private static int grays(Frame f) {
        boolean[] seen = new boolean[256];
        int n = 0;
        for (byte b : f.gray()) if (!seen[b & 0xFF]) {
            seen[b & 0xFF] = true;
            n++;
        }
        return n;
    }

    @Test
    void linearExactWideAndNarrowMatchCpu() throws Exception {
        Volume v = volume(opened, display("LINEAR_EXACT", null));
        compare(v, VoiSelection.preset(1)); // WIDE (preset 0 is the VOI LUT)
        compare(v, VoiSelection.preset(2)); // NARROW, W=50
    }

    @Test
    void sigmoidWideAndNarrowMatchCpu() throws Exception {
        Volume v = volume(opened, display("SIGMOID", null));
        compare(v, VoiSelection.preset(1));
        compare(v, VoiSelection.preset(2));
    }

    @Test
    void voiLutTableMatchesCpu() throws Exception {
        Volume v = volume(opened, display("LINEAR", null));
        compare(v, VoiSelection.preset(0));
    }

    @Test
    void presentationLutInverseMatchesCpu() throws Exception {
        Volume v = volume(opened, display("LINEAR", "INVERSE"));
        compare(v, VoiSelection.preset(2));
        compare(v, VoiSelection.preset(0));
        compare(v, VoiSelection.USER);
    }

    @Test
    void minipSlabSkipsPixelPaddingLikeCpu() throws Exception {
        minipSkipsPadding(gl.require(), opened);
    }

    /** MinIP slabs (grid-aligned and oblique) of a volume with Pixel Padding Value: the backend against the CPU. */
    static void minipSkipsPadding(Renderer backend, List<Volume> opened) throws Exception {
        // the phantom's air ring (stored 24) declared as padding: without the test it wins every MinIP near the edge
        Volume v = Phantoms.ct(64, 48, 14, "MONOCHROME2");
        opened.add(v);
        v.describePixelPadding(24);
        ViewState axial = new ViewState(0, 40, 400, 1, 0, 0, 96, 80).withMpr(Mpr.of(Plane.CORONAL, new Vec(16, 12, 9)));
        List<ViewState> list = List.of(axial.withMpr(axial.mpr().withSlab(8, Mpr.Projection.MINIP)),
                Gestures.rotateDrag(axial, 13, -7).withMpr(Gestures.rotateDrag(axial, 13, -7).mpr().withSlab(12, Mpr.Projection.MINIP)),
                new ViewState(0, 40, 400, 1, 0, 0, 96, 80).withMpr(Mpr.of(Plane.AXIAL, new Vec(16, 12, 9)).withSlab(10, Mpr.Projection.MINIP)));
        CpuRenderer cpu = new CpuRenderer();
        CpuRenderer cpuIgnoringPadding = new CpuRenderer(PixelPadding.NONE);
        for (ViewState s : list) {
            Frame expected = cpu.render(s, v);
            assertNotEquals(java.util.Arrays.toString(expected.gray()),
                    java.util.Arrays.toString(cpuIgnoringPadding.render(s, v).gray()), "padding changes this MinIP");
            Phantoms.Difference d = Phantoms.Difference.of(expected, backend.render(s, v));
            String what = backend.name() + " MinIP with padding " + s.mpr() + ": " + d;
            System.out.println(what);
            assertTrue(d.maxLevels() <= MAX_LEVELS, what);
            assertTrue(d.fractionWithinOne() >= WITHIN_ONE, what);
        }
    }
}
