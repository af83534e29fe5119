package io.radstream.render.gl;

import io.radstream.render.CpuRenderer;
import io.radstream.render.Phantoms;
import io.radstream.render.Renderer;
import io.radstream.render.ViewState;
import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

/**
 * Rough ms per frame, GL against CPU, for docs/benchmarks.md. Runs only with RADSTREAM_TIMING=1:
 * {@code RADSTREAM_TIMING=1 ./mvnw -q test -pl render-core -am -Dtest=GlTimingTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
class GlTimingTest {
    @Test
    void msPerFrame() throws Exception {
        Assumptions.assumeTrue("1".equals(System.getenv("RADSTREAM_TIMING")), "timing runs only with RADSTREAM_TIMING=1");
        GlRenderer gl;
        try {
            gl = GlRenderer.create();
        } catch (GlUnavailableException e) {
            Assumptions.abort(e.getMessage());
            return;
        }
        Volume v = Phantoms.ct(512, 512, 40, "MONOCHROME2");
        try (gl) {
            System.out.println("GL device: " + gl.device());
            for (int size : new int[]{512, 1024}) {
                for (Renderer r : new Renderer[]{new CpuRenderer(), gl}) {
                    double[] ms = time(r, v, size);
                    System.out.printf("TIMING %s %d² median %.2f ms, min %.2f, max %.2f (%d frames)%n",
                            r.name(), size, ms[ms.length / 2], ms[0], ms[ms.length - 1], ms.length);
                }
            }
        } finally {
            v.release();
        }
    }

    /** Reformats through the volume centre: an oblique (near-axial) thin plane and a 10 mm MIP slab, moving along the normal each frame. */
    @Test
    void mprMsPerFrame() throws Exception {
        Assumptions.assumeTrue("1".equals(System.getenv("RADSTREAM_TIMING")), "timing runs only with RADSTREAM_TIMING=1");
        GlRenderer gl;
        try {
            gl = GlRenderer.create();
        } catch (GlUnavailableException e) {
            Assumptions.abort(e.getMessage());
            return;
        }
        Volume v = Phantoms.ct(512, 512, 40, "MONOCHROME2");
        try (gl) {
            System.out.println("GL device: " + gl.device() + "; volume " + v.geometry());
            for (double slab : new double[]{0, 10}) {
                for (int size : new int[]{512, 1024}) {
                    for (Renderer r : new Renderer[]{new CpuRenderer(), gl}) {
                        for (int i = 0; i < 5; i++) r.render(mprState(v, i, size, slab), v);
                        double[] ms = new double[20];
                        for (int i = 0; i < ms.length; i++) {
                            long t = System.nanoTime();
                            r.render(mprState(v, i, size, slab), v);
                            ms[i] = (System.nanoTime() - t) / 1e6;
                        }
                        Arrays.sort(ms);
                        System.out.printf("TIMING MPR %s slab %.0f mm %d² median %.2f ms, min %.2f, max %.2f (%d frames)%n",
                                r.name(), slab, size, ms[ms.length / 2], ms[0], ms[ms.length - 1], ms.length);
                    }
                }
            }
        } finally {
            v.release();
        }
    }

    private static ViewState mprState(Volume v, int i, int size, double slab) {
        io.radstream.render.Vec centre = io.radstream.render.Vec.of(v.geometry().patientPosition(255.5, 255.5, 19.5));
        ViewState s = new ViewState(0, 40, 400, 1, 0, 0, size, size)
                .withMpr(io.radstream.render.Mpr.of(io.radstream.render.Plane.AXIAL, centre));
        s = io.radstream.render.Gestures.rotateDrag(s, 15, -10);
        io.radstream.render.Mpr m = s.mpr();
        return s.withMpr(m.withFocal(m.focal().plus(m.normal().times(i * 0.3))).withSlab(slab, io.radstream.render.Mpr.Projection.MIP));
    }

    /** Scrolls through the slices with a small zoom change per frame: every frame is new work. */
    private static double[] time(Renderer r, Volume v, int size) {
        for (int i = 0; i < 30; i++) r.render(state(i, size), v); // warm-up (and texture upload)
        double[] ms = new double[100];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            r.render(state(i, size), v);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static ViewState state(int i, int size) {
        return new ViewState(i % 40, 40, 400, 1 + (i % 7) * 0.01, 0, 0, size, size);
    }
}
