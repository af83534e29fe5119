package io.radstream.render;

import io.radstream.render.gl.GlRenderer;
import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GL pass against the CPU for grid-aligned slabs (project, then resample; {@link GridAlignedSlab}):
 * MIP, MinIP (with Pixel Padding Value) and AVG on the grid's axial, coronal and sagittal views,
 * zoomed and panned, a wide and a narrow (W 50) window; the tolerance of {@link GlMprParityTest}
 * (≤ 1 level on ≥ 99.9 % of pixels, never more than 2).
 */
class GlGridSlabParityTest {
    private static final double WITHIN_ONE = 0.999;
    private static final int MAX_LEVELS = 2;

    private static Volume oblique, mono1, padded;
    private static BackendUnderTest<GlRenderer> gl;

    @BeforeAll
    static void setUp() throws Exception {
        // anisotropic, obliquely acquired: "grid aligned" means its own index axes; odd sizes leave
        // the CPU's paired (two voxels per int) loops a last voxel of their own
        oblique = MprVolumes.of(43, 37, 21, MprVolumes.obliqueOrientation(23, 17), 0.65, 0.8, 1.7,
                new Vec(1.5, -2, 3), 1, -1024, (x, y, z) -> GlMprParityTest.field(x, y, z) + 1024);
        // MONOCHROME1, and an intercept that changes from slice to slice (axial slabs reduce modality values)
        mono1 = MprVolumes.of(44, 38, 21, MprVolumes.obliqueOrientation(-31, 9), 0.65, 0.8, 1.7,
                new Vec(1.5, -2, 3), 1, k -> -1024 + 7 * (k % 5), "MONOCHROME1", (x, y, z) -> GlMprParityTest.field(x, y, z) + 1024);
        // the CT phantom's air ring (stored 24) declared padding; slopes alternate 1 and 0.5 from slice to slice
        padded = Phantoms.ct(64, 48, 14, "MONOCHROME2");
        padded.describePixelPadding(24);
        gl = BackendUnderTest.gl();
    }

    @AfterAll
    static void tearDown() {
        gl.close();
        oblique.release();
        mono1.release();
        padded.release();
    }

    /** Axial, coronal and sagittal views of the volume's own grid, each projection, plain and zoomed/panned. */
    static List<ViewState> states(Volume v, double center, double width, double slab) {
        SeriesGeometry g = v.geometry();
        Vec r = Vec.of(g.rowDirection()).unit(), c = Vec.of(g.columnDirection()).unit(), n = Vec.of(g.normal()).unit();
        Vec focal = VolumeMip.centre(g).plus(r.times(1.3)).minus(c.times(0.9));
        Vec[][] planes = {{r, c}, {r, n.times(-1)}, {c.times(-1), n.times(-1)}};
        int[][] sizes = {{96, 96}, {131, 97}, {64, 150}};
        List<ViewState> list = new ArrayList<>();
        for (int p = 0; p < planes.length; p++) {
            for (Mpr.Projection proj : Mpr.Projection.values()) {
                ViewState s = new ViewState(0, center, width, 1, 0, 0, sizes[p][0], sizes[p][1])
                        .withMpr(new Mpr(focal, planes[p][0], planes[p][1], slab, proj));
                list.add(s);
                list.add(s.withZoom(2.7).withPan(-13.5, 9.25));
            }
        }
        return list;
    }

    private static void compare(Volume v, double center, double width, double slab) {
        GlRenderer renderer = gl.require();
        CpuRenderer cpu = new CpuRenderer();
        for (ViewState s : states(v, center, width, slab)) {
            assertNotNull(GridAlignedSlab.of(s, v), "grid aligned: " + s.mpr());
            Frame expected = cpu.render(s, v);
            Phantoms.Difference d = Phantoms.Difference.of(expected, renderer.render(s, v));
            String what = "gl grid slab " + s.mpr().projection() + " " + s.mpr().slabMm() + " mm, right " + s.mpr().right()
                    + " zoom " + s.zoom() + " W" + width + ": " + d;
            System.out.println(what);
            assertTrue(d.maxLevels() <= MAX_LEVELS, what);
            assertTrue(d.fractionWithinOne() >= WITHIN_ONE, what);
        }
    }

    @Test
    void wideWindowMatchesCpu() {
        compare(oblique, 200, 2500, 6);
    }

    @Test
    void narrowWindowMatchesCpu() {
        compare(oblique, 40, 50, 6);
    }

    @Test
    void monochrome1WithPerSliceRescaleMatchesCpu() {
        compare(mono1, 200, 2500, 7.5);
        compare(mono1, 40, 50, 7.5);
    }

    @Test
    void minipSkipsPaddingAndAlternatingSlopesMatchCpu() {
        compare(padded, 40, 400, 5);
        compare(padded, -900, 50, 5);
    }

    @Test
    void fullVolumeAndSubVoxelSlabsMatchCpu() {
        compare(oblique, 200, 2500, 200);
        compare(oblique, 40, 50, 0.4);
    }
}
