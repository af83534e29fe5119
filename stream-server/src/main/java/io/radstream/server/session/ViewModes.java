package io.radstream.server.session;

import io.radstream.render.Gestures;
import io.radstream.render.Mpr;
import io.radstream.render.OrientationLabels;
import io.radstream.render.Plane;
import io.radstream.render.Vec;
import io.radstream.render.ViewState;
import io.radstream.render.VolumeMip;
import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.Volume;

import java.util.Locale;

/**
 * Switching between the native stack and reformats, and stack-like scrolling in either: pure
 * functions of a view state and the volume's geometry. Switching keeps the anatomy in view: a
 * plane opens through the centre of the native slice on screen, and the native view comes back at
 * the slice nearest the plane's focal point.
 */
final class ViewModes {
    private ViewModes() {}

    /** {@code view}: native, axial, coronal, sagittal, or volume (the rotating full-volume MIP). */
    static ViewState show(ViewState s, String view, Volume v) {
        if (view.equals("volume")) return VolumeMip.show(s, v.geometry());
        if (view.equals("native")) {
            if (s.mpr() == null) return s;
            return Gestures.showNative(s).withSlice(nearestSlice(s.mpr().focal(), v));
        }
        Plane plane = switch (view) {
            case "axial" -> Plane.AXIAL;
            case "coronal" -> Plane.CORONAL;
            case "sagittal" -> Plane.SAGITTAL;
            default -> throw new IllegalArgumentException("unknown view '" + view + "'");
        };
        return Gestures.showPlane(s, plane, focalOf(s, v));
    }

    /** One wheel step: a slice in the native view, the smallest voxel spacing in a reformat. */
    static ViewState scroll(ViewState s, int delta, Volume v) {
        if (s.mpr() == null) return Gestures.scroll(s, delta, v.slices());
        double[] range = positionRange(s.mpr(), v);
        return Gestures.gotoPosition(s, s.mpr().position() + delta * stepMm(v), range[0], range[1]);
    }

    /** Slab thickness in mm (0 = thin) and projection name (MIP, MINIP, AVG). */
    static ViewState slab(ViewState s, double mm, String projection, Volume volume) {
        if (!(mm >= 0 && mm <= 500)) throw new IllegalArgumentException("slab must be 0..500 mm");
        if (s.mpr() == null) {
            if (mm == 0) return s;
            // a slab of the native stack (DBT slabbing across frames): a reformat in the
            // acquisition plane through the slice on screen, so the image does not move
            s = s.withMpr(acquisitionPlane(s, volume));
        }
        return Gestures.slab(s, mm, Mpr.Projection.valueOf(projection.toUpperCase(Locale.ROOT)));
    }

    /** The plane of the stored slices, through the centre of the slice on screen. */
    static Mpr acquisitionPlane(ViewState s, Volume v) {
        SeriesGeometry g = v.geometry();
        return new Mpr(focalOf(s, v), Vec.of(g.rowDirection()).unit(), Vec.of(g.columnDirection()).unit(), 0, Mpr.Projection.MIP);
    }

    static double stepMm(Volume v) {
        SeriesGeometry g = v.geometry();
        return Math.min(g.sliceSpacing(), Math.min(g.rowSpacing(), g.columnSpacing()));
    }

    /** The patient point at the centre of what is shown now. */
    static Vec focalOf(ViewState s, Volume v) {
        if (s.mpr() != null) return s.mpr().focal();
        SeriesGeometry g = v.geometry();
        return Vec.of(g.patientPosition((g.columns() - 1) / 2.0, (g.rows() - 1) / 2.0, s.slice()));
    }

    static int nearestSlice(Vec focal, Volume v) {
        SeriesGeometry g = v.geometry();
        double along = focal.minus(Vec.of(g.origin())).dot(Vec.of(g.normal()));
        return (int) Math.max(0, Math.min(v.slices() - 1, Math.round(along / g.sliceSpacing())));
    }

    /** Positions along the plane normal that still cut the volume (its 8 corners projected). */
    static double[] positionRange(Mpr m, Volume v) {
        SeriesGeometry g = v.geometry();
        Vec n = m.normal();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 8; c++) {
            double p = Vec.of(g.patientPosition((c & 1) * (g.columns() - 1), ((c >> 1) & 1) * (g.rows() - 1),
                    ((c >> 2) & 1) * (g.slices() - 1))).dot(n);
            lo = Math.min(lo, p);
            hi = Math.max(hi, p);
        }
        return new double[]{lo, hi};
    }

    /** Edge labels (A/P/R/L/H/F) of the view: the native plane's, or the reformat's. */
    static OrientationLabels.Edges labels(ViewState s, Volume v) {
        if (s.mpr() != null) return OrientationLabels.of(s.mpr());
        SeriesGeometry g = v.geometry();
        return OrientationLabels.of(Vec.of(g.rowDirection()), Vec.of(g.columnDirection()));
    }
}
