package io.radstream.render;

import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.StackGeometry;
import io.radstream.volume.series.Volume;

/**
 * Where a reformat samples the volume: the affine map from (viewport x, y, slab sample t) to
 * fractional voxel indices on the nominal grid, and the slab's sample count and spacing. Shared by
 * {@link CpuMpr} and the GPU passes so both start from the very same doubles.
 *
 * <p>For a regular stack {@code index = (i0, j0, k0) + x·dx + y·dy + t·dn}. A sheared or irregular
 * stack ({@code regular == false}) maps the patient position
 * {@code topLeft + x·stepX + y·stepY + (slabStart + t·slabStep)·normal} through the per-slice origins.
 *
 * <p>{@link CpuMpr} evaluates the regular map incrementally in tiles of {@link #TILE} pixels:
 * {@code fi = i0 + y·dyi + x0·dxi}, then {@code += dxi} per pixel and {@code += dni} per sample,
 * where {@code x0} is the tile's first column; a bit-exact backend does the same additions.
 */
public record MprSampling(int samples, double slabStart, double slabStep, boolean regular,
                          double i0, double j0, double k0,
                          double dxi, double dxj, double dxk,
                          double dyi, double dyj, double dyk,
                          double dni, double dnj, double dnk,
                          Vec topLeft, Vec stepX, Vec stepY, Vec normal) {

    /** Tiles of TILE × TILE pixels keep an oblique plane's samples within a few cached slices. */
    public static final int TILE = 32;

    /**
     * What a reformat of {@code volume} samples: the volume itself, or for a thick MIP slab seen
     * minified the {@link MipPyramid} level {@code CpuMpr} samples, so every backend draws the same
     * picture. A slab on the volume's own grid always samples the volume (it is projected, then
     * resampled). Place the viewport with the volume's own {@link MprMapping}, not the level's.
     */
    public static Volume sampledVolume(ViewState s, Volume volume) {
        if (GridAlignedSlab.of(s, volume) != null) return volume;
        return CpuMpr.detail(s, volume, MprMapping.of(volume.geometry(), s));
    }

    public static MprSampling of(SeriesGeometry g, StackGeometry stack, ViewState s) {
        return of(g, stack, s, MprMapping.of(g, s));
    }

    /**
     * As above with the viewport placed by {@code map}: sampling a coarser copy of the volume
     * (a {@link MipPyramid} level) while keeping the picture where the full volume puts it.
     */
    public static MprSampling of(SeriesGeometry g, StackGeometry stack, ViewState s, MprMapping map) {
        Mpr m = s.mpr();
        int samples = slabSamples(m.slabMm(), g);
        double slabStart = samples == 1 ? 0 : -m.slabMm() / 2;
        double slabStep = samples == 1 ? 0 : m.slabMm() / (samples - 1);
        Vec normal = m.normal();
        Vec origin = Vec.of(g.origin()), row = Vec.of(g.rowDirection()), col = Vec.of(g.columnDirection()),
                nrm = Vec.of(g.normal());
        double cs = g.columnSpacing(), rs = g.rowSpacing(), ss = g.sliceSpacing();
        Vec p0 = map.topLeft().plus(normal.times(slabStart)).minus(origin);
        Vec n = normal.times(slabStep);
        return new MprSampling(samples, slabStart, slabStep, isRegular(stack),
                p0.dot(row) / cs, p0.dot(col) / rs, p0.dot(nrm) / ss,
                map.stepX().dot(row) / cs, map.stepX().dot(col) / rs, map.stepX().dot(nrm) / ss,
                map.stepY().dot(row) / cs, map.stepY().dot(col) / rs, map.stepY().dot(nrm) / ss,
                n.dot(row) / cs, n.dot(col) / rs, n.dot(nrm) / ss,
                map.topLeft(), map.stepX(), map.stepY(), normal);
    }

    /** Samples per slab: n ≥ 2 samples spaced thickness/(n−1) ≤ the smallest voxel spacing; 1 for a thin plane. */
    public static int slabSamples(double slabMm, SeriesGeometry g) {
        if (slabMm <= 0) return 1;
        double step = Math.min(g.columnSpacing(), Math.min(g.rowSpacing(), g.sliceSpacing()));
        return (int) Math.ceil(slabMm / step - 1e-9) + 1;
    }

    /** Whether every slice lies where the nominal grid puts it (within 1 µm). */
    public static boolean isRegular(StackGeometry st) {
        SeriesGeometry g = st.grid();
        for (int k = 0; k < st.slices(); k++) {
            double[] o = st.origin(k), e = g.patientPosition(0, 0, k);
            if (Math.abs(o[0] - e[0]) > 1e-3 || Math.abs(o[1] - e[1]) > 1e-3 || Math.abs(o[2] - e[2]) > 1e-3) return false;
        }
        return true;
    }
}
