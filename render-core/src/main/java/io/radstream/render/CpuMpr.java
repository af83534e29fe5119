package io.radstream.render;

import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.StackGeometry;
import io.radstream.volume.series.Volume;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Reformats on the CPU: every viewport pixel is a patient position (see {@link MprMapping}),
 * turned into fractional voxel indices through the volume's own geometry (any orientation,
 * anisotropic spacing; per-slice origins when the stack is sheared or irregular), and sampled by
 * trilinear interpolation of modality values (each slice's rescale applied before blending
 * slices). A slab takes samples along the normal at most the smallest voxel spacing apart,
 * covering ±thickness/2, and keeps their maximum, minimum or mean; the VOI maps the result to 8
 * bits through {@link DisplayTables#reformatFunction} (the selected VOI, its function or table,
 * and the presentation inversion). Samples outside the volume (beyond the outermost voxel centres) are skipped; a pixel
 * with no sample inside is black.
 *
 * <p>Slabs on the volume's own grid are the exception: {@link GridAlignedSlab} reduces whole voxel
 * planes and resamples the projection ({@link ProjectedSlab}), a different operation order with its
 * own definition.
 *
 * <p>The viewport is split into tiles rendered in parallel on the common fork-join pool (shared by all
 * sessions); the inner loop reads the off-heap voxels directly and allocates nothing.
 */
final class CpuMpr {
    private static final ValueLayout.OfShort VOXEL = ValueLayout.JAVA_SHORT_UNALIGNED;
    /** Tiles of TILE × TILE pixels keep an oblique plane's samples within a few cached slices. */
    private static final int TILE = MprSampling.TILE;

    private CpuMpr() {}

    /** Samples per slab: see {@link MprSampling#slabSamples}. */
    static int slabSamples(double slabMm, SeriesGeometry g) {
        return MprSampling.slabSamples(slabMm, g);
    }

    /** Off only where a test or benchmark wants the per-sample path for a grid-aligned slab. */
    static volatile boolean projectGridAligned = true;

    static Frame render(ViewState s, Volume volume, PixelPadding padding) {
        // a slab on the volume's own grid: reduce voxel planes, then resample (its own definition)
        GridAlignedSlab aligned = projectGridAligned ? GridAlignedSlab.of(s, volume) : null;
        if (aligned != null) return ProjectedSlab.render(s, volume, aligned, padding.storedValue(volume));
        SeriesGeometry g = volume.geometry();
        MprMapping map = MprMapping.of(g, s);
        Job job = new Job(s, volume, detail(s, volume, map), map, padding.storedValue(volume));
        int vw = s.viewportWidth(), vh = s.viewportHeight();
        int across = (vw + TILE - 1) / TILE, tiles = across * ((vh + TILE - 1) / TILE);
        if (tiles == 1) job.tile(0, vw, 0, vh);
        else IntStream.range(0, tiles).parallel().forEach(t -> {
            int x0 = (t % across) * TILE, y0 = (t / across) * TILE;
            job.tile(x0, Math.min(vw, x0 + TILE), y0, Math.min(vh, y0 + TILE));
        });
        return new Frame(s.viewportWidth(), s.viewportHeight(), job.out);
    }

    /** A MIP slab at least this many samples thick may use the {@link MipPyramid} when minified. */
    static final int PYRAMID_MIN_SAMPLES = 32;

    /**
     * The volume to sample: the full volume, or for a thick MIP slab whose pixels span at least
     * two voxels (an interactive frame at reduced scale, a zoomed-out view) the coarsest
     * {@link MipPyramid} level whose voxels are still no larger than a pixel.
     */
    static Volume detail(ViewState s, Volume volume, MprMapping map) {
        int level = detailLevel(s, volume.geometry(), map.mmPerPixel());
        if (level == 0 || !MipPyramid.supports(volume)) return volume;
        MipPyramid pyramid = volume.derived(MipPyramid.KEY, MipPyramid::of);
        level = Math.min(level, pyramid.levels());
        return level == 0 ? volume : pyramid.level(level);
    }

