package io.radstream.render;

import io.radstream.render.gl.GlRenderer;
import io.radstream.render.gl.GlUnavailableException;
import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mapped copy behind {@link ModalityLutReformats}: built once per volume, freed with it; and
 * the GL backend through the decorator against the CPU through it ({@link GlMprParityTest}'s
 * views and tolerance: ≤ 1 level on ≥ 99.9 % of pixels, never more than 2).
 */
class ModalityLutCopyTest {
    /** A gamma 0.6 curve over stored 0..4095 to 16 bits: non-linear, so blending stored values would show. */
    static DisplayAttributes gammaLut() {
        int[] words = new int[4096];
        for (int i = 0; i < words.length; i++) words[i] = (int) Math.round(65535 * Math.pow(i / 4095.0, 0.6));
        return new DisplayAttributes(new DisplayAttributes.Lut(new int[]{4096, 0, 16}, words, "gamma 0.6"),
                List.of(new DisplayAttributes.Window(30000, 20000, "LUT SOFT")), "LINEAR", List.of(), null);
    }

    static Volume lutVolume() throws Exception {
        // GlMprParityTest's anisotropic, obliquely acquired field; the rescale is ignored where a LUT is present
        return MprVolumes.of(44, 38, 21, MprVolumes.obliqueOrientation(23, 17), 0.65, 0.8, 1.7, new Vec(1.5, -2, 3), 1,
                k -> -1024, "MONOCHROME2", gammaLut(), (x, y, z) -> GlMprParityTest.field(x, y, z) + 1024);
    }

    @Test
    void theCopyIsBuiltOnceAndFreedWithItsVolume() throws Exception {
        long before = Volume.residentBytes();
        Volume v = lutVolume();
        Renderer r = ModalityLutReformats.of(new CpuRenderer());
        ViewState plane = new ViewState(0, 30000, 20000, 1, 0, 0, 96, 96).withMpr(Mpr.of(Plane.CORONAL, new Vec(1.2, -1.7, 2.9)));
        r.render(plane, v);
        Volume copy = ModalityLutReformats.mappedCopy(v);
        r.render(Gestures.rotateDrag(plane, 20, 10), v);
        assertSame(copy, ModalityLutReformats.mappedCopy(v), "one copy per volume");
        assertEquals(before + 2 * v.byteSize(), Volume.residentBytes(), "the volume and one copy");
        r.render(plane.withMpr(plane.mpr().withSlab(12, Mpr.Projection.MIP)).withZoom(0.3), v); // a pyramid of the copy, too
        v.release();
        assertEquals(before, Volume.residentBytes(), "the copy (and what was derived from it) freed with the volume");
    }

    @Test
    void glThroughTheDecoratorMatchesTheCpu() throws Exception {
        GlRenderer gl;
        try {
            gl = GlRenderer.create();
        } catch (GlUnavailableException e) {
            Assumptions.abort("GL not available here: " + e.getMessage());
            return;
        }
        Volume v = lutVolume();
        try {
            Renderer cpu = ModalityLutReformats.of(new CpuRenderer()), onGl = ModalityLutReformats.of(gl);
            int views = 0, worst = 0;
            double within = 1;
            for (double[] window : new double[][]{{30000, 40000}, {30000, 3000}}) {
                for (ViewState s : GlMprParityTest.states(window[0], window[1])) {
                    Phantoms.Difference d = Phantoms.Difference.of(cpu.render(s, v), onGl.render(s, v));
                    String what = "MLUT gl " + s.mpr() + " W" + window[1] + ": " + d;
                    assertTrue(d.maxLevels() <= 2, what);
                    assertTrue(d.fractionWithinOne() >= 0.999, what);
                    views++;
                    worst = Math.max(worst, d.maxLevels());
                    within = Math.min(within, d.fractionWithinOne());
                }
            }
            System.out.printf("MLUT gl parity: %d views, worst %d levels, within one level on at least %.6f%n", views, worst, within);
        } finally {
            v.release();
            gl.close();
        }
    }
}
