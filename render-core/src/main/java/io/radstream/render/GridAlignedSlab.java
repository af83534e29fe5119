package io.radstream.render;

import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.Volume;

/**
 * A slab whose plane lies on the volume's own voxel grid, rendered project-then-resample: the
 * voxel planes whose centres lie inside the slab are reduced (max, min or mean) into a 2D
 * projection over the other two grid axes, which is then resampled bilinearly into the viewport
 * (what PACS thick-slab MIP does; bandwidth-bound, see docs/decisions.md).
 *
 * <p>Grid aligned means: the view normal is parallel to one grid axis of the volume (its index
 * axes i = row direction, j = column direction, k = slice normal, whatever the patient
 * orientation) and the viewport's right and down are parallel to the other two, in either sign or
 * order; the stack is regular (no shear, no gantry tilt, no gaps), and the slab is thicker than 0.
 *
 * <p>Planes: along the slab axis a with voxel spacing s, the slab centre is at the fractional
 * index c = (focal − origin)·dir_a / s and the slab spans c ± h, h = thickness / (2s). The planes
 * are the integers p in [0, n−1] with c − h − ε ≤ p ≤ c + h + ε (ε = 1e-6 voxel, so a plane lying
 * exactly on the slab's face counts despite rounding). When none qualifies although the slab
 * overlaps [0, n−1] (a slab thinner than one voxel between two centres), the nearest plane
 * floor(c + 0.5) is used; a slab entirely beyond the outermost centres shows black.
 *
 * <p>Resampling: viewport pixel (x, y) has its centre at in-plane grid index
 * (u, v) = (u0 + x·ux + y·uy, v0 + x·vx + y·vy); outside [0, nu−1] × [0, nv−1] it is black, else
 * the projection is interpolated bilinearly between its four neighbours (clamped like the
 * trilinear sampler). A MinIP column with only padding voxels is empty; a pixel touching an empty
 * column is black, as a sample touching padding is skipped in the per-sample path.
 *
 * @param axis   the slab axis: 0 = i (columns), 1 = j (rows), 2 = k (slices)
 * @param uAxis  the grid axis along the projection's rows (the faster one in memory)
 * @param vAxis  the other in-plane grid axis
 * @param first  first plane (inclusive) along {@code axis}; {@code first > last} when none
 * @param last   last plane (inclusive)
 */
public record GridAlignedSlab(int axis, int uAxis, int vAxis, int first, int last, Mpr.Projection projection,
                              int nu, int nv, double u0, double ux, double uy, double v0, double vx, double vy) {

    /** |cos| of the angle between a view direction and a grid axis above which they count as parallel. */
    static final double PARALLEL = 1 - 1e-9;
    /** Tolerance in voxels for a plane lying on the slab's face. */
    static final double FACE_EPSILON = 1e-6;

    /** The grid-aligned form of the state's slab, or null when the view is oblique, thin or the stack irregular. */
    public static GridAlignedSlab of(ViewState s, Volume v) {
        Mpr m = s.mpr();
        if (m == null || !(m.slabMm() > 0)) return null;
        SeriesGeometry g = v.geometry();
        double[][] dirs = {g.rowDirection(), g.columnDirection(), g.normal()};
        int axis = parallelAxis(m.normal(), dirs), right = parallelAxis(m.right(), dirs), down = parallelAxis(m.down(), dirs);
        if (axis < 0 || right < 0 || down < 0 || axis == right || axis == down || right == down) return null;
        if (!MprSampling.isRegular(v.stackGeometry())) return null;
        int[] n = {g.columns(), g.rows(), g.slices()};
        double[] spacing = {g.columnSpacing(), g.rowSpacing(), g.sliceSpacing()};
        Vec origin = Vec.of(g.origin());
        double c = m.focal().minus(origin).dot(Vec.of(dirs[axis])) / spacing[axis];
        double h = m.slabMm() / (2 * spacing[axis]);
        int first = (int) Math.max(0, Math.ceil(c - h - FACE_EPSILON)), last = (int) Math.min(n[axis] - 1, Math.floor(c + h + FACE_EPSILON));
        if (first > last && c + h >= -FACE_EPSILON && c - h <= n[axis] - 1 + FACE_EPSILON) {
            first = last = (int) Math.max(0, Math.min(n[axis] - 1, Math.floor(c + 0.5)));
        }
        // u along the faster of the two in-plane axes in memory, so the projection's rows follow the volume's
        int uAxis = Math.min(right, down), vAxis = Math.max(right, down);
        MprMapping map = MprMapping.of(g, s);
        Vec tl = map.topLeft().minus(origin), du = Vec.of(dirs[uAxis]).times(1 / spacing[uAxis]), dv = Vec.of(dirs[vAxis]).times(1 / spacing[vAxis]);
        return new GridAlignedSlab(axis, uAxis, vAxis, first, last, m.projection(), n[uAxis], n[vAxis],
                tl.dot(du), map.stepX().dot(du), map.stepY().dot(du), tl.dot(dv), map.stepX().dot(dv), map.stepY().dot(dv));
    }

    private static int parallelAxis(Vec d, double[][] dirs) {
        for (int a = 0; a < 3; a++) {
            if (Math.abs(d.x() * dirs[a][0] + d.y() * dirs[a][1] + d.z() * dirs[a][2]) >= PARALLEL) return a;
        }
        return -1;
    }

    /**
     * Whether each column of the projection has one rescale, so the reduction may run on stored
     * values and rescale once: always for slabs across rows or columns (a column lies in one
     * slice), for axial slabs when the planes share slope and intercept.
     */
    public boolean oneRescale(Volume v) {
        if (axis != 2) return true;
        for (int k = first + 1; k <= last; k++) {
            if (v.rescaleSlope(k) != v.rescaleSlope(first) || v.rescaleIntercept(k) != v.rescaleIntercept(first)) return false;
        }
        return true;
    }

    /** Whether any voxel plane lies in the slab. */
    public boolean hasPlanes() {
        return first <= last;
    }

    /** Number of planes reduced. */
    public int planes() {
        return Math.max(0, last - first + 1);
    }
}
