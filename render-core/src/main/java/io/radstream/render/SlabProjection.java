package io.radstream.render;

import io.radstream.volume.series.Volume;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * The 2D projection of a {@link GridAlignedSlab}: per column of voxels across the slab's planes,
 * the maximum, minimum or mean modality value, as {@code values[v * nu + u]} (NaN: a MinIP column
 * holding padding only).
 *
 * <p>The reduction runs on stored values in tight loops that C2 vectorises: a line of voxels is
 * copied out of the off-heap volume in bulk as ints (two voxels each) and combined element-wise
 * with two int accumulator lines (see {@code pairedRow} for why not {@code short[]}), on the common
 * fork-join pool, split by projection rows.
 * The rescale is applied once per result: max and min commute with a positive slope (a negative
 * one swaps them), and the mean of stored values rescaled equals the mean of modality values.
 * Where the rescale changes from plane to plane along the slab (per-slice rescale, axial slabs),
 * the reduction runs in modality values instead.
 *
 * <p>Where the JVM runs with {@code --add-modules jdk.incubator.vector}, the stored-value loops
 * run on 16-bit SIMD lanes instead ({@link SlabLanes}, one voxel per lane); the int-lane loops
 * here remain the fallback for a JVM without the module (plain {@code java -jar}, JMH forks). Both
 * produce the same accumulators, hence the same values bit for bit.
 */
final class SlabProjection {
    private static final ValueLayout.OfShort VOXEL = ValueLayout.JAVA_SHORT_UNALIGNED;
    /** Two neighbouring voxels read as one int (native byte order, as the voxels). */
    private static final ValueLayout.OfInt PAIR = ValueLayout.JAVA_INT_UNALIGNED;
    private static final boolean LITTLE = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
    private static final int MAX = 0, MIN = 1, SUM = 2;
    /** Runs along a voxel row at least this long are reduced as packed pairs (see {@code acrossRow}). */
    private static final int LONG_RUN = 64;
    /** Projection rows per parallel task: enough to amortise the task, few enough to balance two cores or sixteen. */
    private static final int ROWS_PER_TASK = 8;
    /**
     * Whether the 16-bit SIMD loops ({@link SlabLanes}) run: chosen once, from whether the JVM
     * has the incubating module (loading {@code SlabLanes} without it would fail).
     */
    static final boolean SIMD_LANES = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    final GridAlignedSlab slab;
    final double[] values;

    private SlabProjection(GridAlignedSlab slab, double[] values) {
        this.slab = slab;
        this.values = values;
    }

    /** Reduces the slab's planes of {@code v}; {@code padding} is skipped by MinIP. */
    static SlabProjection of(Volume v, GridAlignedSlab slab, OptionalInt padding) {
        return of(v, slab, padding, SIMD_LANES);
    }

