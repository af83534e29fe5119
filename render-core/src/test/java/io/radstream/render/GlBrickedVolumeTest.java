package io.radstream.render;

import io.radstream.render.gl.GlRenderer;
import io.radstream.render.gl.GlUnavailableException;
import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Volumes longer than the driver's array-texture layer limit (2048 on most GPUs, so a 5000-slice
 * CT angiogram) are split into several textures of consecutive slices. Here the limit is lowered
 * so that a 21-slice volume needs 5 textures, the last of one slice: every reformat and slab must
 * come out byte for byte as from one texture, which the parity tests hold to the CPU.
 */
class GlBrickedVolumeTest {
    private static Volume volume;
    private static GlRenderer whole, bricked, tooManyBricks;
    private static String unavailable;

    @BeforeAll
    static void setUp() throws Exception {
        volume = MprVolumes.of(44, 38, 21, MprVolumes.obliqueOrientation(23, 17), 0.65, 0.8, 1.7,
                new Vec(1.5, -2, 3), 1, k -> -1024 + 7 * (k % 5), "MONOCHROME2",
                (x, y, z) -> GlMprParityTest.field(x, y, z) + 1024);
        try {
            whole = GlRenderer.create();
            bricked = GlRenderer.create(5);       // 21 slices: textures of 5, 5, 5, 5 and 1
            tooManyBricks = GlRenderer.create(2); // 11 textures: more than the shader samples
        } catch (GlUnavailableException e) {
            unavailable = e.getMessage();
        }
    }

    @AfterAll
    static void tearDown() {
        for (GlRenderer r : new GlRenderer[]{whole, bricked, tooManyBricks}) if (r != null) r.close();
        volume.release();
    }

    private static void assumeGl() {
        Assumptions.assumeTrue(tooManyBricks != null, () -> "EGL/OpenGL cannot be created here: " + unavailable);
    }

    private static List<ViewState> states() {
        List<ViewState> list = new ArrayList<>(GlMprParityTest.states(40, 400));
        list.addAll(GlMprParityTest.states(60, 50));
        list.addAll(GlGridSlabParityTest.states(volume, 40, 400, 9.5)); // grid-aligned slabs reduce across bricks
        list.addAll(GlGridSlabParityTest.states(volume, 40, 400, 100)); // the whole volume, every brick
        return list;
    }

    @Test
    void reformatsAndSlabsAcrossTexturesEqualOneTexture() {
        assumeGl();
        List<ViewState> states = states();
        long lit = 0;
        for (ViewState s : states) {
            byte[] expected = whole.render(s, volume).gray();
            assertArrayEquals(expected, bricked.render(s, volume).gray(), s.toString());
            for (byte b : expected) if (b != 0) lit++;
        }
        assertTrue(lit > states.size() * 500L, "the views show the volume, not black frames");
    }

    @Test
    void moreTexturesThanTheShaderSamplesFallBackToTheCpu() {
        assumeGl();
        ViewState coronal = GlMprParityTest.states(40, 400).get(4);
        UnsupportedViewException e = assertThrows(UnsupportedViewException.class, () -> tooManyBricks.render(coronal, volume));
        assertTrue(e.getMessage().contains("21 slices"), e.getMessage());
        Frame viaFallback = CpuFallbackRenderer.of(tooManyBricks).render(coronal, volume);
        assertArrayEquals(new CpuRenderer().render(coronal, volume).gray(), viaFallback.gray());
        // native slices sample one texture at a time and need no fallback
        ViewState slice = new ViewState(19, 40, 400, 1, 0, 0, 64, 64);
        assertArrayEquals(new CpuRenderer().render(slice, volume).gray(), tooManyBricks.render(slice, volume).gray());
    }
}
