package io.radstream.render;

import io.radstream.volume.series.SeriesGeometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several reformat views linked by one focal point (patient mm) that lies on every view's plane:
 * the MPR crosshair. Immutable; every operation returns the next state and keeps the invariant by
 * moving each plane along its own normal only ({@link Crosshair#throughPoint}), so a view whose
 * plane still contains the focal point keeps the very same {@link ViewState} and need not be
 * re-rendered. For orthogonal views this means: scrolling one view changes that view's image and
 * only the crosshair lines of the others.
 *
 * @param focal the shared focal point, patient mm
 * @param views one reformat state per viewport, by viewport id
 */
public record LinkedViews(Vec focal, List<ViewState> views) {

    public LinkedViews {
        views = List.copyOf(views);
        for (ViewState v : views) {
            if (v.mpr() == null) throw new IllegalArgumentException("linked views must all be reformats");
        }
    }

    /**
     * Axial, coronal and sagittal thin planes (viewports 0, 1, 2) through {@code focal}, each
     * centred on it, with {@code template}'s window, zoom, pan and viewport size.
     */
    public static LinkedViews orthogonal(ViewState template, Vec focal) {
        ViewState base = template.withMpr(null);
        List<ViewState> v = new ArrayList<>();
        for (Plane p : List.of(Plane.AXIAL, Plane.CORONAL, Plane.SAGITTAL)) v.add(Gestures.showPlane(base, p, focal));
        return new LinkedViews(focal, v);
    }

    public ViewState view(int viewport) {
        return views.get(viewport);
    }

    /** The focal point moves to {@code p}; every plane moves along its normal to pass through it. */
    public LinkedViews moveFocal(Vec p) {
        List<ViewState> v = new ArrayList<>(views.size());
        for (ViewState s : views) v.add(Crosshair.throughPoint(s, p));
        return new LinkedViews(p, v);
    }

    /**
     * Scrolling in {@code viewport}: the focal point moves {@code mm} along that view's normal.
     * Its plane follows; the others keep theirs unless the move leaves them (oblique views).
     */
    public LinkedViews scroll(int viewport, double mm) {
        return moveFocal(focal.plus(view(viewport).mpr().normal().times(mm)));
    }

    /**
     * A crosshair click: the focal point becomes the patient point under canvas position (x, y) of
     * {@code viewport}. That view's plane already contains it; the others move through it.
     */
    public LinkedViews pointAt(SeriesGeometry g, int viewport, double canvasX, double canvasY) {
        return moveFocal(Crosshair.pointAt(g, view(viewport), canvasX, canvasY));
    }

    /**
     * {@code viewport} gets {@code next} (zoom, pan, slab, a rotated or another standard plane),
     * moved along its normal to keep the focal point on it: a rotation then turns about the focal
     * point, whatever point the view is centred on.
     */
    public LinkedViews replace(int viewport, ViewState next) {
        List<ViewState> v = new ArrayList<>(views);
        v.set(viewport, Crosshair.throughPoint(next, focal));
        return new LinkedViews(focal, v);
    }

    /** One window for all views (radiologists expect linked MPR views to share window/level). */
    public LinkedViews window(double center, double width) {
        List<ViewState> v = new ArrayList<>(views.size());
        for (ViewState s : views) v.add(s.windowCenter() == center && s.windowWidth() == width ? s : s.withWindow(center, width));
        return new LinkedViews(focal, v);
    }

    /** Viewport {@code viewport}'s size changes; nothing else does. */
    public LinkedViews resize(int viewport, int width, int height) {
        List<ViewState> v = new ArrayList<>(views);
        v.set(viewport, Gestures.resize(v.get(viewport), width, height));
        return new LinkedViews(focal, v);
    }

    /** The crosshair as drawn in one viewport: the focal point's canvas position and the other planes' lines through it. */
    public record Cross(double x, double y, List<CrossLine> lines) {}

    /** Where view {@code viewport}'s plane cuts the viewport the line is drawn in; unit direction, canvas coordinates. */
    public record CrossLine(int viewport, double dx, double dy) {}

    /**
     * The crosshair of {@code viewport}: every other view's plane cuts it in a line through the
     * focal point (which lies on all planes); parallel planes draw no line.
     */
    public Cross crosshair(SeriesGeometry g, int viewport) {
        ViewState s = view(viewport);
        double[] at = Crosshair.canvasPosition(g, s, focal);
        List<CrossLine> lines = new ArrayList<>();
        for (int o = 0; o < views.size(); o++) {
            if (o == viewport) continue;
            Optional<Crosshair.Line> line = Crosshair.intersection(g, s, view(o).mpr());
            int other = o;
            line.ifPresent(l -> lines.add(new CrossLine(other, l.dx(), l.dy())));
        }
        return new Cross(at[0], at[1], lines);
    }
}
