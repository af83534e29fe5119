package io.radstream.render;

import io.radstream.volume.series.Volume;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * For empty-space skipping in MIP slabs: the largest modality value any trilinear sample can take
 * inside each block of {@link #B}³ cells. A cell (i..i+1, j..j+1, k..k+1) interpolates between its
 * eight corner voxels, so the block of cells {@code B·b .. B·b+B−1} along an axis reads voxels
 * {@code B·b .. B·b+B}; their maximum bounds every sample in the block. A MIP ray whose running
 * maximum already reaches that bound can skip the sample without changing the result, so the
 * output stays bit for bit what sampling every step gives (and what the GPU backends give).
 *
 * <p>Built for complete volumes with one positive rescale (a maximum of stored values is then the
 * maximum of modality values), once per volume ({@link Volume#derived}); 1/64 of the voxel count,
 * on the heap.
 */
final class CellMaxima implements AutoCloseable {
    static final Object KEY = CellMaxima.class;
    /** Cells per block edge: a power of two, so a cell index becomes a block index by a shift. */
    static final int B = 4, SHIFT = 2;
    private static final ValueLayout.OfShort VOXEL = ValueLayout.JAVA_SHORT_UNALIGNED;

    final int blocksI, blocksJ, blocksK;
    /** Per block, the maximum modality value of its voxels (as a double: compared with the ray's running maximum). */
    final double[] max;

    private CellMaxima(int bi, int bj, int bk, double[] max) {
        this.blocksI = bi;
        this.blocksJ = bj;
        this.blocksK = bk;
        this.max = max;
    }

    /** Whether maxima can stand for the volume: the same conditions as the MIP pyramid. */
    static boolean supports(Volume v) {
        return MipPyramid.supports(v);
    }

    static CellMaxima of(Volume v) {
        int nc = v.columns(), nr = v.rows(), ns = v.slices();
        // cells run 0..n-2 per axis (one cell when n = 1); blocks of B cells
        int bi = blocks(nc), bj = blocks(nr), bk = blocks(ns);
        int[] stored = new int[bi * bj * bk];
        java.util.Arrays.fill(stored, Integer.MIN_VALUE);
        MemorySegment seg = v.voxels();
        boolean signed = v.signed();
        for (int k = 0; k < ns; k++) {
            // voxel k belongs to the blocks of cells k-1 and k (both ends of a cell)
            int kb0 = block(Math.max(0, k - 1)), kb1 = block(Math.min(Math.max(0, ns - 2), k));
            for (int j = 0; j < nr; j++) {
                int jb0 = block(Math.max(0, j - 1)), jb1 = block(Math.min(Math.max(0, nr - 2), j));
                long row = ((long) k * nr + j) * nc;
                for (int i = 0; i < nc; i++) {
                    short s = seg.getAtIndex(VOXEL, row + i);
                    int value = signed ? s : s & 0xFFFF;
                    int ib0 = block(Math.max(0, i - 1)), ib1 = block(Math.min(Math.max(0, nc - 2), i));
                    for (int kb = kb0; kb <= kb1; kb++)
                        for (int jb = jb0; jb <= jb1; jb++)
                            for (int ib = ib0; ib <= ib1; ib++) {
                                int at = (kb * bj + jb) * bi + ib;
                                if (value > stored[at]) stored[at] = value;
                            }
                }
            }
        }
        double slope = v.rescaleSlope(0), intercept = v.rescaleIntercept(0);
        double[] max = new double[stored.length];
        for (int b = 0; b < stored.length; b++) max[b] = stored[b] * slope + intercept;
        return new CellMaxima(bi, bj, bk, max);
    }

    /** The bound for the cell whose lower corner is voxel (i, j, k) (indices as the sampler clamps them). */
    double at(int i, int j, int k) {
        return max[((k >> SHIFT) * blocksJ + (j >> SHIFT)) * blocksI + (i >> SHIFT)];
    }

    private static int blocks(int n) {
        return block(Math.max(0, n - 2)) + 1;
    }

    private static int block(int cell) {
        return cell >> SHIFT;
    }

    @Override
    public void close() {
        // heap only
    }
}