    /** As above, on 16-bit SIMD lanes or not ({@code simd} only where {@link #SIMD_LANES}; tests compare both). */
    static SlabProjection of(Volume v, GridAlignedSlab slab, OptionalInt padding, boolean simd) {
        if (simd && !SIMD_LANES) throw new IllegalStateException("jdk.incubator.vector is not in this JVM (--add-modules jdk.incubator.vector)");
        int nu = slab.nu(), nv = slab.nv();
        double[] values = new double[nu * nv];
        Reduction r = new Reduction(v, slab, padding, values, simd);
        int tasks = (nv + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(t -> r.rows(t * ROWS_PER_TASK, Math.min(nv, (t + 1) * ROWS_PER_TASK)));
        return new SlabProjection(slab, values);
    }

    /** One projection's constants; {@link #rows} runs concurrently on disjoint row ranges. */
    private static final class Reduction {
        final MemorySegment voxels;
        final int cols, rows, axis, first, last, nu;
        final long sliceStride;
        final Mpr.Projection mode;
        /** XORed into every stored value so that signed comparison orders unsigned values too. */
        final short bias;
        /** The padding value biased the same way, as an int. */
        final boolean hasPadding, signed;
        final int paddingBiased;
        final double[] slope, intercept, out;
        final boolean oneRescale, simd;

        Reduction(Volume v, GridAlignedSlab slab, OptionalInt padding, double[] out, boolean simd) {
            this.simd = simd;
            voxels = v.voxels();
            cols = v.columns();
            rows = v.rows();
            sliceStride = (long) cols * rows;
            axis = slab.axis();
            first = slab.first();
            last = slab.last();
            nu = slab.nu();
            mode = slab.projection();
            signed = v.signed();
            bias = signed ? 0 : (short) 0x8000;
            hasPadding = mode == Mpr.Projection.MINIP && padding.isPresent();
            paddingBiased = (short) (padding.orElse(0) ^ bias);
            slope = new double[v.slices()];
            intercept = new double[v.slices()];
            for (int k = 0; k < slope.length; k++) {
                slope[k] = v.rescaleSlope(k);
                intercept[k] = v.rescaleIntercept(k);
            }
            this.out = out;
            oneRescale = slab.oneRescale(v);
        }

        /** Projection rows [v0, v1). */
        void rows(int v0, int v1) {
            short[] line = new short[Math.max(nu, last - first + 1)];
            int pairs = nu >>> 1;
            int[] packed = new int[Math.max(pairs, (last - first + 2) >>> 1)], lo = new int[pairs], hi = new int[pairs];
            double[] exact = new double[nu];
            short[] lanes = simd ? new short[nu] : null, seen = simd && hasPadding ? new short[nu] : null;
            int[] sums = simd && mode == Mpr.Projection.AVG ? new int[nu] : null;
            for (int v = v0; v < v1; v++) {
                if (first > last) {
                    java.util.Arrays.fill(out, v * nu, (v + 1) * nu, Double.NaN);
                    continue;
                }
                if (axis == 0) acrossRow(v, packed);
                else if (!oneRescale) modalityRow(v, line, exact);
                else if (simd) laneRow(v, lanes, seen, sums);
                else pairedRow(v, packed, lo, hi);
            }
        }

        /** Offset of the line of plane p in projection row v (axes j or k: whole rows of the volume). */
        private long lineOffset(int v, int p) {
            // axis 1 (j): u = i, v = k; axis 2 (k): u = i, v = j
            return axis == 1 ? v * sliceStride + (long) p * cols : p * sliceStride + (long) v * cols;
        }

        /** The slice whose rescale applies to row v's values: row v's slice (axis j), or the slab's one (axis k). */
        private int rescaleSlice(int v) {
            return axis == 1 ? v : first;
        }

        /**
         * Axes j and k: the row's columns reduced plane by plane. C2 does not vectorise max / min of
         * {@code short}s (measured: scalar speed), but it does of {@code int}s; so each line is read
         * as ints, each holding two neighbouring voxels, split by shifts into two int accumulators
         * (even and odd voxels). Unsigned values are XORed with 0x8000 per half first, so that
         * signed order is their order and one loop serves both.
         */
        private void pairedRow(int v, int[] packed, int[] lo, int[] hi) {
            int k = rescaleSlice(v);
            double s = slope[k], c = intercept[k];
            // a negative slope swaps max and min of modality values
            int op = mode == Mpr.Projection.AVG ? SUM : (mode == Mpr.Projection.MIP) == (s >= 0) ? MAX : MIN;
            int none = op == MAX ? Integer.MIN_VALUE : op == MIN ? Integer.MAX_VALUE : 0;
            int n = nu, m = n >>> 1, flip = signed ? 0 : 0x80008000, pad = paddingBiased;
            java.util.Arrays.fill(lo, 0, m, none);
            java.util.Arrays.fill(hi, 0, m, none);
            int odd = none; // the last voxel of an odd-length row
            for (int p = first; p <= last; p++) {
                long at = lineOffset(v, p) * 2;
                MemorySegment.copy(voxels, PAIR, at, packed, 0, m);
                if (hasPadding) {
                    if (op == MIN) minSkipping(packed, lo, hi, m, flip, pad);
                    else maxSkipping(packed, lo, hi, m, flip, pad);
                } else if (op == MAX) max(packed, lo, hi, m, flip);
                else if (op == MIN) min(packed, lo, hi, m, flip);
                else sum(packed, lo, hi, m, flip);
                if ((n & 1) != 0) {
                    int x = (short) (voxels.get(VOXEL, at + 2L * (n - 1)) ^ bias);
                    if (hasPadding && x == pad) continue;
                    odd = op == MAX ? Math.max(odd, x) : op == MIN ? Math.min(odd, x) : odd + x;
                }
            }
            int planes = last - first + 1, o = v * n;
            // which half of an int holds the even voxel depends on the byte order
            int[] even = LITTLE ? lo : hi, oddVoxels = LITTLE ? hi : lo;
            for (int i = 0; i < m; i++) {
                out[o + 2 * i] = value(even[i], op, none, planes, s, c);
                out[o + 2 * i + 1] = value(oddVoxels[i], op, none, planes, s, c);
            }
            if ((n & 1) != 0) out[o + n - 1] = value(odd, op, none, planes, s, c);
        }

        /**
         * Axes j and k on 16-bit SIMD lanes ({@link SlabLanes}): the same biased accumulators as
         * {@link #pairedRow}, one short (or, for the mean, one int) per column of the row.
         */
        private void laneRow(int v, short[] acc, short[] seen, int[] sums) {
            int k = rescaleSlice(v);
            double s = slope[k], c = intercept[k];
            int op = mode == Mpr.Projection.AVG ? SUM : (mode == Mpr.Projection.MIP) == (s >= 0) ? MAX : MIN;
            int none = op == MAX ? Integer.MIN_VALUE : op == MIN ? Integer.MAX_VALUE : 0;
            int n = nu, o = v * n, planes = last - first + 1;
            short pad = (short) paddingBiased;
            if (op == SUM) java.util.Arrays.fill(sums, 0, n, 0);
            else java.util.Arrays.fill(acc, 0, n, op == MAX ? Short.MIN_VALUE : Short.MAX_VALUE);
            if (hasPadding) java.util.Arrays.fill(seen, 0, n, (short) 0);
            for (int p = first; p <= last; p++) {
                long at = lineOffset(v, p) * 2;
                if (hasPadding) SlabLanes.skipping(voxels, at, acc, seen, n, bias, pad, op == MIN);
                else if (op == MAX) SlabLanes.max(voxels, at, acc, n, bias);
                else if (op == MIN) SlabLanes.min(voxels, at, acc, n, bias);
                else SlabLanes.sum(voxels, at, sums, n, bias);
            }
            for (int i = 0; i < n; i++) {
                int a = op == SUM ? sums[i] : hasPadding && seen[i] == 0 ? none : acc[i];
                out[o + i] = value(a, op, none, planes, s, c);
            }
        }

        /** A reduced, biased value as a modality value: NaN when padding left none (MinIP). */
        private double value(int acc, int op, int none, int planes, double s, double c) {
            if (op == SUM) return (acc + (signed ? 0 : 32768.0 * planes)) / planes * s + c;
            if (hasPadding && acc == none) return Double.NaN;
            return stored(acc) * s + c;
        }

        // the vectorised loops: one operation each, ints only
        private static void max(int[] in, int[] lo, int[] hi, int m, int flip) {
            for (int i = 0; i < m; i++) {
                int x = in[i] ^ flip;
                lo[i] = Math.max(lo[i], (x << 16) >> 16);
                hi[i] = Math.max(hi[i], x >> 16);
            }
        }

        private static void min(int[] in, int[] lo, int[] hi, int m, int flip) {
            for (int i = 0; i < m; i++) {
                int x = in[i] ^ flip;
                lo[i] = Math.min(lo[i], (x << 16) >> 16);
                hi[i] = Math.min(hi[i], x >> 16);
            }
        }

        private static void sum(int[] in, int[] lo, int[] hi, int m, int flip) {
            // biased 16-bit values summed in an int: exact up to 65535 planes
            for (int i = 0; i < m; i++) {
                int x = in[i] ^ flip;
                lo[i] += (x << 16) >> 16;
                hi[i] += x >> 16;
            }
        }

        private static void minSkipping(int[] in, int[] lo, int[] hi, int m, int flip, int pad) {
            for (int i = 0; i < m; i++) {
                int x = in[i] ^ flip, a = (x << 16) >> 16, b = x >> 16;
                lo[i] = Math.min(lo[i], a == pad ? Integer.MAX_VALUE : a);
                hi[i] = Math.min(hi[i], b == pad ? Integer.MAX_VALUE : b);
            }
        }

        private static void maxSkipping(int[] in, int[] lo, int[] hi, int m, int flip, int pad) {
            for (int i = 0; i < m; i++) {
                int x = in[i] ^ flip, a = (x << 16) >> 16, b = x >> 16;
                lo[i] = Math.max(lo[i], a == pad ? Integer.MIN_VALUE : a);
                hi[i] = Math.max(hi[i], b == pad ? Integer.MIN_VALUE : b);
            }
        }

        /**
         * Sagittal slab (axis i): each projection value reduces a run of one voxel row. Short runs
         * are read voxel by voxel (a bulk copy costs more than it saves); long ones (a full-volume
         * MIP) as pairs, reduced in two int lanes as in {@link #pairedRow}.
         */
        private void acrossRow(int v, int[] packed) {
            // u = j, v = k
            int runs = last - first + 1, n = nu, planes = runs;
            double s = slope[v], c = intercept[v];
            int op = mode == Mpr.Projection.AVG ? SUM : (mode == Mpr.Projection.MIP) == (s >= 0) ? MAX : MIN;
            int none = op == MAX ? Integer.MIN_VALUE : op == MIN ? Integer.MAX_VALUE : 0;
            int flip = signed ? 0 : 0x80008000, pad = paddingBiased;
            final short b = bias;
            int o = v * n;
            for (int u = 0; u < n; u++) {
                long at = (v * sliceStride + (long) u * cols + first) * 2;
                int acc = none;
                if (runs < LONG_RUN || hasPadding) {
                    for (int t = 0; t < runs; t++) {
                        int x = (short) (voxels.get(VOXEL, at + 2L * t) ^ b);
                        if (hasPadding && x == pad) continue;
                        acc = op == MAX ? Math.max(acc, x) : op == MIN ? Math.min(acc, x) : acc + x;
                    }
                } else if (simd) {
                    acc = SlabLanes.run(voxels, at, runs, b, op);
                } else {
                    int m = runs >>> 1;
                    MemorySegment.copy(voxels, PAIR, at, packed, 0, m);
                    int a = none, z = none;
                    if (op == MAX) for (int i = 0; i < m; i++) {
                        int x = packed[i] ^ flip;
                        a = Math.max(a, (x << 16) >> 16);
                        z = Math.max(z, x >> 16);
                    } else if (op == MIN) for (int i = 0; i < m; i++) {
                        int x = packed[i] ^ flip;
                        a = Math.min(a, (x << 16) >> 16);
                        z = Math.min(z, x >> 16);
                    } else for (int i = 0; i < m; i++) {
                        int x = packed[i] ^ flip;
                        a += (x << 16) >> 16;
                        z += x >> 16;
                    }
                    acc = op == MAX ? Math.max(a, z) : op == MIN ? Math.min(a, z) : a + z;
                    if ((runs & 1) != 0) {
                        int x = (short) (voxels.get(VOXEL, at + 2L * (runs - 1)) ^ b);
                        acc = op == MAX ? Math.max(acc, x) : op == MIN ? Math.min(acc, x) : acc + x;
                    }
                }
                out[o + u] = value(acc, op, none, planes, s, c);
            }
        }

        /** Axial slab whose planes differ in rescale: the reduction in modality values. */
        private void modalityRow(int v, short[] line, double[] acc) {
            int n = nu, planes = 0;
            double start = mode == Mpr.Projection.MIP ? Double.NEGATIVE_INFINITY : mode == Mpr.Projection.MINIP ? Double.POSITIVE_INFINITY : 0;
            java.util.Arrays.fill(acc, 0, n, start);
            int[] hits = hasPadding ? new int[n] : null;
            for (int p = first; p <= last; p++, planes++) {
                MemorySegment.copy(voxels, VOXEL, lineOffset(v, p) * 2, line, 0, n);
                double s = slope[p], c = intercept[p];
                for (int i = 0; i < n; i++) {
                    short x = line[i];
                    if (hasPadding && (short) (x ^ bias) == paddingBiased) continue;
                    double m = stored((short) (x ^ bias)) * s + c;
                    if (hits != null) hits[i]++;
                    if (mode == Mpr.Projection.MIP) acc[i] = Math.max(acc[i], m);
                    else if (mode == Mpr.Projection.MINIP) acc[i] = Math.min(acc[i], m);
                    else acc[i] += m;
                }
            }
            int o = v * n;
            for (int i = 0; i < n; i++) {
                double m = mode == Mpr.Projection.AVG ? acc[i] / planes : acc[i];
                out[o + i] = hits != null && hits[i] == 0 ? Double.NaN : m;
            }
        }

        /** A biased accumulator value back to the stored value. */
        private int stored(int biased) {
            return signed ? biased : (biased ^ bias) & 0xFFFF;
        }
    }
}
