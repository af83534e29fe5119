package io.radstream.render;

import io.radstream.render.cuda.CudaRenderer;
import io.radstream.render.cuda.CudaRendererProvider;
import io.radstream.render.cuda.CudaUnavailableException;
import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CUDA backend. Without a GPU: it registers, fails to start with a clear reason, and
 * automatic selection passes it over. With one: reformats (thin planes, MIP/MinIP/average slabs)
 * match {@link CpuRenderer} (native slices are in {@link BackendParityTest}), and the memory budget
 * evicts least recently rendered volumes and frees released ones.
 */
class CudaRendererTest {
    private static final double C = 40, W = 400;
    private static BackendUnderTest<CudaRenderer> device;

    @BeforeAll
    static void start() {
        device = BackendUnderTest.cuda();
    }

    @AfterAll
    static void stop() {
        device.close();
    }

    @Test
    void registersAndExplainsWhyItCannotStart() {
        assertTrue(Backends.providers().stream().anyMatch(p -> p.name().equals("cuda")), "cuda registers itself");
        assertEquals("cuda", Backends.providers().getFirst().name(), "cuda is tried first");
        if (device.renderer != null) return;
        String unavailable = device.unavailable;
        assertTrue(unavailable.startsWith("unavailable: "), unavailable);
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> new CudaRendererProvider().create());
        assertEquals(unavailable, e.getMessage());
        try (Backends.Choice c = Backends.select(null)) {
            assertNotEquals("cuda", c.backend());
            assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("cuda: unavailable: ")), c.notes().toString());
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    static List<ViewState> mprStates(Vec focal) {
        List<ViewState> list = new ArrayList<>();
        for (Plane p : Plane.values()) {
            list.add(new ViewState(0, C, W, 1, 0, 0, 96, 80).withMpr(Mpr.of(p, focal)));
            list.add(new ViewState(0, C, W, 2.3, -7.5, 4.25, 257, 131).withMpr(Mpr.of(p, focal)));
            list.add(new ViewState(0, C, W, 0.7, 3, 1, 20, 20).withMpr(Mpr.of(p, focal))); // one tile
        }
        Vec r = Vec.X.rotate(Vec.Z, 0.4).rotate(Vec.Y, 0.3), d = Vec.Y.rotate(Vec.Z, 0.4).rotate(Vec.Y, 0.3);
        Mpr oblique = new Mpr(focal, r, d, 0, Mpr.Projection.AVG);
        list.add(new ViewState(0, C, W, 1.5, 0, 0, 200, 170).withMpr(oblique));
        Mpr coronal = Mpr.of(Plane.CORONAL, focal);
        // 1° off the grid: the per-sample slab path, which the kernel implements
        Mpr tilted = coronal.withDirections(coronal.right().rotate(Vec.Z, Math.toRadians(1)), coronal.down());
        for (Mpr.Projection pr : Mpr.Projection.values()) {
            // on the volume's grid: projected, then resampled (the slab kernels)
            list.add(new ViewState(0, C, W, 1.2, 0, 0, 128, 96).withMpr(coronal.withSlab(6, pr)));
            list.add(new ViewState(0, C, W, 1.2, 0, 0, 128, 96).withMpr(tilted.withSlab(6, pr)));
            list.add(new ViewState(0, C, W, 1, 2, 2, 111, 77).withMpr(oblique.withSlab(4.5, pr)));
        }
        list.add(new ViewState(0, 5.5, 1, 1, 0, 0, 64, 64).withMpr(Mpr.of(Plane.SAGITTAL, focal))); // 1-wide window
        return list;
    }

    /** Every state rendered and compared before failing, so one GPU run reports every mismatch. */
    private static void compare(Volume v, List<ViewState> states, boolean expectExact) {
        CpuRenderer cpu = new CpuRenderer();
        List<String> failures = new ArrayList<>();
        for (ViewState s : states) {
            Frame expected = cpu.render(s, v);
            Frame actual = device.renderer.render(s, v);
            Phantoms.Difference d = Phantoms.Difference.of(expected, actual);
            String path = GridAlignedSlab.of(s, v) != null ? "grid slab " : MprSampling.sampledVolume(s, v) != v ? "pyramid " : "";
            String what = "cuda " + path + v.photometric() + " " + s + ": " + d;
            System.out.println(what);
            boolean ok = d.maxLevels() <= 2 && d.fractionWithinOne() >= 0.999 && (!expectExact || d.fractionExact() == 1.0);
            if (!ok) failures.add(what);
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + states.size() + " views differ"
                + (expectExact ? " (expected exact)" : "") + ":\n" + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    @Test
    void reformatsMatchCpu() throws Exception {
        device.require();
        Volume ct = Phantoms.ct(96, 80, 12, "MONOCHROME2");
        Volume mono1 = Phantoms.ct(64, 64, 9, "MONOCHROME1");
        Volume oblique = MprVolumes.of(48, 40, 30, MprVolumes.obliqueOrientation(20, 15), 0.8, 0.6, 1.25,
                new Vec(1, -2, 3), 1, -1024, (x, y, z) -> 1024 + 10 * x - 7 * y + 13 * z + (x * y) % 50);
        try {
            // same doubles in the same order, no fused multiply-add: the kernel should agree exactly
            compare(ct, mprStates(new Vec(30, 20, 8)), true);
            compare(mono1, mprStates(new Vec(20, 16, 6)), true);
            compare(oblique, mprStates(new Vec(1, -2, 3)), true);
        } finally {
            ct.release();
            mono1.release();
            oblique.release();
        }
    }

    @Test
    void gridAlignedSlabsMatchCpu() throws Exception {
        device.require();
        // the volumes of GlGridSlabParityTest: oblique acquisition with odd sizes; MONOCHROME1 with an
        // intercept changing per slice (axial slabs reduce modality values); padding with alternating slopes
        Volume oblique = MprVolumes.of(43, 37, 21, MprVolumes.obliqueOrientation(23, 17), 0.65, 0.8, 1.7,
                new Vec(1.5, -2, 3), 1, -1024, (x, y, z) -> GlMprParityTest.field(x, y, z) + 1024);
        Volume mono1 = MprVolumes.of(44, 38, 21, MprVolumes.obliqueOrientation(-31, 9), 0.65, 0.8, 1.7,
                new Vec(1.5, -2, 3), 1, k -> -1024 + 7 * (k % 5), "MONOCHROME1", (x, y, z) -> GlMprParityTest.field(x, y, z) + 1024);
        Volume padded = Phantoms.ct(64, 48, 14, "MONOCHROME2");
        padded.describePixelPadding(24);
        try {
            for (double[] w : new double[][]{{200, 2500}, {40, 50}}) {
                for (double slab : new double[]{6, 200, 0.4}) compare(oblique, GlGridSlabParityTest.states(oblique, w[0], w[1], slab), true);
                compare(mono1, GlGridSlabParityTest.states(mono1, w[0], w[1], 7.5), true);
            }
            compare(padded, GlGridSlabParityTest.states(padded, 40, 400, 5), true);
            compare(padded, GlGridSlabParityTest.states(padded, -900, 50, 5), true);
        } finally {
            oblique.release();
            mono1.release();
            padded.release();
        }
    }

    @Test
    void shearedIrregularStackMatchesCpu() throws Exception {
        device.require();
        Volume sheared = GlMprParityTest.shearedStack();
        try {
            assertFalse(MprSampling.isRegular(sheared.stackGeometry()), "the stack is sheared");
            List<ViewState> states = new ArrayList<>(GlMprParityTest.states(200, 2500));
            states.addAll(GlMprParityTest.states(40, 50));
            compare(sheared, states, true);
        } finally {
            sheared.release();
        }
    }

    @Test
    void minifiedThickMipSamplesThePyramidLevel() throws Exception {
        device.require();
        Volume volume = GlMipPyramidParityTest.pyramidVolume();
        try {
            List<ViewState> states = GlMipPyramidParityTest.minifiedThickMips();
            assertTrue(states.stream().filter(s -> MprSampling.sampledVolume(s, volume) != volume).count() >= states.size() / 2);
            compare(volume, states, true);
        } finally {
            volume.release();
        }
    }

    @Test
    void budgetEvictsLeastRecentlyRenderedAndFreesReleased() throws Exception {
        device.require();
        Volume a = Phantoms.ct(64, 64, 8, "MONOCHROME2"), b = Phantoms.ct(64, 64, 8, "MONOCHROME2"),
                c = Phantoms.ct(64, 64, 8, "MONOCHROME2");
        long size = a.byteSize();
        System.setProperty(CudaRenderer.BUDGET_PROPERTY, Long.toString(size * 5 / 2));
        try (CudaRenderer small = CudaRenderer.create()) {
            assertEquals(size * 5 / 2, small.budgetBytes());
            ViewState s = new ViewState(3, C, W, 1, 0, 0, 64, 64);
            Frame fa = small.render(s, a);
            small.render(s, b);
            small.render(s, a); // b is now the least recently rendered
            small.render(s, c);
            assertTrue(small.isResident(a) && small.isResident(c), "a and c resident");
            assertFalse(small.isResident(b), "b evicted");
            assertEquals(2 * size, small.volumeBytes());
            assertArrayEquals(new CpuRenderer().render(s, b).gray(), small.render(s, b).gray(), "b uploaded again");
            assertFalse(small.isResident(a), "a evicted for b");
            c.release();
            c = null;
            small.render(s, b); // the next frame sweeps released volumes
            assertEquals(size, small.volumeBytes());
            assertArrayEquals(new CpuRenderer().render(s, a).gray(), fa.gray());
            Volume big = Phantoms.ct(64, 64, 24, "MONOCHROME2");
            try {
                assertThrows(UnsupportedViewException.class, () -> small.render(s, big));
            } finally {
                big.release();
            }
        } finally {
            System.clearProperty(CudaRenderer.BUDGET_PROPERTY);
            a.release();
            b.release();
            if (c != null) c.release();
        }
    }
}
