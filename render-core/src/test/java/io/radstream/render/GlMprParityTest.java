package io.radstream.render;

import io.radstream.render.gl.GlRenderer;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.series.SeriesPartition;
import io.radstream.volume.series.SeriesSlice;
import io.radstream.volume.series.SliceRef;
import io.radstream.volume.series.Stack;
import io.radstream.volume.series.StackLoader;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GL reformat pass against {@link CpuMpr} on an anisotropic, obliquely acquired volume:
 * standard and oblique planes, MIP / MinIP / AVG slabs, zoom and pan, a wide and a narrow window;
 * the tolerance of {@link BackendParityTest} (≤ 1 level on ≥ 99.9 % of pixels, never more than 2).
 */
class GlMprParityTest {
    private static final double WITHIN_ONE = 0.999;
    private static final int MAX_LEVELS = 2;

    private static Volume volume, mono1, sheared;
    private static BackendUnderTest<GlRenderer> gl;

    /** Soft gradients, a dense sphere, a dark tube and fine ripples: every slab mode sees structure. */
    static double field(double x, double y, double z) {
        double v = 40 + 3 * x - 2 * y + 1.5 * z + 60 * Math.sin(x * 0.7) * Math.cos(y * 0.5 + z * 0.3);
        if ((x - 4) * (x - 4) + (y + 3) * (y + 3) + (z - 2) * (z - 2) < 64) v += 900;
        if ((x + 6) * (x + 6) + (z + 4) * (z + 4) < 16) v -= 700;
        return v;
    }

    @BeforeAll
    static void setUp() throws Exception {
        // 44 × 38 × 21 voxels of 0.8 × 0.65 mm, 1.7 mm apart, rotated 23° about z and 17° about x
        volume = MprVolumes.of(44, 38, 21, MprVolumes.obliqueOrientation(23, 17), 0.65, 0.8, 1.7,
                new Vec(1.5, -2, 3), 1, -1024, (x, y, z) -> field(x, y, z) + 1024);
        // MONOCHROME1, and an intercept that changes from slice to slice
        mono1 = MprVolumes.of(44, 38, 21, MprVolumes.obliqueOrientation(-31, 9), 0.65, 0.8, 1.7,
                new Vec(1.5, -2, 3), 1, k -> -1024 + 7 * (k % 5), "MONOCHROME1", (x, y, z) -> field(x, y, z) + 1024);
        sheared = shearedStack();
        gl = BackendUnderTest.gl();
    }

    @AfterAll
    static void tearDown() {
        gl.close();
        volume.release();
        mono1.release();
        sheared.release();
    }

    static List<ViewState> states(double center, double width) {
        Vec focal = new Vec(1.2, -1.7, 2.9);
        List<ViewState> list = new ArrayList<>();
        int[][] sizes = {{96, 96}, {131, 97}, {64, 150}};
        int i = 0;
        for (Plane p : Plane.values()) {
            ViewState base = new ViewState(0, center, width, 1, 0, 0, sizes[i][0], sizes[i][1]).withMpr(Mpr.of(p, focal));
            i++;
            list.add(base);
            list.add(base.withZoom(2.7).withPan(-13.5, 9.25));
            ViewState oblique = Gestures.rotateDrag(base, 17, -11);
            list.add(oblique);
            list.add(oblique.withZoom(0.7).withPan(5, -3));
            for (Mpr.Projection proj : Mpr.Projection.values()) {
                list.add(base.withMpr(base.mpr().withSlab(6, proj)));
                list.add(oblique.withMpr(oblique.mpr().withSlab(11.3, proj)).withZoom(1.6));
            }
        }
        return list;
    }

    /** A gantry-tilted stack (20°) with a doubled gap between slices 8 and 9: the shader's per-slice-origin path. */
    static Volume shearedStack() throws Exception {
        int cols = 30, rows = 24, n = 16;
        double ps = 2, tilt = Math.toRadians(20);
        List<SeriesSlice> slices = new ArrayList<>();
        double z = -20;
        for (int k = 0; k < n; k++) {
            z += k == 9 ? 6 : 3;
            double[] origin = {-29, -23 + Math.tan(tilt) * z, z};
            double[] o = origin.clone();
            FrameAttributes f = new FrameAttributes(1, origin, new double[]{1, 0, 0, 0, 1, 0}, new double[]{ps, ps}, 3.0, 1,
                    -1024 + 3 * (k % 4), null, null, "ORIGINAL\\PRIMARY\\AXIAL", null, null, null, null, null);
            PixelDescription d = new PixelDescription(rows, cols, 1, 1, 16, 16, 15, true, "MONOCHROME2", 0, Tag.PixelData);
            slices.add(new SeriesSlice(new SliceRef("1.2.3." + (k + 1), k + 1, 1), f, d, () -> {
                ByteBuffer b = ByteBuffer.allocate(rows * cols * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (int j = 0; j < rows; j++) for (int i = 0; i < cols; i++) {
                    b.putShort((short) Math.round(field(o[0] + i * ps, o[1] + j * ps, o[2]) + 1024));
                }
                return b.array();
            }));
        }
        Stack stack = SeriesPartition.of(slices).stacks().getFirst();
        try (VolumeLoader loader = new VolumeLoader(1)) {
            return StackLoader.load(stack, loader);
        }
    }

    private static void compare(double center, double width) {
        compare(volume, center, width);
    }

    private static void compare(Volume volume, double center, double width) {
        GlRenderer renderer = gl.require();
        CpuRenderer cpu = new CpuRenderer();
        double worstWithin = 1;
        int worstMax = 0;
        for (ViewState s : states(center, width)) {
            Frame expected = cpu.render(s, volume);
            Frame actual = renderer.render(s, volume);
            Phantoms.Difference d = Phantoms.Difference.of(expected, actual);
            String what = "gl MPR " + s.mpr() + " zoom " + s.zoom() + " " + s.viewportWidth() + "x" + s.viewportHeight()
                    + " W" + width + ": " + d;
            System.out.println(what);
            assertTrue(distinct(expected) > 8, "the reference shows structure: " + what);
            worstWithin = Math.min(worstWithin, d.fractionWithinOne());
            worstMax = Math.max(worstMax, d.maxLevels());
            assertTrue(d.maxLevels() <= MAX_LEVELS, what);
            assertTrue(d.fractionWithinOne() >= WITHIN_ONE, what);
        }
        System.out.printf("GLMPR worst: within one %.6f, max %d levels (C%s W%s)%n", worstWithin, worstMax, center, width);
    }

    private static int distinct(Frame f) {
        boolean[] seen = new boolean[256];
        int n = 0;
        for (int y = 0; y < f.height(); y++) for (int x = 0; x < f.width(); x++) if (!seen[f.at(x, y)]) {
            seen[f.at(x, y)] = true;
            n++;
        }
        return n;
    }

    @Test
    void wideWindowMatchesCpu() {
        compare(200, 2500);
    }

    @Test
    void narrowWindowMatchesCpu() {
        compare(40, 50);
    }

    @Test
    void monochrome1WithPerSliceRescaleMatchesCpu() {
        compare(mono1, 200, 2500);
        compare(mono1, 40, 50);
    }

    @Test
    void shearedIrregularStackMatchesCpu() {
        assertTrue(!MprSampling.isRegular(sheared.stackGeometry()), "the stack is sheared");
        compare(sheared, 200, 2500);
        compare(sheared, 40, 50);
    }
}
