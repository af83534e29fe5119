package io.radstream.volume.phantom;

/**
 * Renders frames of a {@link DbtPhantom}: the breast model sampled at every pixel centre of a
 * slice plane, plus noise, as 10-bit stored values. The fibroglandular texture, the costly part,
 * is evaluated on a grid of at least 0.5 mm and interpolated (its finest octave is 2 mm); lesions
 * are applied only within their bounding boxes. Thread-safe: frames can be rendered in parallel.
 */
final class DbtFrameRenderer {
    private static final double TEXTURE_STEP_MM = 0.5;
    static final double NOISE_SIGMA = 5;

    private final DbtPhantom.Spec spec;
    private final DbtGeometry geometry;
    private final BreastModel model;
    private final NoiseField noise;

    DbtFrameRenderer(DbtPhantom.Spec spec, DbtGeometry geometry, BreastModel model) {
        this.spec = spec;
        this.geometry = geometry;
        this.model = model;
        this.noise = new NoiseField(spec.seed(), NOISE_SIGMA);
    }

    /** Stored values of frame k (0-based), rows x columns, row-major. */
    short[] render(int k) {
        int rows = spec.rows(), cols = spec.columns();
        double h = geometry.hOfFrame(k);
        short[] out = new short[rows * cols];
        Texture tex = new Texture(h);
        for (int r = 0; r < rows; r++) {
            double m = geometry.mOfRow(r);
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                double a = geometry.aOfColumn(c);
                double inside = model.depthInside(a, m, h);
                out[base + c] = (short) (inside < 0 ? BreastModel.AIR : model.tissue(a, m, h, inside, tex.at(a, m)));
            }
        }
        for (BreastModel.Lesion l : model.lesions()) {
            if (!l.affects(h)) continue;
            int c0 = clampCol(geometry.columnOfA(l.a() - l.reach())), c1 = clampCol(geometry.columnOfA(l.a() + l.reach()));
            int r0 = clampRow(geometry.rowOfM(l.m() - l.reach())), r1 = clampRow(geometry.rowOfM(l.m() + l.reach()));
            for (int r = Math.min(r0, r1); r <= Math.max(r0, r1); r++) {
                double m = geometry.mOfRow(r);
                for (int c = Math.min(c0, c1); c <= Math.max(c0, c1); c++) {
                    int i = r * cols + c;
                    out[i] = (short) l.apply(geometry.aOfColumn(c), m, h, out[i]);
                }
            }
        }
        noise.addTo(k, out);
        for (int i = 0; i < out.length; i++) out[i] = (short) Math.clamp(out[i], 0, 1023);
        return out;
    }

    /** Frame k as Pixel Data bytes: 16-bit little endian (PS3.5 §8.1.1). */
    byte[] renderLittleEndian(int k) {
        short[] v = render(k);
        byte[] b = new byte[2 * v.length];
        for (int i = 0; i < v.length; i++) {
            b[2 * i] = (byte) v[i];
            b[2 * i + 1] = (byte) (v[i] >> 8);
        }
        return b;
    }

    private int clampCol(double c) {
        return (int) Math.clamp(Math.round(c), 0, spec.columns() - 1);
    }

    private int clampRow(double r) {
        return (int) Math.clamp(Math.round(r), 0, spec.rows() - 1);
    }

    /** The texture on one slice, sampled on a coarse grid over the breast's bounding box. */
    private final class Texture {
        private final double step = Math.max(TEXTURE_STEP_MM, spec.pixelSpacingMm());
        private final int na = (int) Math.ceil(model.semiA / step) + 2;
        private final int nm = (int) Math.ceil(2 * model.semiM / step) + 2;
        private final float[] grid = new float[na * nm];

        Texture(double h) {
            for (int j = 0; j < nm; j++) {
                double m = -model.semiM + j * step;
                for (int i = 0; i < na; i++) grid[j * na + i] = (float) model.texture(i * step, m, h);
            }
        }

        double at(double a, double m) {
            double x = a / step, y = (m + model.semiM) / step;
            int i = Math.clamp((int) x, 0, na - 2), j = Math.clamp((int) y, 0, nm - 2);
            double fx = x - i, fy = y - j;
            int p = j * na + i;
            double top = grid[p] + fx * (grid[p + 1] - grid[p]);
            double bottom = grid[p + na] + fx * (grid[p + na + 1] - grid[p + na]);
            return top + fy * (bottom - top);
        }
    }
}
