package io.radstream.render;

import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A view a GPU backend refuses is rendered by the CPU reference, byte for byte. */
class CpuFallbackRendererTest {

    @Test
    void refusedViewsAreRenderedByTheCpu() throws Exception {
        Volume v = Phantoms.ct(40, 30, 3, "MONOCHROME2");
        try {
            Renderer refusing = new Renderer() {
                @Override public String name() { return "gpu"; }
                @Override public Frame render(ViewState s, Volume volume) { throw new UnsupportedViewException("gpu", "anything"); }
            };
            Renderer r = CpuFallbackRenderer.of(refusing);
            ViewState s = new ViewState(1, 40, 400, 1, 0, 0, 40, 30);
            assertEquals("gpu", r.name());
            assertArrayEquals(new CpuRenderer().render(s, v).gray(), r.render(s, v).gray());
            CpuRenderer cpu = new CpuRenderer();
            assertSame(cpu, CpuFallbackRenderer.of(cpu));
        } finally {
            v.release();
        }
    }
}
