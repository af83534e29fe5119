package io.radstream.render;

import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Backend selection: priority order, software GL never chosen automatically, forcing by name. */
class BackendsTest {

    private record Fake(String name, int priority, boolean software, String unavailable) implements RendererProvider {
        @Override
        public Created create() throws BackendUnavailableException {
            if (unavailable != null) throw new BackendUnavailableException(unavailable);
            CpuRenderer cpu = new CpuRenderer();
            return new Created(new Renderer() {
                @Override
                public String name() {
                    return Fake.this.name;
                }

                @Override
                public Frame render(ViewState s, io.radstream.volume.series.Volume v) {
                    return cpu.render(s, v);
                }
            }, name + "-device", software);
        }
    }

    private static final RendererProvider CPU = new CpuRendererProvider();

    @Test
    void firstWorkingBackendInPriorityOrderWins() {
        Backends.Choice c = Backends.select(null, List.of(
                new Fake("cuda", 0, false, "libcuda.so not found"), new Fake("gl", 10, false, null), CPU));
        assertEquals("gl", c.backend());
        assertEquals("gl-device", c.device());
        assertEquals(List.of("cuda: libcuda.so not found"), c.notes());
        assertTrue(c.describe().startsWith("gl (gl-device)"), c.describe());
    }

    @Test
    void softwareGlIsNotChosenAutomatically() {
        Backends.Choice c = Backends.select("auto", List.of(new Fake("gl", 10, true, null), CPU));
        assertEquals("cpu", c.backend());
        assertInstanceOf(CpuRenderer.class, c.renderer());
        assertTrue(c.notes().getFirst().contains("software"), c.notes().toString());
    }

    @Test
    void forcedBackendIsTakenEvenInSoftware() {
        Backends.Choice c = Backends.select("GL", List.of(new Fake("gl", 10, true, null), CPU));
        assertEquals("gl", c.backend());
        assertTrue(c.software());
    }

    @Test
    void forcedBackendThatCannotStartFailsLoudly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Backends.select("gl", List.of(new Fake("gl", 10, false, "no libEGL"), CPU)));
        assertTrue(e.getMessage().contains("no libEGL"), e.getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
                () -> Backends.select("vulkan", List.of(CPU)));
        assertTrue(u.getMessage().contains("cpu"), u.getMessage());
    }

    @Test
    void realRegistryNeverPicksSoftwareAutomatically() throws Exception {
        List<String> names = Backends.providers().stream().map(RendererProvider::name).toList();
        assertEquals("cpu", names.getLast(), names.toString());
        assertTrue(names.contains("gl"), "the GL backend registers itself: " + names);
        try (Backends.Choice c = Backends.select(null)) {
            System.out.println("auto: " + c.describe());
            assertFalse(c.software(), c.describe());
        }
        try (Backends.Choice c = Backends.select("cpu")) {
            assertEquals("cpu", c.backend());
        }
    }

    @Test
    void forcedGlRendersWhereGlExists() throws Exception {
        Backends.Choice c;
        try {
            c = Backends.select("gl");
        } catch (IllegalStateException e) {
            Assumptions.abort("OpenGL not available here: " + e.getMessage());
            return;
        }
        try (c) {
            System.out.println("forced: " + c.describe());
            assertEquals("gl", c.backend());
            Volume v = Phantoms.ct(32, 24, 2, "MONOCHROME2");
            try {
                ViewState s = new ViewState(1, 40, 400, 1.5, 2, -3, 64, 48);
                assertArrayEquals(new CpuRenderer().render(s, v).gray(), c.renderer().render(s, v).gray());
            } finally {
                v.release();
            }
        }
    }
}
