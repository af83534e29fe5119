package io.radstream.render;

import io.radstream.volume.series.SeriesGeometry;

/**
 * Viewport pixel → patient position for a reformat: the centre of pixel (x, y) lies at
 * {@code topLeft + x·stepX + y·stepY} (patient mm).
 *
 * <p>Fit-to-viewport shows a square field of view as wide as the volume's largest extent along
 * any patient axis, so the whole volume fits a standard plane and rotating the plane does not
 * change the magnification. Zoom and pan then act as in the native view: the focal point sits at
 * the viewport centre moved by the pan.
 *
 * @param pixelsPerMm display scale
 * @param topLeft     patient position of the centre of viewport pixel (0, 0)
 * @param stepX       patient displacement from one pixel to the next along viewport x
 * @param stepY       patient displacement from one pixel to the next along viewport y
 */
public record MprMapping(double pixelsPerMm, Vec topLeft, Vec stepX, Vec stepY) {

    public static MprMapping of(SeriesGeometry g, ViewState s) {
        Mpr m = s.mpr();
        if (m == null) throw new IllegalArgumentException("not an MPR view state");
        double fov = fieldOfViewMm(g);
        double scale = Math.min(s.viewportWidth(), s.viewportHeight()) / fov * s.zoom();
        Vec sx = m.right().times(1 / scale), sy = m.down().times(1 / scale);
        double cx = s.viewportWidth() / 2.0 + s.panX(), cy = s.viewportHeight() / 2.0 + s.panY();
        Vec tl = m.focal().plus(sx.times(0.5 - cx)).plus(sy.times(0.5 - cy));
        return new MprMapping(scale, tl, sx, sy);
    }

    /** Patient position of the centre of viewport pixel (x, y); fractional pixels allowed. */
    public Vec patient(double x, double y) {
        return topLeft.plus(stepX.times(x)).plus(stepY.times(y));
    }

    /**
     * The inverse of {@link #patient}: the fractional pixel index (x, y) whose centre is the
     * orthogonal projection of {@code p} onto the plane. Points off the plane land where they
     * project, which is what a crosshair needs.
     */
    public double[] pixel(Vec p) {
        Vec d = p.minus(topLeft);
        // stepX and stepY are orthogonal and of length 1/pixelsPerMm
        double s2 = pixelsPerMm * pixelsPerMm;
        return new double[]{d.dot(stepX) * s2, d.dot(stepY) * s2};
    }

    /** Millimetres per viewport pixel (the same along x and y). */
    public double mmPerPixel() {
        return 1 / pixelsPerMm;
    }

    /** The largest extent of the volume (voxel boxes included) along patient x, y or z, mm. */
    static double fieldOfViewMm(SeriesGeometry g) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int c = 0; c < 8; c++) {
            double[] p = g.patientPosition((c & 1) == 0 ? -0.5 : g.columns() - 0.5, (c & 2) == 0 ? -0.5 : g.rows() - 0.5,
                    (c & 4) == 0 ? -0.5 : g.slices() - 0.5);
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], p[a]);
                hi[a] = Math.max(hi[a], p[a]);
            }
        }
        return Math.max(hi[0] - lo[0], Math.max(hi[1] - lo[1], hi[2] - lo[2]));
    }
}