    /** The pyramid level a state calls for (0 = full resolution), before what is built is known. */
    static int detailLevel(ViewState s, SeriesGeometry g, double mmPerPixel) {
        Mpr m = s.mpr();
        if (m.projection() != Mpr.Projection.MIP || slabSamples(m.slabMm(), g) < PYRAMID_MIN_SAMPLES) return 0;
        double voxel = Math.min(g.columnSpacing(), Math.min(g.rowSpacing(), g.slices() > 1 ? g.sliceSpacing() : Double.MAX_VALUE));
        int level = 0;
        while (level < MipPyramid.MAX_LEVELS && mmPerPixel >= voxel * (2 << level)) level++;
        return level;
    }

    /** MIP slabs at least this many samples thick skip samples that cannot raise the ray's maximum ({@link CellMaxima}). */
    static final int SKIP_MIN_SAMPLES = 8;
    /** Relative margin over a block bound: interpolation rounding can exceed the bound by a few ulps at most. */
    static final double SKIP_MARGIN = 1e-9;
    /** Off only in the test that checks skipping changes no pixel. */
    static volatile boolean emptySpaceSkipping = true;

    /** {@link Job#insideSpan}, for tests. */
    static long insideSpanForTest(double pi, double pj, double pk, double ni, double nj, double nk,
                                  double maxI, double maxJ, double maxK, int n) {
        return Job.insideSpan(pi, pj, pk, ni, nj, nk, maxI, maxJ, maxK, n);
    }

    /** One frame's constants; {@link #rows} may run concurrently on disjoint row ranges. */
    private static final class Job {
        final byte[] out;
        final int vw, cols, rows, slices, samples, maxI0, maxJ0, maxK0, di1, dj1, dk1;
        final long rowStride, sliceStride;
        final boolean signed, hasPadding, regular;
        final io.radstream.render.display.DisplayFunction display;
        /** MIP empty-space skipping bounds, or null (see {@link CellMaxima}). */
        final CellMaxima cells;
        final int padding;
        final Mpr.Projection projection;
        final double[] slope, intercept;
        final MemorySegment voxels;
        // affine patient → index map: index = base + x·dx + y·dy + t·dn (t = slab sample number)
        final double i0, j0, k0, dxi, dxj, dxk, dyi, dyj, dyk, dni, dnj, dnk;
        // general (sheared / irregular stack) path
        final StackGeometry stack;
        final double[] offsets; // slice offsets along the normal from slice 0
        final double[][] origins;
        final double[] tl, sx, sy, nv, gr, gc, gn;
        final double columnSpacing, rowSpacing, sliceSpacing;
        final double slabStart, slabStep;
        final Vec normal;

        /**
         * @param source the volume as loaded: its display attributes decide the VOI
         * @param v      what is sampled: the volume itself, or a {@link MipPyramid} level of it
         */
        Job(ViewState s, Volume source, Volume v, MprMapping map, OptionalInt pad) {
            SeriesGeometry g = v.geometry();
            Mpr m = s.mpr();
            vw = s.viewportWidth();
            out = new byte[vw * s.viewportHeight()];
            cols = g.columns();
            rows = g.rows();
            slices = g.slices();
            maxI0 = Math.max(0, cols - 2);
            maxJ0 = Math.max(0, rows - 2);
            maxK0 = Math.max(0, slices - 2);
            di1 = cols > 1 ? 1 : 0;
            dj1 = rows > 1 ? cols : 0;
            rowStride = cols;
            sliceStride = (long) cols * rows;
            dk1 = slices > 1 ? 1 : 0;
            signed = v.signed();
            display = DisplayTables.reformatFunction(source, s, "cpu");
            cells = m.projection() == Mpr.Projection.MIP && v == source && slabSamples(m.slabMm(), g) >= SKIP_MIN_SAMPLES
                    && emptySpaceSkipping && CellMaxima.supports(source) ? source.derived(CellMaxima.KEY, CellMaxima::of) : null;
            hasPadding = pad.isPresent() && m.projection() == Mpr.Projection.MINIP;
            padding = pad.orElse(0);
            projection = m.projection();
            slope = new double[slices];
            intercept = new double[slices];
            for (int k = 0; k < slices; k++) {
                slope[k] = v.rescaleSlope(k);
                intercept[k] = v.rescaleIntercept(k);
            }
            voxels = v.voxels();
            samples = slabSamples(m.slabMm(), g);
            slabStart = samples == 1 ? 0 : -m.slabMm() / 2;
            slabStep = samples == 1 ? 0 : m.slabMm() / (samples - 1);
            normal = m.normal();

            stack = v.stackGeometry();
            regular = isRegular(stack);
            offsets = new double[slices];
            for (int k = 0; k < slices; k++) offsets[k] = stack.offsetAlongNormal(k);
            origins = stack.origins();
            tl = map.topLeft().toArray();
            sx = map.stepX().toArray();
            sy = map.stepY().toArray();
            nv = normal.toArray();
            gr = g.rowDirection().clone();
            gc = g.columnDirection().clone();
            gn = g.normal().clone();
            columnSpacing = g.columnSpacing();
            rowSpacing = g.rowSpacing();
            sliceSpacing = g.sliceSpacing();

            MprSampling sm = MprSampling.of(g, stack, s, map);
            i0 = sm.i0();
            j0 = sm.j0();
            k0 = sm.k0();
            dxi = sm.dxi();
            dxj = sm.dxj();
            dxk = sm.dxk();
            dyi = sm.dyi();
            dyj = sm.dyj();
            dyk = sm.dyk();
            dni = sm.dni();
            dnj = sm.dnj();
            dnk = sm.dnk();
        }

