package io.radstream.render;

import io.radstream.volume.series.SeriesGeometry;

/**
 * The rotating full-volume MIP ("3D MIP") as a reformat: a MIP slab through the volume's centre,
 * thick enough to hold the whole volume at any angle (the bounding box's diagonal), that spins
 * about the viewport's vertical axis. Being an ordinary {@link Mpr}, every backend renders it
 * with its slab path, and the lossless still, parity tests and orientation labels apply unchanged.
 *
 * <p>It starts as a coronal projection (the anterior view radiologists expect of a CTA MIP);
 * spinning rotates about the patient's head–feet axis while the plane's {@code down} stays
 * "feet", so the volume turns like a patient on a turntable.
 */
public final class VolumeMip {
    /** A full-volume MIP is 1 mm thicker than the diagonal, so no corner voxel is ever cut off. */
    private static final double MARGIN_MM = 1;

    private VolumeMip() {}

    /** The volume's centre, patient mm (centre of the voxel grid's bounding box). */
    public static Vec centre(SeriesGeometry g) {
        return Vec.of(g.patientPosition((g.columns() - 1) / 2.0, (g.rows() - 1) / 2.0, (g.slices() - 1) / 2.0));
    }

    /** Length of the voxel grid's bounding-box diagonal, mm: no line through the centre crosses more. */
    public static double diagonalMm(SeriesGeometry g) {
        double x = (g.columns() - 1) * g.columnSpacing(), y = (g.rows() - 1) * g.rowSpacing(), z = g.depthMm();
        return Math.sqrt(x * x + y * y + z * z);
    }

    /** Shows the full-volume MIP, anterior view, keeping window, zoom and viewport. */
    public static ViewState show(ViewState s, SeriesGeometry g) {
        Mpr plane = Mpr.of(Plane.CORONAL, centre(g)).withSlab(Math.ceil(diagonalMm(g) + MARGIN_MM), Mpr.Projection.MIP);
        return s.withMpr(plane).withPan(0, 0);
    }

    /** True when the state shows a full-volume MIP of this geometry (a MIP slab covering the whole volume). */
    public static boolean isShown(ViewState s, SeriesGeometry g) {
        Mpr m = s.mpr();
        return m != null && m.projection() == Mpr.Projection.MIP && m.slabMm() >= diagonalMm(g);
    }

    /**
     * Turns the volume by {@code degrees} about the viewport's vertical axis (positive: the
     * patient's front turns toward the viewer's right), through the volume's centre.
     */
    public static ViewState spin(ViewState s, double degrees) {
        Mpr m = s.mpr();
        if (m == null) throw new IllegalStateException("spin needs a reformat; this state shows a native slice");
        return Gestures.rotatePlane(s, m.down(), degrees);
    }
}
