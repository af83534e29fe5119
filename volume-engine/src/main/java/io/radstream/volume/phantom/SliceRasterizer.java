package io.radstream.volume.phantom;

import java.util.List;

/**
 * Samples the anatomy on one image plane. Each 16 x 16 tile first collects the structures whose
 * bounds its corners' box (in patient space) can touch, so each pixel tests a handful of shapes
 * rather than all of them; the mapping from pixel to patient position is affine (PS3.3
 * §C.7.6.2.1.1), so a tile is a parallelogram and its corners bound it exactly.
 *
 * <p>Not thread-safe: it keeps a scratch list. Use one per thread.
 */
final class SliceRasterizer {
    private static final int TILE = 16;

    private final Region[] regions;
    private final float[][] tables;
    private final short[] hus;
    private final int rows, columns;
    private final double[] rowStep, columnStep;
    private final int[] candidates;
    private final double[][] corners = new double[4][3];

    /**
     * @param rowStep    patient displacement from one row to the next (row spacing x column direction)
     * @param columnStep patient displacement from one column to the next (column spacing x row direction)
     */
    SliceRasterizer(Anatomy anatomy, int rows, int columns, double[] rowStep, double[] columnStep) {
        List<Region> list = anatomy.regions();
        this.regions = list.toArray(new Region[0]);
        this.tables = new float[regions.length][];
        this.hus = new short[regions.length];
        for (int i = 0; i < regions.length; i++) {
            tables[i] = regions[i].table();
            hus[i] = regions[i].hu();
        }
        this.rows = rows;
        this.columns = columns;
        this.rowStep = rowStep.clone();
        this.columnStep = columnStep.clone();
        this.candidates = new int[regions.length];
    }

    /** Fills {@code hu} (rows x columns, row-major) for the plane whose first pixel centre is {@code origin}. */
    void rasterize(double[] origin, short[] hu) {
        if (hu.length != rows * columns) throw new IllegalArgumentException("buffer is not rows x columns");
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(r0 + TILE, rows);
            for (int c0 = 0; c0 < columns; c0 += TILE) {
                int c1 = Math.min(c0 + TILE, columns);
                int n = collectCandidates(origin, r0, r1 - 1, c0, c1 - 1);
                fillTile(origin, hu, r0, r1, c0, c1, n);
            }
        }
    }

    /**
     * The structures a tile may show, in priority order. When all four corners lie inside one
     * structure at the same table row, the whole tile does (an ellipse is convex), so nothing after
     * it can win and the list stops there: tiles inside lung or muscle test two or three shapes.
     */
    private int collectCandidates(double[] origin, int r0, int r1, int c0, int c1) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int corner = 0;
        for (int r : new int[]{r0, r1}) {
            for (int c : new int[]{c0, c1}) {
                for (int a = 0; a < 3; a++) {
                    double p = origin[a] + r * rowStep[a] + c * columnStep[a];
                    corners[corner][a] = p;
                    lo[a] = Math.min(lo[a], p);
                    hi[a] = Math.max(hi[a], p);
                }
                corner++;
            }
        }
        int n = 0;
        for (int k = 0; k < regions.length; k++) {
            if (regions[k].mayOverlap(lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])) candidates[n++] = k;
        }
        int zi = Region.zIndex(lo[2]);
        if (zi == Region.zIndex(hi[2])) {
            for (int k = 0; k < n; k++) {
                if (containsAllCorners(regions[candidates[k]], zi)) return k + 1;
            }
        }
        return n;
    }

    private boolean containsAllCorners(Region region, int zi) {
        for (double[] p : corners) {
            if (!region.contains(p[0], p[1], zi)) return false;
        }
        return true;
    }

    private void fillTile(double[] origin, short[] hu, int r0, int r1, int c0, int c1, int n) {
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                double x = origin[0] + r * rowStep[0] + c * columnStep[0];
                double y = origin[1] + r * rowStep[1] + c * columnStep[1];
                double z = origin[2] + r * rowStep[2] + c * columnStep[2];
                int base = Region.zIndex(z) * Region.STRIDE;
                short value = Anatomy.AIR_HU;
                for (int k = 0; k < n; k++) {
                    int idx = candidates[k];
                    float[] t = tables[idx];
                    // same arithmetic as Region.contains, so Anatomy.huAt agrees pixel for pixel
                    float dx = (float) (x - t[base]), dy = (float) (y - t[base + 1]);
                    float u = dx * t[base + 2] + dy * t[base + 3];
                    float v = dx * t[base + 4] + dy * t[base + 5];
                    if (u * u + v * v <= 1f) {
                        value = hus[idx];
                        break;
                    }
                }
                hu[r * columns + c] = value;
            }
        }
    }
}
