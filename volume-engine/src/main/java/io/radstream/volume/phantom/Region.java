package io.radstream.volume.phantom;

/**
 * One structure of the phantom: a uniform Hounsfield value inside a cross-section that varies
 * with z. The profile is sampled once into a table every {@link #Z_STEP} mm so that the per-voxel
 * test is a table lookup and five multiply-adds, with no allocation.
 *
 * <p>Table row layout: centre x, centre y, then the 2x2 matrix taking (dx, dy) to normalised
 * ellipse coordinates (u, v); a voxel is inside when u² + v² ≤ 1. Absent rows hold NaN, which
 * makes every comparison false.
 */
final class Region {
    static final double Z_MIN = -300;
    static final double Z_STEP = 0.5;
    static final int Z_SAMPLES = 1201; // to +300 mm; beyond the ends the end rows apply
    static final int STRIDE = 6;

    private final String name;
    private final short hu;
    private final float[] table = new float[Z_SAMPLES * STRIDE];
    /** Table rows per bounding-box bin: 8 mm of z, so a slice touches one or a few bins. */
    private static final int BIN = 16;
    private static final int BINS = (Z_SAMPLES + BIN - 1) / BIN;
    /** Per bin: min x, max x, min y, max y of the cross-sections in it; empty bins never overlap. */
    private final double[] bounds = new double[BINS * 4];
    /** Covers the float rounding of the inside test, so culling never drops a pixel it would hit. */
    private static final double MARGIN = 0.01;

    Region(String name, int hu, ZProfile profile) {
        this.name = name;
        this.hu = (short) hu;
        for (int bin = 0; bin < BINS; bin++) {
            bounds[4 * bin] = bounds[4 * bin + 2] = Double.POSITIVE_INFINITY;
            bounds[4 * bin + 1] = bounds[4 * bin + 3] = Double.NEGATIVE_INFINITY;
        }
        for (int i = 0; i < Z_SAMPLES; i++) {
            double z = Z_MIN + i * Z_STEP;
            Section s = profile.at(z);
            int b = i * STRIDE;
            if (s == null || s.semiAxisU() <= 0 || s.semiAxisV() <= 0) {
                java.util.Arrays.fill(table, b, b + STRIDE, Float.NaN);
                continue;
            }
            double c = Math.cos(s.angle()), sn = Math.sin(s.angle());
            table[b] = (float) s.centreX();
            table[b + 1] = (float) s.centreY();
            table[b + 2] = (float) (c / s.semiAxisU());
            table[b + 3] = (float) (sn / s.semiAxisU());
            table[b + 4] = (float) (-sn / s.semiAxisV());
            table[b + 5] = (float) (c / s.semiAxisV());
            int k = 4 * (i / BIN);
            double ex = s.extentX() + MARGIN, ey = s.extentY() + MARGIN;
            bounds[k] = Math.min(bounds[k], s.centreX() - ex);
            bounds[k + 1] = Math.max(bounds[k + 1], s.centreX() + ex);
            bounds[k + 2] = Math.min(bounds[k + 2], s.centreY() - ey);
            bounds[k + 3] = Math.max(bounds[k + 3], s.centreY() + ey);
        }
    }

    /** The same structure with another Hounsfield value (another contrast phase). */
    Region withHu(int newHu) {
        return new Region(this, newHu);
    }

    private Region(Region shape, int hu) {
        this.name = shape.name;
        this.hu = (short) hu;
        System.arraycopy(shape.table, 0, table, 0, table.length);
        System.arraycopy(shape.bounds, 0, bounds, 0, bounds.length);
    }

    String name() { return name; }

    short hu() { return hu; }

    /** The sampled table, for the rasteriser's inner loop; do not modify. */
    float[] table() { return table; }

    /** The table row for patient z: nearest sample, clamped to the ends. */
    static int zIndex(double z) {
        int i = (int) Math.floor((z - Z_MIN) / Z_STEP + 0.5);
        return i < 0 ? 0 : Math.min(i, Z_SAMPLES - 1);
    }

    boolean contains(double x, double y, int zIndex) {
        int b = zIndex * STRIDE;
        float dx = (float) (x - table[b]), dy = (float) (y - table[b + 1]);
        float u = dx * table[b + 2] + dy * table[b + 3];
        float v = dx * table[b + 4] + dy * table[b + 5];
        return u * u + v * v <= 1f;
    }

    /**
     * Whether any part of the structure may lie in the box (conservative). Uses the same nearest
     * table rows as {@link #zIndex}, so a point of the box is never tested against a row outside
     * the bins looked at here.
     */
    boolean mayOverlap(double x0, double x1, double y0, double y1, double z0, double z1) {
        int last = zIndex(z1) / BIN;
        for (int bin = zIndex(z0) / BIN; bin <= last; bin++) {
            int k = 4 * bin;
            if (x1 >= bounds[k] && x0 <= bounds[k + 1] && y1 >= bounds[k + 2] && y0 <= bounds[k + 3]) return true;
        }
        return false;
    }
}
