package io.radstream.render;

import io.radstream.volume.series.SeriesGeometry;

import java.util.Optional;

/**
 * Geometry of linked reformats (MPR views sharing one focal point): viewport position ↔ patient
 * point, moving a plane so it passes through a point, and where another view's plane cuts a
 * viewport. Pure functions; the server sends their results, the client only draws lines.
 *
 * <p>Positions are <em>canvas coordinates</em> in device pixels: the centre of pixel (i, j) is at
 * (i + 0.5, j + 0.5), so (0, 0) is the viewport's top-left corner, as a browser canvas counts.
 */
public final class Crosshair {
    private Crosshair() {}

    /** Planes whose normals are closer than this (sine of the angle) are treated as parallel: no line. */
    static final double PARALLEL = 1e-6;

    /**
     * A line in one viewport: through canvas point ({@code x}, {@code y}) along the unit direction
     * ({@code dx}, {@code dy}), canvas coordinates.
     */
    public record Line(double x, double y, double dx, double dy) {}

    /** The patient point (mm) shown at canvas position (x, y) of a reformat view. */
    public static Vec pointAt(SeriesGeometry g, ViewState s, double canvasX, double canvasY) {
        return MprMapping.of(g, s).patient(canvasX - 0.5, canvasY - 0.5);
    }

    /** Where patient point {@code p} (projected onto the plane) appears, canvas coordinates {x, y}. */
    public static double[] canvasPosition(SeriesGeometry g, ViewState s, Vec p) {
        double[] px = MprMapping.of(g, s).pixel(p);
        return new double[]{px[0] + 0.5, px[1] + 0.5};
    }

    /**
     * The same view with its plane moved along its own normal so that it contains {@code p}. The
     * image does not shift sideways (zoom, pan, directions and slab stay), which is what a linked
     * view must do when the focal point moves: only its depth changes. A plane that already
     * contains {@code p} is returned unchanged (same object), so an unchanged view is not re-rendered.
     */
    public static ViewState throughPoint(ViewState s, Vec p) {
        Mpr m = s.mpr();
        if (m == null) throw new IllegalArgumentException("a linked view must be a reformat; this state shows a native slice");
        double along = p.minus(m.focal()).dot(m.normal());
        if (Math.abs(along) < 1e-9) return s;
        return s.withMpr(m.withFocal(m.focal().plus(m.normal().times(along))));
    }

    /**
     * Where plane {@code other} cuts view {@code s}: a line through the canvas position of a point
     * on both planes, along their common direction {@code nA × nB} expressed in the viewport's
     * right/down axes. Empty when the planes are parallel.
     */
    public static Optional<Line> intersection(SeriesGeometry g, ViewState s, Mpr other) {
        Mpr a = s.mpr();
        if (a == null) throw new IllegalArgumentException("crosshair lines need a reformat view");
        Vec na = a.normal(), nb = other.normal();
        Vec d = na.cross(nb);
        double len2 = d.dot(d);
        if (len2 < PARALLEL * PARALLEL) return Optional.empty();
        // the point of both planes nearest the origin: (hA (nB × d) + hB (d × nA)) / |d|²
        double ha = na.dot(a.focal()), hb = nb.dot(other.focal());
        Vec point = nb.cross(d).times(ha).plus(d.cross(na).times(hb)).times(1 / len2);
        double[] at = canvasPosition(g, s, point);
        // d lies in plane A, so its right/down components carry all of it
        double dx = d.dot(a.right()), dy = d.dot(a.down()), n = Math.hypot(dx, dy);
        return Optional.of(new Line(at[0], at[1], dx / n, dy / n));
    }
}