        private static boolean isRegular(StackGeometry st) {
            return MprSampling.isRegular(st);
        }

        void tile(int x0, int x1, int y0, int y1) {
            if (regular && samples == 1) thinRows(x0, x1, y0, y1);
            else if (regular && !hasPadding) regularSlabRows(x0, x1, y0, y1);
            else slabRows(x0, x1, y0, y1);
        }

        /**
         * A thin plane through a regular grid, the common case: the trilinear sample is written
         * out with every constant in a local, so the JIT keeps them in registers.
         */
        private void thinRows(int x0, int x1, int y0, int y1) {
            final MemorySegment seg = voxels;
            final byte[] o = out;
            final int w = vw, nc = cols, nr = rows, ns = slices, mi = maxI0, mj = maxJ0, mk = maxK0, ei = di1, ej = dj1;
            final long ss = sliceStride, rs = rowStride, ek = dk1 == 0 ? 0 : sliceStride;
            final boolean sgn = signed;
            final io.radstream.render.display.DisplayFunction fn = display;
            // the LINEAR window written out here so the JIT inlines it: through the general
            // function call it was half of a 1024² frame's time (11.0 vs 5.9 ms); same arithmetic
            final boolean linear = fn.kind() == io.radstream.render.display.DisplayFunction.Kind.LINEAR, invert = fn.inverse();
            final double wc = fn.center(), ww = fn.width();
            final double[] sl = slope, ic = intercept;
            final double ax = dxi, ay = dxj, az = dxk;
            final int mask = sgn ? -1 : 0xFFFF;
            for (int y = y0; y < y1; y++) {
                int base = y * w;
                double fi = i0 + y * dyi + x0 * ax, fj = j0 + y * dyj + x0 * ay, fk = k0 + y * dyk + x0 * az;
                for (int x = x0; x < x1; x++, fi += ax, fj += ay, fk += az) {
                    if (!(fi >= 0 && fi <= nc - 1 && fj >= 0 && fj <= nr - 1 && fk >= 0 && fk <= ns - 1)) {
                        o[base + x] = 0;
                        continue;
                    }
                    int i = Math.min((int) fi, mi), j = Math.min((int) fj, mj), k = Math.min((int) fk, mk);
                    double ti = fi - i, tj = fj - j, tk = fk - k;
                    long a = k * ss + j * rs + i, b = a + ek;
                    int a00 = seg.getAtIndex(VOXEL, a) & mask, a01 = seg.getAtIndex(VOXEL, a + ei) & mask;
                    int a10 = seg.getAtIndex(VOXEL, a + ej) & mask, a11 = seg.getAtIndex(VOXEL, a + ej + ei) & mask;
                    int b00 = seg.getAtIndex(VOXEL, b) & mask, b01 = seg.getAtIndex(VOXEL, b + ei) & mask;
                    int b10 = seg.getAtIndex(VOXEL, b + ej) & mask, b11 = seg.getAtIndex(VOXEL, b + ej + ei) & mask;
                    double top = a00 + ti * (a01 - a00), bottom = a10 + ti * (a11 - a10);
                    double sa = top + tj * (bottom - top);
                    top = b00 + ti * (b01 - b00);
                    bottom = b10 + ti * (b11 - b10);
                    double sb = top + tj * (bottom - top);
                    int k1 = ek == 0 ? k : k + 1;
                    double va = sa * sl[k] + ic[k], vb = sb * sl[k1] + ic[k1];
                    double value = va + tk * (vb - va);
                    int g8 = linear ? VoiLut.apply(value, wc, ww) : fn.gray(value); // gray() inverts itself
                    o[base + x] = (byte) (linear && invert ? 255 - g8 : g8);
                }
            }
        }

