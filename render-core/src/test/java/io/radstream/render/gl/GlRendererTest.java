package io.radstream.render.gl;

import io.radstream.render.CpuRenderer;
import io.radstream.render.Frame;
import io.radstream.render.Phantoms;
import io.radstream.render.ViewState;
import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** GL-specific behaviour: texture lifetime, thread confinement, exact extremes. */
class GlRendererTest {
    private static GlRenderer gl;
    private static String unavailable;

    @BeforeAll
    static void open() {
        try {
            gl = GlRenderer.create();
            System.out.println("GL device: " + gl.device() + (gl.software() ? " [software]" : ""));
        } catch (GlUnavailableException e) {
            unavailable = e.getMessage();
        }
    }

    @AfterAll
    static void close() {
        if (gl != null) gl.close();
    }

    private static void assumeGl() {
        Assumptions.assumeTrue(gl != null, () -> "EGL/OpenGL cannot be created here: " + unavailable);
    }

    @Test
    void storedExtremesSurvive() throws Exception {
        assumeGl();
        Volume v = Phantoms.ct(16, 16, 1, "MONOCHROME2"); // slice 0: slope 1, intercept −1024
        try {
            // 1:1 (16×0.5 mm by 16×0.7 mm in 16×22: the height is 22.4 px, rows fit exactly below)
            Frame low = gl.render(new ViewState(0, -33791, 1, 1, 0, 0, 16, 16), v);
            Frame cpu = new CpuRenderer().render(new ViewState(0, -33791, 1, 1, 0, 0, 16, 16), v);
            assertArrayEquals(cpu.gray(), low.gray());
            // 32767 → 31743 is the only modality value above 31742.5 in the slice
            Frame high = gl.render(new ViewState(0, 31743, 1, 1, 0, 0, 16, 16), v);
            assertArrayEquals(new CpuRenderer().render(new ViewState(0, 31743, 1, 1, 0, 0, 16, 16), v).gray(), high.gray());
            long white = 0;
            for (byte b : high.gray()) if (b == (byte) 255) white++;
            assertTrue(white > 0, "32767 shows white");
        } finally {
            v.release();
        }
    }

    @Test
    void texturesAreFreedAfterTheVolumeIsReleased() throws Exception {
        assumeGl();
        Volume a = Phantoms.ct(40, 30, 3, "MONOCHROME2");
        Volume b = Phantoms.ct(20, 10, 2, "MONOCHROME2");
        ViewState s = new ViewState(1, 40, 400, 1, 0, 0, 50, 50);
        long before = gl.textureBytes();
        gl.render(s, a);
        gl.render(s, a); // uploaded once
        assertEquals(before + a.byteSize(), gl.textureBytes());
        gl.render(s, b);
        assertEquals(before + a.byteSize() + b.byteSize(), gl.textureBytes());
        a.release(); // last reference: the next frame's sweep frees a's textures
        gl.render(s, b);
        assertEquals(before + b.byteSize(), gl.textureBytes());
        gl.evict(b);
        assertEquals(before, gl.textureBytes());
        b.release();
    }

    @Test
    void rendersFromManyThreadsOneAtATime() throws Exception {
        assumeGl();
        Volume v = Phantoms.ct(64, 48, 4, "MONOCHROME1");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        ViewState s = new ViewState((seed + i) % 4, 40 + i, 100 + 50 * seed, 1 + 0.3 * i, i, -seed,
                                60 + seed * 7, 50 + i);
                        assertArrayEquals(new CpuRenderer().render(s, v).gray(), gl.render(s, v).gray(), s.toString());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
            v.release();
        }
    }

    @Test
    void moreCallersThanReadbackBuffersEachGetTheirOwnFrame() throws Exception {
        assumeGl();
        // twice as many concurrent callers as readbacks may be pending, every one a different size,
        // so buffers are reused, grown and finished early while others are in flight
        Volume v = Phantoms.ct(96, 80, 6, "MONOCHROME2");
        int callers = 2 * AsyncReadback.MAX_IN_FLIGHT;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 12; i++) {
                        ViewState s = new ViewState((seed + i) % 6, 30 + 5 * i, 200 + 40 * seed, 0.8 + 0.1 * i, 0, 0,
                                31 + 13 * seed + i, 17 + 11 * i);
                        Frame frame = gl.render(s, v);
                        assertEquals(s.viewportWidth(), frame.width());
                        assertArrayEquals(new CpuRenderer().render(s, v).gray(), frame.gray(), s.toString());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
            v.release();
        }
    }

    @Test
    void unavailableMessageNamesThePackages() {
        String m = new GlUnavailableException("cannot load libEGL").getMessage();
        assertTrue(m.contains("libegl1") && m.contains("libegl-mesa0") && m.contains("libgl1-mesa-dri"), m);
    }
}
