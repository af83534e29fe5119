package io.radstream.server.session;

import io.radstream.render.Gestures;
import io.radstream.render.LinkedViews;
import io.radstream.render.Vec;
import io.radstream.render.ViewState;
import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.Volume;

/**
 * Input on one viewport of a linked layout → the next {@link LinkedViews}: pure functions of the
 * linked state, the input and the volume's geometry (the single-viewport counterparts live in
 * {@link ViewModes} and {@link io.radstream.render.Gestures}).
 */
final class LinkedInput {
    private LinkedInput() {}

    /** The orthogonal triple through the centre of the first native view, with its window. */
    static LinkedViews initial(ViewState nativeView, Volume v) {
        return LinkedViews.orthogonal(nativeView, ViewModes.focalOf(nativeView, v));
    }

    /** Wheel: the focal point moves along the viewport's normal by the smallest voxel spacing per step, within the volume. */
    static LinkedViews scroll(LinkedViews l, int viewport, int delta, Volume v) {
        ViewState now = l.view(viewport);
        ViewState next = ViewModes.scroll(now, delta, v);
        return l.scroll(viewport, next.mpr().position() - now.mpr().position());
    }

    /** Arrow keys step, Page keys jump 10 steps; Home/End mean nothing in a reformat. */
    static LinkedViews key(LinkedViews l, int viewport, String key, Volume v) {
        int step = reformatSteps(key);
        return step == 0 ? l : scroll(l, viewport, step, v);
    }

    /** Steps of the smallest voxel spacing a key moves a reformat by: ±1 for arrows, ±10 for Page keys, else 0. */
    static int reformatSteps(String key) {
        return switch (key) {
            case "ArrowUp" -> -1;
            case "ArrowDown" -> 1;
            case "PageUp" -> -10;
            case "PageDown" -> 10;
            default -> 0;
        };
    }

    /** Window/level applies to all views; zoom, pan and rotate to the dragged one. */
    /** The next VOI preset of the data, for every pane (linked panes share window/level). */
    static LinkedViews voi(LinkedViews l, int viewport, Volume v) {
        ViewState next = ViewModes.nextVoi(l.view(viewport), v);
        LinkedViews out = l;
        for (int i = 0; i < l.views().size(); i++) {
            out = out.replace(i, out.view(i).withVoi(next.voi(), next.windowCenter(), next.windowWidth()));
        }
        return out;
    }

    static LinkedViews drag(LinkedViews l, int viewport, String tool, double dx, double dy) {
        ViewState s = l.view(viewport);
        return switch (tool) {
            case "windowLevel" -> {
                ViewState w = Gestures.windowLevel(s, dx, dy);
                yield l.window(w.windowCenter(), w.windowWidth());
            }
            case "zoom" -> l.replace(viewport, Gestures.zoom(s, dy));
            case "pan" -> l.replace(viewport, Gestures.pan(s, dx, dy));
            case "rotate" -> l.replace(viewport, Gestures.rotateDrag(s, dx, dy));
            default -> throw new IllegalArgumentException("unknown drag tool '" + tool + "'");
        };
    }

    /**
     * Crosshair click or drag at canvas position (x, y) of {@code viewport}: the focal point goes
     * to the patient point shown there, kept inside the volume's bounding box so that a click on
     * the black margin cannot move the other planes out of the data.
     */
    static LinkedViews crosshair(LinkedViews l, int viewport, double x, double y, Volume v) {
        Vec p = io.radstream.render.Crosshair.pointAt(v.geometry(), l.view(viewport), x, y);
        return l.moveFocal(clampToVolume(p, v.geometry()));
    }

    /**
     * Another standard plane in a viewport (keys 2–4), through the focal point. The native stack
     * and the full-volume MIP have no plane through the focal point, so a linked viewport ignores them.
     */
    static LinkedViews view(LinkedViews l, int viewport, String view) {
        if (view.equals("native") || view.equals("volume")) return l; // documented: a linked viewport stays a plane
        return l.replace(viewport, Gestures.showPlane(l.view(viewport), planeOf(view), l.focal()));
    }

    static LinkedViews slab(LinkedViews l, int viewport, double mm, String projection, Volume v) {
        return l.replace(viewport, ViewModes.slab(l.view(viewport), mm, projection, v));
    }

    private static io.radstream.render.Plane planeOf(String view) {
        return switch (view) {
            case "axial" -> io.radstream.render.Plane.AXIAL;
            case "coronal" -> io.radstream.render.Plane.CORONAL;
            case "sagittal" -> io.radstream.render.Plane.SAGITTAL;
            default -> throw new IllegalArgumentException("unknown view '" + view + "'");
        };
    }

    /** {@code p} moved into the patient-axis bounding box of the volume's voxel centres. */
    static Vec clampToVolume(Vec p, SeriesGeometry g) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int c = 0; c < 8; c++) {
            double[] q = g.patientPosition((c & 1) * (g.columns() - 1), ((c >> 1) & 1) * (g.rows() - 1), ((c >> 2) & 1) * (g.slices() - 1));
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], q[a]);
                hi[a] = Math.max(hi[a], q[a]);
            }
        }
        double[] a = p.toArray();
        for (int i = 0; i < 3; i++) a[i] = Math.max(lo[i], Math.min(hi[i], a[i]));
        return Vec.of(a);
    }
}