        /** A slab through a regular grid: as {@link #thinRows}, with the samples along the normal. */
        private void regularSlabRows(int x0, int x1, int y0, int y1) {
            final MemorySegment seg = voxels;
            final byte[] o = out;
            final int w = vw, nc = cols, nr = rows, ns = slices, mi = maxI0, mj = maxJ0, mk = maxK0, ei = di1, ej = dj1;
            final long ss = sliceStride, rs = rowStride, ek = dk1 == 0 ? 0 : sliceStride;
            final io.radstream.render.display.DisplayFunction fn = display;
            // the LINEAR window written out here so the JIT inlines it: through the general
            // function call it was half of a 1024² frame's time (11.0 vs 5.9 ms); same arithmetic
            final boolean linear = fn.kind() == io.radstream.render.display.DisplayFunction.Kind.LINEAR, invert = fn.inverse();
            final double wc = fn.center(), ww = fn.width();
            final double[] sl = slope, ic = intercept;
            final double ax = dxi, ay = dxj, az = dxk, ni = dni, nj = dnj, nk = dnk;
            final int mask = signed ? -1 : 0xFFFF, n = samples, mode = projection.ordinal();
            final int MIP = Mpr.Projection.MIP.ordinal(), MINIP = Mpr.Projection.MINIP.ordinal();
            final double start = mode == MIP ? Double.NEGATIVE_INFINITY : mode == MINIP ? Double.POSITIVE_INFINITY : 0;
            final CellMaxima bound = cells;
            for (int y = y0; y < y1; y++) {
                int base = y * w;
                double pi = i0 + y * dyi + x0 * ax, pj = j0 + y * dyj + x0 * ay, pk = k0 + y * dyk + x0 * az;
                for (int x = x0; x < x1; x++, pi += ax, pj += ay, pk += az) {
                    double acc = start;
                    int hits = 0;
                    // Only the samples whose ray segment lies inside the volume: a full-volume
                    // MIP's slab is the bounding diagonal, so most of it is outside. The bounds
                    // test below stays, so the clipping can only skip samples that it would skip.
                    long span = insideSpan(pi, pj, pk, ni, nj, nk, nc - 1, nr - 1, ns - 1, n);
                    int tFirst = (int) (span >>> 32), tEnd = (int) span;
                    double fi = pi, fj = pj, fk = pk;
                    // the same additions as sampling every step, so positions stay bit-identical
                    // to the GPU passes (see MprSampling); an addition costs nothing next to a sample
                    for (int t = 0; t < tFirst; t++, fi += ni, fj += nj, fk += nk) { }
                    for (int t = tFirst; t < tEnd; t++, fi += ni, fj += nj, fk += nk) {
                        if (!(fi >= 0 && fi <= nc - 1 && fj >= 0 && fj <= nr - 1 && fk >= 0 && fk <= ns - 1)) continue;
                        int i = Math.min((int) fi, mi), j = Math.min((int) fj, mj), k = Math.min((int) fk, mk);
                        if (bound != null) {
                            // no sample of this block can exceed its bound: if the ray's maximum
                            // already does (with a margin far above rounding), the sample changes nothing
                            double most = bound.at(i, j, k);
                            if (most + SKIP_MARGIN * (1 + Math.abs(most)) <= acc) {
                                hits++;
                                continue;
                            }
                        }
                        double ti = fi - i, tj = fj - j, tk = fk - k;
                        long a = k * ss + j * rs + i, b = a + ek;
                        int a00 = seg.getAtIndex(VOXEL, a) & mask, a01 = seg.getAtIndex(VOXEL, a + ei) & mask;
                        int a10 = seg.getAtIndex(VOXEL, a + ej) & mask, a11 = seg.getAtIndex(VOXEL, a + ej + ei) & mask;
                        int b00 = seg.getAtIndex(VOXEL, b) & mask, b01 = seg.getAtIndex(VOXEL, b + ei) & mask;
                        int b10 = seg.getAtIndex(VOXEL, b + ej) & mask, b11 = seg.getAtIndex(VOXEL, b + ej + ei) & mask;
                        double top = a00 + ti * (a01 - a00), bottom = a10 + ti * (a11 - a10);
                        double sa = top + tj * (bottom - top);
                        top = b00 + ti * (b01 - b00);
                        bottom = b10 + ti * (b11 - b10);
                        double sb = top + tj * (bottom - top);
                        int k1 = ek == 0 ? k : k + 1;
                        double va = sa * sl[k] + ic[k], vb = sb * sl[k1] + ic[k1];
                        double v = va + tk * (vb - va);
                        hits++;
                        if (mode == MIP) acc = Math.max(acc, v);
                        else if (mode == MINIP) acc = Math.min(acc, v);
                        else acc += v;
                    }
                    if (hits == 0) {
                        o[base + x] = 0;
                        continue;
                    }
                    if (mode != MIP && mode != MINIP) acc /= hits;
                    int g8 = linear ? VoiLut.apply(acc, wc, ww) : fn.gray(acc); // gray() inverts itself
                    o[base + x] = (byte) (linear && invert ? 255 - g8 : g8);
                }
            }
        }

