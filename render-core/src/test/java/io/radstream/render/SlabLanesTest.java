package io.radstream.render;

import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slab projection on 16-bit SIMD lanes ({@link SlabLanes}) against the int-lane fallback on
 * random stored values, bit for bit, and both against a voxel-by-voxel reduction of modality
 * values: signed and unsigned data, rows whose length is no multiple of the lane count (tails),
 * negative slopes (max and min swap), MinIP with padding (including columns of padding only and
 * voxels at the 16-bit extremes, which the SIMD accumulator alone cannot tell from "no voxel"),
 * and the mean. Surefire runs with {@code --add-modules jdk.incubator.vector}, as the server does.
 */
class SlabLanesTest {
    /** Odd sizes: 101 columns = 3 AVX-512 short vectors + 5, 70 rows, 9 slices. */
    private static final int COLUMNS = 101, ROWS = 70, SLICES = 9;

    @Test
    void simdLanesAreChosenWhenTheVectorModuleIsPresent() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "tests run with --add-modules jdk.incubator.vector (root pom radstream.argLine)");
        assertTrue(SlabProjection.SIMD_LANES, "the SIMD path must be the one chosen when the module is present");
        assertTrue(SlabLanes.shortLanes() >= 8, "at least 128-bit vectors: " + SlabLanes.shortLanes());
    }

    @Test
    void simdMatchesFallbackAndVoxelReductionSigned() throws Exception {
        compareAll(true, 1, -1024);
        compareAll(true, -0.5, 100);
    }

    @Test
    void simdMatchesFallbackAndVoxelReductionUnsigned() throws Exception {
        compareAll(false, 1, 0);
        compareAll(false, -2, 3000);
    }

    private static void compareAll(boolean signed, double slope, double intercept) throws Exception {
        Random rnd = new Random(signed ? 11 : 12);
        int pad = signed ? -2000 : 0xFFF0;
        Volume v = randomVolume(signed, slope, intercept, pad, rnd);
        try {
            int[][] ranges = {{0, 0}, {2, 6}}; // one plane, a few
            for (int axis = 0; axis < 3; axis++) {
                int n = axis == 0 ? COLUMNS : axis == 1 ? ROWS : SLICES;
                List<int[]> planes = new ArrayList<>(List.of(ranges));
                planes.add(new int[]{0, n - 1}); // the whole axis: along i, 101 voxels, a long run (SlabLanes.run)
                for (int[] r : planes) {
                    for (Mpr.Projection mode : Mpr.Projection.values()) {
                        for (OptionalInt padding : List.of(OptionalInt.empty(), OptionalInt.of(pad))) {
                            GridAlignedSlab slab = slab(axis, r[0], r[1], mode);
                            String what = (signed ? "signed" : "unsigned") + " slope " + slope + " axis " + axis + " planes " + r[0] + "–" + r[1]
                                    + " " + mode + (padding.isPresent() ? " padding " + pad : "");
                            double[] simd = SlabProjection.of(v, slab, padding, true).values;
                            double[] fallback = SlabProjection.of(v, slab, padding, false).values;
                            assertArrayEquals(fallback, simd, what); // doubles compared by their bits (NaN equals NaN)
                            assertVoxelReduction(v, slab, padding, simd, what);
                        }
                    }
                }
            }
        } finally {
            v.release();
        }
    }

    /** Each projection value against a plain loop over the column's voxels in modality values. */
    private static void assertVoxelReduction(Volume v, GridAlignedSlab slab, OptionalInt padding, double[] values, String what) {
        boolean skip = slab.projection() == Mpr.Projection.MINIP && padding.isPresent();
        for (int pv = 0; pv < slab.nv(); pv++) {
            for (int pu = 0; pu < slab.nu(); pu++) {
                double acc = slab.projection() == Mpr.Projection.MIP ? Double.NEGATIVE_INFINITY
                        : slab.projection() == Mpr.Projection.MINIP ? Double.POSITIVE_INFINITY : 0;
                int hits = 0;
                for (int p = slab.first(); p <= slab.last(); p++) {
                    int i = slab.axis() == 0 ? p : pu, j = slab.axis() == 0 ? pu : slab.axis() == 1 ? p : pv, k = slab.axis() == 2 ? p : pv;
                    if (skip && v.stored(i, j, k) == padding.getAsInt()) continue;
                    double m = v.modality(i, j, k);
                    hits++;
                    acc = switch (slab.projection()) {
                        case MIP -> Math.max(acc, m);
                        case MINIP -> Math.min(acc, m);
                        default -> acc + m;
                    };
                }
                double expected = hits == 0 ? Double.NaN : slab.projection() == Mpr.Projection.AVG ? acc / hits : acc;
                double got = values[pv * slab.nu() + pu];
                if (Double.isNaN(expected)) assertTrue(Double.isNaN(got), what + " at " + pu + "," + pv + ": padding only, " + got);
                else assertEquals(expected, got, 1e-9 * Math.max(1, Math.abs(expected)), what + " at " + pu + "," + pv);
            }
        }
    }

    /** A projection of planes [first, last] along {@code axis}; the resampling fields do not matter here. */
    static GridAlignedSlab slab(int axis, int first, int last, Mpr.Projection mode) {
        int u = axis == 0 ? 1 : 0, w = axis == 2 ? 1 : 2;
        int[] n = {COLUMNS, ROWS, SLICES};
        return new GridAlignedSlab(axis, u, w, first, last, mode, n[u], n[w], 0, 1, 0, 0, 0, 1);
    }

    /**
     * Random stored values over the whole 16-bit range, a third of them the padding value, the
     * 16-bit extremes sprinkled in, and every fifth row of every slice padding only (so the
     * projections across rows or slices have columns of padding only).
     */
    static Volume randomVolume(boolean signed, double slope, double intercept, int pad, Random rnd) throws Exception {
        short lowest = signed ? Short.MIN_VALUE : 0, highest = signed ? Short.MAX_VALUE : (short) 0xFFFF;
        List<SliceSource> slices = new ArrayList<>();
        double[] orientation = {1, 0, 0, 0, 1, 0};
        for (int k = 0; k < SLICES; k++) {
            ByteBuffer b = ByteBuffer.allocate(ROWS * COLUMNS * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int j = 0; j < ROWS; j++) {
                for (int i = 0; i < COLUMNS; i++) {
                    int r = rnd.nextInt(100);
                    short x = j % 5 == 0 || r < 33 ? (short) pad : r < 36 ? lowest : r < 39 ? highest : (short) rnd.nextInt(1 << 16);
                    b.putShort(x);
                }
            }
            byte[] bytes = b.array();
            slices.add(new SliceSource(new double[]{0, 0, k * 2.0}, orientation, new double[]{1, 1}, ROWS, COLUMNS, slope, intercept, () -> bytes));
        }
        try (VolumeLoader loader = new VolumeLoader(1)) {
            return loader.load(slices, new VolumeLoader.PixelFormat(16, signed, "MONOCHROME2", null));
        }
    }
}
