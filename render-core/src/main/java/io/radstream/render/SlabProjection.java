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
 * <p>The reduction runs on stored values in tight loops over {@code short[]} lines that C2
 * vectorises (a line of voxels is copied out of the off-heap volume in bulk, then combined
 * element-wise with the accumulator line), on the common fork-join pool, split by projection rows.
 * The rescale is applied once per result: max and min commute with a positive slope (a negative
 * one swaps them), and the mean of stored values rescaled equals the mean of modality values.
 * Where the rescale changes from plane to plane along the slab (per-slice rescale, axial slabs),
 * the reduction runs in modality values instead.
 */
final class SlabProjection {
    private static final ValueLayout.OfShort VOXEL = ValueLayout.JAVA_SHORT_UNALIGNED;
    /** Projection rows per parallel task: enough to amortise the task, few enough to balance two cores or sixteen. */
    private static final int ROWS_PER_TASK = 8;

    final GridAlignedSlab slab;
    final double[] values;

    private SlabProjection(GridAlignedSlab slab, double[] values) {
        this.slab = slab;
        this.values = values;
    }

    /** Reduces the slab's planes of {@code v}; {@code padding} is skipped by MinIP. */
    static SlabProjection of(Volume v, GridAlignedSlab slab, OptionalInt padding) {
        int nu = slab.nu(), nv = slab.nv();
        double[] values = new double[nu * nv];
        Reduction r = new Reduction(v, slab, padding, values);
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
        final boolean hasPadding, signed;
        final short paddingBiased;
        final double[] slope, intercept, out;
        final boolean oneRescale;

        Reduction(Volume v, GridAlignedSlab slab, OptionalInt padding, double[] out) {
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
            short[] acc = new short[nu];
            int[] sum = new int[nu];
            double[] exact = new double[nu];
            for (int v = v0; v < v1; v++) {
                if (first > last) {
                    java.util.Arrays.fill(out, v * nu, (v + 1) * nu, Double.NaN);
                    continue;
                }
                if (axis == 0) acrossRow(v, line);
                else if (!oneRescale) modalityRow(v, line, exact);
                else if (mode == Mpr.Projection.AVG) meanRow(v, line, sum);
                else if (hasPadding) paddedMinRow(v, line, sum);
                else extremeRow(v, line, acc);
            }
        }

        /** Offset of the line of plane p in projection row v (axes j or k: whole rows of the volume). */
        private long lineOffset(int v, int p) {
            // axis 1 (j): u = i, v = k; axis 2 (k): u = i, v = j
            return axis == 1 ? v * sliceStride + (long) p * cols : p * sliceStride + (long) v * cols;
        }

        /** The slice whose rescale applies to row v's values (axis j); -1 when it varies with the plane (axis k). */
        private int rescaleSlice(int v) {
            return axis == 1 ? v : first;
        }

        private void extremeRow(int v, short[] line, short[] acc) {
            int k = rescaleSlice(v);
            boolean max = (mode == Mpr.Projection.MIP) == (slope[k] >= 0); // a negative slope swaps max and min
            final short b = bias;
            final int n = nu;
            MemorySegment.copy(voxels, VOXEL, lineOffset(v, first) * 2, acc, 0, n);
            for (int i = 0; i < n; i++) acc[i] ^= b;
            for (int p = first + 1; p <= last; p++) {
                MemorySegment.copy(voxels, VOXEL, lineOffset(v, p) * 2, line, 0, n);
                // the loops C2 turns into packed 16-bit max / min
                if (max) for (int i = 0; i < n; i++) acc[i] = (short) Math.max(acc[i], line[i] ^ b);
                else for (int i = 0; i < n; i++) acc[i] = (short) Math.min(acc[i], line[i] ^ b);
            }
            double s = slope[k], c = intercept[k];
            int o = v * n;
            for (int i = 0; i < n; i++) out[o + i] = stored(acc[i]) * s + c;
        }

        /** MinIP skipping padding: a column of padding only is NaN. */
        private void paddedMinRow(int v, short[] line, int[] acc) {
            int k = rescaleSlice(v);
            boolean min = slope[k] >= 0;
            final short b = bias, pad = paddingBiased;
            final int n = nu, none = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            java.util.Arrays.fill(acc, 0, n, none);
            for (int p = first; p <= last; p++) {
                MemorySegment.copy(voxels, VOXEL, lineOffset(v, p) * 2, line, 0, n);
                if (min) for (int i = 0; i < n; i++) {
                    short x = (short) (line[i] ^ b);
                    acc[i] = Math.min(acc[i], x == pad ? none : x);
                }
                else for (int i = 0; i < n; i++) {
                    short x = (short) (line[i] ^ b);
                    acc[i] = Math.max(acc[i], x == pad ? none : x);
                }
            }
            double s = slope[k], c = intercept[k];
            int o = v * n;
            for (int i = 0; i < n; i++) out[o + i] = acc[i] == none ? Double.NaN : stored((short) acc[i]) * s + c;
        }

        private void meanRow(int v, short[] line, int[] sum) {
            int k = rescaleSlice(v), planes = last - first + 1, n = nu;
            java.util.Arrays.fill(sum, 0, n, 0);
            // 16-bit values summed in an int: exact up to 32767 planes, beyond any real slab
            if (signed) {
                for (int p = first; p <= last; p++) {
                    MemorySegment.copy(voxels, VOXEL, lineOffset(v, p) * 2, line, 0, n);
                    for (int i = 0; i < n; i++) sum[i] += line[i];
                }
            } else {
                for (int p = first; p <= last; p++) {
                    MemorySegment.copy(voxels, VOXEL, lineOffset(v, p) * 2, line, 0, n);
                    for (int i = 0; i < n; i++) sum[i] += line[i] & 0xFFFF;
                }
            }
            double s = slope[k], c = intercept[k];
            int o = v * n;
            for (int i = 0; i < n; i++) out[o + i] = (double) sum[i] / planes * s + c;
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

        /** Sagittal slab (axis i): each projection value reduces a run of one voxel row. */
        private void acrossRow(int v, short[] line) {
            // u = j, v = k
            int runs = last - first + 1, n = nu;
            double s = slope[v], c = intercept[v];
            boolean max = (mode == Mpr.Projection.MIP) == (s >= 0);
            final short b = bias, pad = paddingBiased;
            int o = v * n;
            for (int u = 0; u < n; u++) {
                MemorySegment.copy(voxels, VOXEL, (v * sliceStride + (long) u * cols + first) * 2, line, 0, runs);
                double value;
                if (mode == Mpr.Projection.AVG) {
                    long sum = 0;
                    if (signed) for (int t = 0; t < runs; t++) sum += line[t];
                    else for (int t = 0; t < runs; t++) sum += line[t] & 0xFFFF;
                    value = (double) sum / runs * s + c;
                } else if (hasPadding) {
                    int none = max ? Integer.MIN_VALUE : Integer.MAX_VALUE, acc = none;
                    for (int t = 0; t < runs; t++) {
                        short x = (short) (line[t] ^ b);
                        if (x != pad) acc = max ? Math.max(acc, x) : Math.min(acc, x);
                    }
                    value = acc == none ? Double.NaN : stored((short) acc) * s + c;
                } else {
                    int acc = (short) (line[0] ^ b);
                    if (max) for (int t = 1; t < runs; t++) acc = Math.max(acc, (short) (line[t] ^ b));
                    else for (int t = 1; t < runs; t++) acc = Math.min(acc, (short) (line[t] ^ b));
                    value = stored((short) acc) * s + c;
                }
                out[o + u] = value;
            }
        }

        /** A biased accumulator value back to the stored value. */
        private int stored(short biased) {
            return signed ? biased : (biased ^ bias) & 0xFFFF;
        }
    }
}
