package io.radstream.render;

import io.radstream.render.gl.GlRenderer;
import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thick MIP slab seen minified (a zoomed-out or reduced-scale interactive frame) samples a
 * {@link MipPyramid} level on the CPU; the GL backend samples the same level, so the parity of
 * {@link GlMprParityTest} holds there too (before, GL sampled full resolution and differed by the
 * pyramid's approximation).
 */
class GlMipPyramidParityTest {
    private static Volume volume;
    private static BackendUnderTest<GlRenderer> gl;

    @BeforeAll
    static void setUp() throws Exception {
        volume = pyramidVolume();
        gl = BackendUnderTest.gl();
    }

    @AfterAll
    static void tearDown() {
        gl.close();
        volume.release();
    }

    /** The volume of this test: complete, regular, one rescale (what a pyramid needs), oblique and anisotropic. */
    static Volume pyramidVolume() throws Exception {
        return MprVolumes.of(48, 40, 24, MprVolumes.obliqueOrientation(23, 17), 0.65, 0.8, 1.7,
                new Vec(1.5, -2, 3), 1, -1024, (x, y, z) -> GlMprParityTest.field(x, y, z) + 1024);
    }

    /** 40 mm MIP slabs, turned off the grid, at zooms 0.45, 0.2 and 0.1: most sample a pyramid level. */
    static List<ViewState> minifiedThickMips() {
        Vec focal = new Vec(1.2, -1.7, 2.9);
        List<ViewState> states = new ArrayList<>();
        for (double zoom : new double[]{0.45, 0.2, 0.1}) {
            for (double[] turn : new double[][]{{17, -11}, {-40, 25}}) {
                for (Plane p : new Plane[]{Plane.CORONAL, Plane.AXIAL}) {
                    ViewState base = new ViewState(0, 40, 400, zoom, 0, 0, 160, 140).withMpr(Mpr.of(p, focal));
                    ViewState oblique = Gestures.rotateDrag(base, turn[0], turn[1]);
                    states.add(oblique.withMpr(oblique.mpr().withSlab(40, Mpr.Projection.MIP)));
                }
            }
        }
        return states;
    }

    @Test
    void minifiedThickMipSamplesThePyramidLevelOnBothBackends() {
        GlRenderer renderer = gl.require();
        List<ViewState> states = minifiedThickMips();
        int onPyramid = 0;
        for (ViewState s : states) {
            if (MprSampling.sampledVolume(s, volume) != volume) onPyramid++;
            Frame expected = new CpuRenderer().render(s, volume), actual = renderer.render(s, volume);
            Phantoms.Difference d = Phantoms.Difference.of(expected, actual);
            String what = s + ": " + d;
            assertTrue(d.maxLevels() <= 2, what);
            assertTrue(d.fractionWithinOne() >= 0.999, what);
        }
        assertTrue(onPyramid >= states.size() / 2, onPyramid + " of " + states.size() + " views sample a pyramid level");
        ViewState coarse = states.get(states.size() - 1);
        assertNotSame(volume, MprSampling.sampledVolume(coarse, volume), "the most minified view uses the pyramid");
    }
}
