package io.radstream.volume.series;

import java.util.Arrays;

/**
 * Where every voxel of a stack lies, with each slice at its own recorded position rather than on a
 * uniform grid: slices may be irregularly spaced (gaps), and their origins may move along the row
 * or column direction from slice to slice (gantry tilt, a shear: FIELD-NOTES "Traps").
 *
 * <pre>P(i,j,k) = origin[k] + i·columnSpacing·rowDirection + j·rowSpacing·columnDirection</pre>
 *
 * with {@code origin[k]} the Image Position (Patient) of slice k (PS3.3 §C.7.6.2.1.1); between
 * slices the origin is interpolated linearly, beyond the ends extrapolated from the end spacing.
 * {@link #grid()} is the nominal regular grid ({@link Volume#geometry()}), which equals this one
 * exactly when the stack is regular and not sheared.
 *
 * @param grid    the nominal grid: directions, pixel spacings, median slice spacing
 * @param origins Image Position (Patient) of each slice, in slice order
 */
public record StackGeometry(SeriesGeometry grid, double[][] origins) {

    public StackGeometry {
        if (origins.length != grid.slices()) {
            throw new IllegalArgumentException(origins.length + " origins for " + grid.slices() + " slices");
        }
        double[][] copy = new double[origins.length][];
        for (int k = 0; k < origins.length; k++) {
            if (origins[k].length != 3) throw new IllegalArgumentException("origin " + k + " needs 3 values");
            copy[k] = origins[k].clone();
        }
        origins = copy;
    }

    /** The geometry of a regular, unsheared grid: origin[k] = origin + k·sliceSpacing·normal. */
    public static StackGeometry regular(SeriesGeometry grid) {
        double[][] o = new double[grid.slices()][];
        for (int k = 0; k < o.length; k++) o[k] = grid.patientPosition(0, 0, k);
        return new StackGeometry(grid, o);
    }

    public int slices() {
        return origins.length;
    }

    /** Image Position (Patient) of slice {@code k}. */
    public double[] origin(int k) {
        return origins[k].clone();
    }

    @Override
    public double[][] origins() {
        double[][] copy = new double[origins.length][];
        for (int k = 0; k < origins.length; k++) copy[k] = origins[k].clone();
        return copy;
    }

    /** Distance of slice k's plane from slice 0's, along the normal, mm (increasing with k). */
    public double offsetAlongNormal(int k) {
        return Vec3.dot(Vec3.sub(origins[k], origins[0]), grid.normal());
    }

    /** Patient position (mm) of fractional voxel index (i, j, k). */
    public double[] patientPosition(double i, double j, double k) {
        double[] p = sliceOrigin(k);
        p = Vec3.addScaled(p, i * grid.columnSpacing(), grid.rowDirection());
        return Vec3.addScaled(p, j * grid.rowSpacing(), grid.columnDirection());
    }

    private double[] sliceOrigin(double k) {
        int n = origins.length;
        if (n == 1) return Vec3.addScaled(origins[0], k * grid.sliceSpacing(), grid.normal());
        int k0 = (int) Math.floor(k);
        k0 = Math.max(0, Math.min(n - 2, k0));
        double t = k - k0;
        double[] step = Vec3.sub(origins[k0 + 1], origins[k0]);
        return Vec3.addScaled(origins[k0], t, step);
    }

    /**
     * Angle between the direction in which slice origins advance and the slice normal, degrees: 0
     * for an ordinary stack, the gantry tilt for a tilted CT acquisition.
     */
    public double shearDegrees() {
        if (origins.length < 2) return 0;
        double[] s = Vec3.sub(origins[origins.length - 1], origins[0]);
        double along = Vec3.dot(s, grid.normal());
        double[] across = Vec3.addScaled(s, -along, grid.normal());
        return Math.toDegrees(Math.atan2(Vec3.norm(across), Math.abs(along)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackGeometry g && grid.equals(g.grid) && Arrays.deepEquals(origins, g.origins);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(origins);
    }

    @Override
    public String toString() {
        return "StackGeometry[" + grid.columns() + "x" + grid.rows() + "x" + origins.length + ", first "
                + Arrays.toString(origins[0]) + ", last " + Arrays.toString(origins[origins.length - 1])
                + ", shear " + shearDegrees() + " deg]";
    }
}