        /**
         * The sample numbers t in [0, n) for which p + t·d may lie inside [0, max] on every axis,
         * packed as {@code first << 32 | end} (end exclusive; first ≥ end when none), widened by
         * one sample each way against rounding.
         */
        static long insideSpan(double pi, double pj, double pk, double ni, double nj, double nk,
                               double maxI, double maxJ, double maxK, int n) {
            double lo = 0, hi = n - 1;
            // per axis: the t interval where 0 ≤ p + t·d ≤ max (all t, or none, when d = 0)
            if (ni != 0) {
                double t1 = -pi / ni, t2 = (maxI - pi) / ni;
                lo = Math.max(lo, Math.min(t1, t2));
                hi = Math.min(hi, Math.max(t1, t2));
            } else if (!(pi >= 0 && pi <= maxI)) return 0;
            if (nj != 0) {
                double t1 = -pj / nj, t2 = (maxJ - pj) / nj;
                lo = Math.max(lo, Math.min(t1, t2));
                hi = Math.min(hi, Math.max(t1, t2));
            } else if (!(pj >= 0 && pj <= maxJ)) return 0;
            if (nk != 0) {
                double t1 = -pk / nk, t2 = (maxK - pk) / nk;
                lo = Math.max(lo, Math.min(t1, t2));
                hi = Math.min(hi, Math.max(t1, t2));
            } else if (!(pk >= 0 && pk <= maxK)) return 0;
            if (!(lo <= hi)) return 0;
            long first = Math.max(0, (long) Math.ceil(lo) - 1), end = Math.min(n, (long) Math.floor(hi) + 2);
            return first << 32 | end;
        }

        /** The general path: sheared or irregular stacks (per-slice origins), or MinIP with padding. */
        private void slabRows(int x0, int x1, int y0, int y1) {
            double[] idx = new double[3]; // general path scratch, once per tile
            final Mpr.Projection proj = projection;
            final int n = samples;
            for (int y = y0; y < y1; y++) {
                int o = y * vw;
                for (int x = x0; x < x1; x++) {
                    double acc = proj == Mpr.Projection.MIP ? Double.NEGATIVE_INFINITY
                            : proj == Mpr.Projection.MINIP ? Double.POSITIVE_INFINITY : 0;
                    int hits = 0;
                    double fi = i0 + x * dxi + y * dyi, fj = j0 + x * dxj + y * dyj, fk = k0 + x * dxk + y * dyk;
                    for (int t = 0; t < n; t++) {
                        double v;
                        if (regular) {
                            v = sample(fi + t * dni, fj + t * dnj, fk + t * dnk);
                        } else {
                            indexOf(x, y, t, idx);
                            v = sample(idx[0], idx[1], idx[2]);
                        }
                        if (v != v) continue; // NaN: outside, or padding
                        hits++;
                        if (proj == Mpr.Projection.MIP) acc = Math.max(acc, v);
                        else if (proj == Mpr.Projection.MINIP) acc = Math.min(acc, v);
                        else acc += v;
                    }
                    if (hits == 0) {
                        out[o + x] = 0;
                        continue;
                    }
                    if (proj == Mpr.Projection.AVG) acc /= hits;
                    out[o + x] = (byte) display.gray(acc);
                }
            }
        }

