package io.radstream.volume.phantom;

import java.util.ArrayList;
import java.util.List;

/**
 * The torso of {@link TorsoAnatomy} in the arterial phase of a CT angiogram, with a tree of
 * smaller arteries: the contrast bolus fills the arteries (450 HU) while the systemic and portal
 * veins are barely enhanced (70 HU) — except the superior vena cava, through which the contrast
 * arrives. Branching trees grow from the ends of the iliac, superior mesenteric, coeliac and
 * pulmonary arteries: at each generation a vessel splits in two, 35° either side of its course,
 * 0.78 times as long and 0.75 times as wide, four generations down to about 1 mm radius —
 * small vessels whose continuity a MIP or a curved reformat should show.
 *
 * <p>Every segment stays at least 20° off the axial plane, so its cross-section in each axial
 * slice is an ellipse (what {@link Region} represents); the tree is deterministic.
 */
final class CtaAnatomy {
    static final int ARTERY = 450, PULMONARY_ARTERY = 420, VEIN = 70;
    private static final int GENERATIONS = 4;
    private static final double SPLIT_DEGREES = 35, LENGTH_RATIO = 0.78, RADIUS_RATIO = 0.75;
    /** sin(20°): the least a segment may rise or fall along its length. */
    private static final double MIN_STEEPNESS = 0.34;

    private CtaAnatomy() {}

    private static final class Holder {
        static final List<double[]> SEGMENTS = grow();
        static final Anatomy CTA = build(SEGMENTS);
    }

    static Anatomy get() {
        return Holder.CTA;
    }

    static List<double[]> treeSegments() {
        return Holder.SEGMENTS.stream().map(double[]::clone).toList();
    }

    private static Anatomy build(List<double[]> segments) {
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            double[] s = segments.get(i);
            boolean pulmonary = s[7] == 1;
            regions.add(segment("arterial branch " + (i + 1), pulmonary ? PULMONARY_ARTERY : ARTERY, s));
        }
        for (Region r : TorsoAnatomy.get().regions()) regions.add(r.withHu(phaseHu(r)));
        return new Anatomy(regions);
    }

    /** The arterial phase's value of a torso structure. */
    private static int phaseHu(Region r) {
        String n = r.name();
        if (n.contains("pulmonary")) return PULMONARY_ARTERY;
        if (n.contains("artery") || n.contains("aorta") || n.contains("aortic") || n.contains("coeliac")) return ARTERY;
        if (n.contains("superior vena cava")) return r.hu(); // the contrast's way in
        if (n.contains("vein") || n.contains("vena cava")) return VEIN;
        return r.hu();
    }

    /** Roots: {x, y, z, direction x, y, z, radius, pulmonary (1) or systemic (0)}. */
    private static final double[][] ROOTS = {
            {-39, 28, -230, -0.35, 0.1, -1, 5, 0},   // right iliac → pelvis
            {51, 28, -230, 0.35, 0.1, -1, 5, 0},     // left iliac
            {7, 2.5, -190, 0, -0.3, -1, 3, 0},       // superior mesenteric → mesenteric arcades
            {8, 11, -112, -0.8, -0.2, 0.5, 3, 0},    // coeliac → hepatic artery
            {8, 11, -112, 0.8, 0.3, 0.5, 2.8, 0},    // coeliac → splenic artery
            {-50, -1, 50, -0.5, 0.1, 1, 4, 1},       // right pulmonary → upper lobe
            {-50, -1, 50, -0.5, 0.2, -1, 4, 1},      // right pulmonary → lower lobe
            {56, 3, 53, 0.5, 0.1, 1, 3.8, 1},        // left pulmonary → upper lobe
            {56, 3, 53, 0.5, 0.2, -1, 3.8, 1},       // left pulmonary → lower lobe
    };

    /** Segments {x0, y0, z0, x1, y1, z1, radius, pulmonary} of every tree. */
    private static List<double[]> grow() {
        List<double[]> out = new ArrayList<>();
        for (double[] r : ROOTS) {
            branch(out, new double[]{r[0], r[1], r[2]}, steep(unit(new double[]{r[3], r[4], r[5]})), 30, r[6], 0, r[7]);
        }
        return out;
    }

    private static void branch(List<double[]> out, double[] from, double[] dir, double length, double radius, int generation,
                               double pulmonary) {
        double[] to = {from[0] + dir[0] * length, from[1] + dir[1] * length, from[2] + dir[2] * length};
        out.add(new double[]{from[0], from[1], from[2], to[0], to[1], to[2], radius, pulmonary});
        if (generation + 1 >= GENERATIONS) return;
        // split in the plane of the course and the horizontal perpendicular to it, so the two
        // children spread sideways and both keep rising or falling
        double[] side = unit(cross(dir, new double[]{0, 0, 1}));
        if (Double.isNaN(side[0])) side = new double[]{1, 0, 0};
        double a = Math.toRadians(SPLIT_DEGREES);
        for (int s = -1; s <= 1; s += 2) {
            double[] child = steep(unit(new double[]{
                    dir[0] * Math.cos(a) + s * side[0] * Math.sin(a),
                    dir[1] * Math.cos(a) + s * side[1] * Math.sin(a),
                    dir[2] * Math.cos(a) + s * side[2] * Math.sin(a)}));
            branch(out, to, child, length * LENGTH_RATIO, radius * RADIUS_RATIO, generation + 1, pulmonary);
        }
    }

    /** Tilts a direction toward its own vertical sense until it is at least 20° off the axial plane. */
    private static double[] steep(double[] d) {
        if (Math.abs(d[2]) >= MIN_STEEPNESS) return d;
        double h = Math.hypot(d[0], d[1]), sign = d[2] < 0 ? -1 : 1;
        double k = Math.sqrt(1 - MIN_STEEPNESS * MIN_STEEPNESS) / h;
        return new double[]{d[0] * k, d[1] * k, sign * MIN_STEEPNESS};
    }

    /**
     * A straight vessel of the given radius from (x0,y0,z0) to (x1,y1,z1): in the axial plane at z
     * an ellipse around the centre line, stretched along the vessel's horizontal course by
     * 1/sin(elevation), with rounded ends.
     */
    private static Region segment(String name, int hu, double[] s) {
        double x0 = s[0], y0 = s[1], z0 = s[2], dx = s[3] - x0, dy = s[4] - y0, dz = s[5] - z0, r = s[6];
        double length = Math.sqrt(dx * dx + dy * dy + dz * dz), sine = Math.abs(dz) / length;
        double angle = Math.atan2(dy, dx), zLow = Math.min(z0, s[5]), zHigh = Math.max(z0, s[5]);
        return new Region(name, hu, z -> {
            if (z < zLow - r || z > zHigh + r) return null;
            double t = Math.max(0, Math.min(1, (z - z0) / dz));
            double beyond = z < zLow ? zLow - z : z > zHigh ? z - zHigh : 0; // into the rounded end
            double k = Math.sqrt(Math.max(0, 1 - beyond * beyond / (r * r)));
            if (k <= 0) return null;
            return new Section(x0 + t * dx, y0 + t * dy, r / sine * k, r * k, angle);
        });
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[]{v[0] / n, v[1] / n, v[2] / n};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[]{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
