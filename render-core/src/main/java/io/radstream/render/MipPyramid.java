package io.radstream.render;

import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Maximum-downsampled copies of a volume for MIP slabs seen minified (a level of detail, like a
 * texture's mipmaps, but keeping maxima instead of means so no bright vessel disappears). Level
 * L keeps every 2^L-th voxel of the grid (same first voxel centre, spacing × 2^L), each holding
 * the largest stored value within ±(2^L − 1) voxels along every axis: trilinear interpolation
 * between two such voxels can then never miss a bright voxel lying between them. A MIP whose
 * pixels span at least 2^L voxels samples level L: 8^L times fewer voxels, 2^L times fewer
 * samples per ray.
 *
 * <p>The last voxel of an even-sized axis lies one voxel beyond the grid (its window holds only
 * real voxels), so a minified MIP may reach half a pixel further at that edge. Built from a
 * complete volume whose slices share one positive rescale (max commutes with it), on a regular
 * stack; otherwise there is none and the renderer samples full resolution. Held by the volume
 * ({@link Volume#derived}) and freed with it.
 */
final class MipPyramid implements AutoCloseable {
    static final Object KEY = MipPyramid.class;
    /** Levels stop when a dimension would drop below this, or at {@link #MAX_LEVELS}. */
    private static final int MIN_SIZE = 8;
    static final int MAX_LEVELS = 3;
    private static final ValueLayout.OfShort VOXEL = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final List<Volume> levels;

    private MipPyramid(List<Volume> levels) {
        this.levels = levels;
    }

    /** Whether a pyramid can stand for this volume: complete, regular, one positive rescale. */
    static boolean supports(Volume v) {
        if (v.readySlices() != v.slices() || !MprSampling.isRegular(v.stackGeometry())) return false;
        double slope = v.rescaleSlope(0), intercept = v.rescaleIntercept(0);
        if (!(slope > 0)) return false;
        for (int k = 1; k < v.slices(); k++) {
            if (v.rescaleSlope(k) != slope || v.rescaleIntercept(k) != intercept) return false;
        }
        return true;
    }

    /** Builds every level; the source must satisfy {@link #supports}. */
    static MipPyramid of(Volume source) {
        List<Volume> built = new ArrayList<>();
        Volume from = source;
        try {
            for (int l = 1; l <= MAX_LEVELS; l++) {
                SeriesGeometry g = from.geometry();
                if (g.columns() / 2 + 1 < MIN_SIZE || g.rows() / 2 + 1 < MIN_SIZE) break;
                from = halve(from, source);
                built.add(from);
            }
        } catch (Exception e) {
            built.forEach(Volume::release);
            throw new IllegalStateException("MIP pyramid could not be built: " + e.getMessage(), e);
        }
        return new MipPyramid(List.copyOf(built));
    }

    /** Levels built (0 when the volume is too small). */
    int levels() {
        return levels.size();
    }

    /** Level {@code l}, 1 ≤ l ≤ {@link #levels()}. */
    Volume level(int l) {
        return levels.get(l - 1);
    }

    @Override
    public void close() {
        levels.forEach(Volume::release);
    }

    /** One level down: every second voxel, the maximum of its 3×3×3 neighbourhood (3×3 with one slice). */
    private static Volume halve(Volume v, Volume source) throws Exception {
        SeriesGeometry g = v.geometry();
        int nc = g.columns(), nr = g.rows(), ns = g.slices();
        int oc = nc / 2 + 1, or = nr / 2 + 1, os = ns == 1 ? 1 : ns / 2 + 1;
        boolean signed = v.signed();
        MemorySegment in = v.voxels();
        double[] orientation = {g.rowDirection()[0], g.rowDirection()[1], g.rowDirection()[2],
                g.columnDirection()[0], g.columnDirection()[1], g.columnDirection()[2]};
        List<SliceSource> slices = new ArrayList<>(os);
        for (int k = 0; k < os; k++) {
            int kc = ns == 1 ? 0 : 2 * k, k0 = Math.max(0, kc - 1), k1 = Math.min(ns - 1, kc + 1);
            slices.add(new SliceSource(g.patientPosition(0, 0, kc), orientation, new double[]{2 * g.rowSpacing(), 2 * g.columnSpacing()},
                    or, oc, source.rescaleSlope(0), source.rescaleIntercept(0), () -> {
                byte[] out = new byte[oc * or * 2];
                int o = 0;
                for (int j = 0; j < or; j++) {
                    int j0 = Math.max(0, 2 * j - 1), j1 = Math.min(nr - 1, 2 * j + 1);
                    for (int i = 0; i < oc; i++) {
                        int i0 = Math.max(0, 2 * i - 1), i1 = Math.min(nc - 1, 2 * i + 1);
                        int max = Integer.MIN_VALUE;
                        for (int kk = k0; kk <= k1; kk++) {
                            for (int jj = j0; jj <= j1; jj++) {
                                long row = ((long) kk * nr + jj) * nc;
                                for (int ii = i0; ii <= i1; ii++) max = Math.max(max, value(in, row + ii, signed));
                            }
                        }
                        out[o++] = (byte) max;
                        out[o++] = (byte) (max >> 8);
                    }
                }
                return out;
            }));
        }
        try (VolumeLoader loader = new VolumeLoader(1)) {
            return loader.load(slices, new VolumeLoader.PixelFormat(16, signed, v.photometric(), null));
        }
    }

    private static int value(MemorySegment voxels, long index, boolean signed) {
        short s = voxels.getAtIndex(VOXEL, index);
        return signed ? s : s & 0xFFFF;
    }
}