        /** Fractional voxel index of slab sample t of pixel (x, y) in a sheared or irregular stack. */
        private void indexOf(int x, int y, int t, double[] idx) {
            double a = slabStart + t * slabStep;
            double px = tl[0] + x * sx[0] + y * sy[0] + a * nv[0];
            double py = tl[1] + x * sx[1] + y * sy[1] + a * nv[1];
            double pz = tl[2] + x * sx[2] + y * sy[2] + a * nv[2];
            double[] o0 = origins[0];
            double d = (px - o0[0]) * gn[0] + (py - o0[1]) * gn[1] + (pz - o0[2]) * gn[2];
            double k;
            double ox, oy, oz;
            if (slices == 1) {
                k = d / sliceSpacing;
                ox = o0[0] + d * gn[0];
                oy = o0[1] + d * gn[1];
                oz = o0[2] + d * gn[2];
            } else {
                int lo = 0, hi = slices - 1;
                if (d >= offsets[slices - 1]) lo = slices - 2;
                else if (d > offsets[0]) {
                    while (hi - lo > 1) {
                        int mid = (lo + hi) >>> 1;
                        if (offsets[mid] <= d) lo = mid;
                        else hi = mid;
                    }
                }
                double f = (d - offsets[lo]) / (offsets[lo + 1] - offsets[lo]);
                k = lo + f;
                double[] p0 = origins[lo], p1 = origins[lo + 1];
                ox = p0[0] + f * (p1[0] - p0[0]);
                oy = p0[1] + f * (p1[1] - p0[1]);
                oz = p0[2] + f * (p1[2] - p0[2]);
            }
            idx[0] = ((px - ox) * gr[0] + (py - oy) * gr[1] + (pz - oz) * gr[2]) / columnSpacing;
            idx[1] = ((px - ox) * gc[0] + (py - oy) * gc[1] + (pz - oz) * gc[2]) / rowSpacing;
            idx[2] = k;
        }

        /** Trilinear modality value at fractional index (fi, fj, fk), or NaN outside the volume or on padding. */
        private double sample(double fi, double fj, double fk) {
            if (!(fi >= 0 && fi <= cols - 1 && fj >= 0 && fj <= rows - 1 && fk >= 0 && fk <= slices - 1)) return Double.NaN;
            int i = Math.min((int) fi, maxI0), j = Math.min((int) fj, maxJ0), k = Math.min((int) fk, maxK0);
            double ti = fi - i, tj = fj - j, tk = fk - k;
            long a = k * sliceStride + j * rowStride + i;
            long b = a + (dk1 == 0 ? 0 : sliceStride);
            int a00 = raw(a), a01 = raw(a + di1), a10 = raw(a + dj1), a11 = raw(a + dj1 + di1);
            int b00 = raw(b), b01 = raw(b + di1), b10 = raw(b + dj1), b11 = raw(b + dj1 + di1);
            if (hasPadding && (a00 == padding || a01 == padding || a10 == padding || a11 == padding
                    || b00 == padding || b01 == padding || b10 == padding || b11 == padding)) return Double.NaN;
            double top = a00 + ti * (a01 - a00), bottom = a10 + ti * (a11 - a10);
            double sa = top + tj * (bottom - top);
            top = b00 + ti * (b01 - b00);
            bottom = b10 + ti * (b11 - b10);
            double sb = top + tj * (bottom - top);
            double va = sa * slope[k] + intercept[k];
            int k1 = k + dk1;
            double vb = sb * slope[k1] + intercept[k1];
            return va + tk * (vb - va);
        }

        private int raw(long index) {
            short s = voxels.getAtIndex(VOXEL, index);
            return signed ? s : s & 0xFFFF;
        }
    }
}
