package io.radstream.volume.phantom;

/**
 * Hounsfield values of the slices of one {@link CtPhantom.Spec}: the anatomy sampled on each
 * slice plane, plus that slice's noise. Holds per-series state (noise table, scratch), so one
 * instance serves every slice of a series; not thread-safe.
 */
final class SliceRenderer {
    private final CtPhantom.Spec spec;
    private final SliceRasterizer rasterizer;
    private final NoiseField noise;

    SliceRenderer(CtPhantom.Spec spec) {
        this(spec, TorsoAnatomy.get());
    }

    SliceRenderer(CtPhantom.Spec spec, Anatomy anatomy) {
        this.spec = spec;
        double[] rowStep = scale(spec.columnDirection(), spec.rowSpacingMm());
        double[] columnStep = scale(spec.rowDirection(), spec.columnSpacingMm());
        this.rasterizer = new SliceRasterizer(anatomy, spec.rows(), spec.columns(), rowStep, columnStep);
        this.noise = new NoiseField(spec.seed());
    }

    /** A new array of rows x columns Hounsfield values, row-major. */
    short[] render(int slice) {
        short[] hu = new short[spec.rows() * spec.columns()];
        render(slice, hu);
        return hu;
    }

    /** Fills {@code hu} (rows x columns, row-major), so a series can reuse one buffer. */
    void render(int slice, short[] hu) {
        rasterizer.rasterize(spec.slicePosition(slice), hu);
        noise.addTo(slice, hu);
    }

    private static double[] scale(double[] v, double k) {
        return new double[]{v[0] * k, v[1] * k, v[2] * k};
    }
}
