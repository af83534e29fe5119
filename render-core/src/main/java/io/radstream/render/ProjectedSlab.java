package io.radstream.render;

import io.radstream.render.display.DisplayFunction;
import io.radstream.volume.series.Volume;

import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Renders a {@link GridAlignedSlab} on the CPU: the (cached) {@link SlabProjection} resampled
 * bilinearly at each viewport pixel centre, then the reformat VOI ({@link DisplayTables#reformatFunction},
 * as {@link CpuMpr} applies it to a slab's value). Rows of the viewport run in parallel bands.
 */
final class ProjectedSlab {
    private static final int ROWS_PER_TASK = 16;

    private ProjectedSlab() {}

    static Frame render(ViewState s, Volume volume, GridAlignedSlab slab, OptionalInt padding) {
        int vw = s.viewportWidth(), vh = s.viewportHeight();
        byte[] out = new byte[vw * vh];
        if (slab.hasPlanes()) {
            double[] p = SlabProjections.get(volume, slab, padding).values;
            DisplayFunction fn = DisplayTables.reformatFunction(volume, s, "cpu");
            int tasks = (vh + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
            if (tasks == 1) rows(slab, p, fn, out, vw, 0, vh);
            else IntStream.range(0, tasks).parallel().forEach(t ->
                    rows(slab, p, fn, out, vw, t * ROWS_PER_TASK, Math.min(vh, (t + 1) * ROWS_PER_TASK)));
        }
        return new Frame(vw, vh, out);
    }

    /** Viewport rows [y0, y1): bilinear in the projection, black outside it or next to an empty column. */
    private static void rows(GridAlignedSlab slab, double[] p, DisplayFunction fn, byte[] o, int w, int y0, int y1) {
        final int nu = slab.nu(), nv = slab.nv(), mu = Math.max(0, nu - 2), mv = Math.max(0, nv - 2);
        final int eu = nu > 1 ? 1 : 0, ev = nv > 1 ? nu : 0;
        final double u0 = slab.u0(), ux = slab.ux(), uy = slab.uy(), v0 = slab.v0(), vx = slab.vx(), vy = slab.vy();
        // the LINEAR window written out so the JIT inlines it, as in CpuMpr
        final boolean linear = fn.kind() == DisplayFunction.Kind.LINEAR, invert = fn.inverse();
        final double wc = fn.center(), ww = fn.width();
        for (int y = y0; y < y1; y++) {
            int base = y * w;
            for (int x = 0; x < w; x++) {
                // direct, not incremental: the GL pass evaluates the same expression per fragment
                double u = u0 + x * ux + y * uy, v = v0 + x * vx + y * vy;
                if (!(u >= 0 && u <= nu - 1 && v >= 0 && v <= nv - 1)) {
                    o[base + x] = 0;
                    continue;
                }
                int i = Math.min((int) u, mu), j = Math.min((int) v, mv);
                double tu = u - i, tv = v - j;
                int a = j * nu + i;
                double p00 = p[a], p01 = p[a + eu], p10 = p[a + ev], p11 = p[a + ev + eu];
                double top = p00 + tu * (p01 - p00), bottom = p10 + tu * (p11 - p10);
                double value = top + tv * (bottom - top);
                if (value != value) { // an empty (padding-only) MinIP column among the four
                    o[base + x] = 0;
                    continue;
                }
                int g8 = linear ? VoiLut.apply(value, wc, ww) : fn.gray(value); // gray() inverts itself
                o[base + x] = (byte) (linear && invert ? 255 - g8 : g8);
            }
        }
    }
}
