package io.radstream.volume.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A compressed breast in breast coordinates: {@code a} mm from the chest wall toward the nipple,
 * {@code m} mm across (positive toward medial), {@code h} mm above the detector. Values are 10-bit
 * stored values of a reconstructed tomosynthesis slice (MONOCHROME2: dense is bright).
 *
 * <p>Outline: a half-ellipse {@code (a/A)² + (m/M)² ≤ 1} of full thickness {@code T} in its middle;
 * toward the outline the edge is rounded (a half-circle of radius T/2 in the a/m-h plane), so slices
 * near the detector and the paddle show a smaller breast. Skin: the outer {@value #SKIN_MM} mm.
 * Inside: fat, and fibroglandular tissue where a smooth random texture (three octaves, 14, 5 and
 * 2 mm, stretched toward the nipple) plus a central envelope passes a soft threshold. Lesions: two masses (one round, one lobulated
 * with spicules) and two clusters of calcifications, each sharp only on the slices at its depth,
 * as a reconstruction shows them; a mass leaves a faint ghost on other slices.
 */
final class BreastModel {
    static final int AIR = 40, FAT = 250, GLAND = 540, SKIN = 470, MASS = 650, CALCIFICATION = 980;
    static final double SKIN_MM = 1.8;

    private static final double[] TEXTURE_SCALES = {14, 5, 2};
    private static final double[] TEXTURE_WEIGHTS = {0.5, 0.33, 0.17};

    final double semiA, semiM, thickness;
    private final ValueNoise texture;
    private final List<Lesion> lesions;

    /**
     * @param semiA         nipple distance from the chest wall, mm
     * @param semiM         half-width at the chest wall, mm
     * @param thickness     compressed thickness, mm
     * @param sliceSpacing  distance between reconstructed slices: a calcification shows on the slices
     *                      within half of it (at least 1 mm) of its depth
     * @param minRadius     smallest calcification radius, mm (about a pixel, so each shows at least once)
     */
    BreastModel(double semiA, double semiM, double thickness, double sliceSpacing, double minRadius, long seed) {
        this.semiA = semiA;
        this.semiM = semiM;
        this.thickness = thickness;
        this.texture = new ValueNoise(seed);
        this.lesions = placeLesions(sliceSpacing, minRadius, seed);
    }

    List<Lesion> lesions() { return lesions; }

    /** Distance (mm) inside the outline at height h; negative outside the breast. */
    double depthInside(double a, double m, double h) {
        if (a < 0 || h < 0 || h > thickness) return -1;
        double ra = a / semiA, rm = m / semiM;
        double rho = Math.sqrt(ra * ra + rm * rm);
        if (rho >= 1) return -1;
        double toEdge = rho == 0 ? Math.min(semiA, semiM) : Math.sqrt(a * a + m * m) * (1 - rho) / rho;
        return toEdge - roundedEdgeInset(h);
    }

    /** How far the outline draws in at height h: the compressed edge is a half-circle of radius T/2. */
    double roundedEdgeInset(double h) {
        double r = thickness / 2, dh = h - r;
        return r - Math.sqrt(Math.max(0, r * r - dh * dh));
    }

    /** Fibroglandular texture in [0, 1] (the expensive part; the renderer samples it coarsely). */
    double texture(double a, double m, double h) {
        // stretched 2.5 times along the chest wall-nipple axis: ducts and stroma run toward the nipple
        return texture.fractal(a / 2.5, m, h, TEXTURE_SCALES, TEXTURE_WEIGHTS);
    }

    /** Tissue value inside the breast from a texture sample, before lesions and noise. */
    int tissue(double a, double m, double h, double depthInside, double textureValue) {
        if (depthInside < SKIN_MM || h < 1.0 || h > thickness - 1.0) return SKIN;
        double da = (a - 0.42 * semiA) / (0.5 * semiA), dm = m / (0.62 * semiM);
        double envelope = Math.exp(-da * da - dm * dm);
        double f = smoothstep(0.58, 0.86, textureValue + 0.35 * envelope);
        return (int) Math.round(FAT + f * (GLAND - FAT));
    }

    /** The noise-free value at a point, texture sampled exactly: the reference for tests. */
    int valueAt(double a, double m, double h) {
        double inside = depthInside(a, m, h);
        if (inside < 0) return AIR;
        int v = tissue(a, m, h, inside, texture(a, m, h));
        for (Lesion l : lesions) if (l.affects(h)) v = l.apply(a, m, h, v);
        return v;
    }

    /** Name of what is at a point: air, skin, fat, fibroglandular, or the lesion's name. */
    String structureAt(double a, double m, double h) {
        double inside = depthInside(a, m, h);
        if (inside < 0) return "air";
        for (Lesion l : lesions) if (l.contains(a, m, h)) return l.name();
        int t = tissue(a, m, h, inside, texture(a, m, h));
        return t == SKIN ? "skin" : t > (FAT + GLAND) / 2 ? "fibroglandular" : "fat";
    }

    private static double smoothstep(double e0, double e1, double x) {
        double t = Math.clamp((x - e0) / (e1 - e0), 0, 1);
        return t * t * (3 - 2 * t);
    }

    private List<Lesion> placeLesions(double sliceSpacing, double minRadius, long seed) {
        List<Lesion> out = new ArrayList<>();
        double T = thickness;
        out.add(new Mass("round mass", 0.45 * semiA, -0.30 * semiM, 0.35 * T, 6, 4.5, 0, new double[0], new double[0]));
        SplittableRandom r = new SplittableRandom(seed * 7 + 3);
        int spicules = 10;
        double[] angles = new double[spicules], lengths = new double[spicules];
        for (int i = 0; i < spicules; i++) {
            angles[i] = 2 * Math.PI * (i + 0.3 * r.nextDouble()) / spicules;
            lengths[i] = 9 + 6 * r.nextDouble();
        }
        out.add(new Mass("spiculated mass", 0.62 * semiA, 0.28 * semiM, 0.65 * T, 5, 4, 0.15, angles, lengths));
        double visible = Math.max(0.5 * sliceSpacing, 1.0);
        addCluster(out, "calcification cluster A", 0.30 * semiA, 0.05 * semiM, 0.50 * T, 10, visible, minRadius, r);
        addCluster(out, "calcification cluster B", 0.70 * semiA, -0.08 * semiM, 0.22 * T, 7, visible, minRadius, r);
        return List.copyOf(out);
    }

    private static void addCluster(List<Lesion> out, String name, double a, double m, double h, int count,
                                   double visibleHalfDepth, double minRadius, SplittableRandom r) {
        for (int i = 0; i < count; i++) {
            double angle = 2 * Math.PI * r.nextDouble(), dist = 4 * Math.sqrt(r.nextDouble());
            double radius = Math.max(minRadius, 0.2 + 0.2 * r.nextDouble());
            out.add(new Calcification(name, a + dist * Math.cos(angle), m + dist * Math.sin(angle),
                    h + (r.nextDouble() - 0.5) * 1.0, radius, visibleHalfDepth));
        }
    }

    /** A finding placed in the breast. */
    sealed interface Lesion permits Mass, Calcification {
        String name();

        double a();

        double m();

        double h();

        /** In-plane reach of its effect on any slice, mm (bounding box for the renderer). */
        double reach();

        /** Whether it changes the slice at height h at all. */
        boolean affects(double h);

        /** Inside the lesion itself (not its ghost). */
        boolean contains(double a, double m, double h);

        /** The value at a point given the value without this lesion. */
        int apply(double a, double m, double h, int value);
    }

    /**
     * An ellipsoid of radius {@code radius} in plane and {@code halfDepth} in depth, its outline
     * lobulated by {@code lobulation} (relative, 5 lobes), with thin spicules in its central plane.
     * Off its depth it leaves a faint halo fading over 6 mm: the out-of-plane blur of a reconstruction.
     */
    record Mass(String name, double a, double m, double h, double radius, double halfDepth, double lobulation,
                double[] spiculeAngles, double[] spiculeLengths) implements Lesion {
        private static final double SPICULE_HALF_WIDTH = 0.3, SPICULE_HALF_DEPTH = 1.5, GHOST = 0.2, GHOST_FADE = 6;

        public double reach() {
            double max = radius * (1 + lobulation);
            for (double l : spiculeLengths) max = Math.max(max, l);
            return max + 1;
        }

        public boolean affects(double hh) {
            return true; // the ghost reaches every slice
        }

        private double normalisedRadius(double da, double dm) {
            double r = Math.sqrt(da * da + dm * dm);
            double lobe = 1 + lobulation * Math.sin(5 * Math.atan2(dm, da));
            return r / (radius * lobe);
        }

        public boolean contains(double aa, double mm, double hh) {
            double rp = normalisedRadius(aa - a, mm - m), rd = (hh - h) / halfDepth;
            return rp * rp + rd * rd <= 1 || onSpicule(aa - a, mm - m, hh - h);
        }

        private boolean onSpicule(double da, double dm, double dh) {
            if (Math.abs(dh) > SPICULE_HALF_DEPTH) return false;
            for (int i = 0; i < spiculeAngles.length; i++) {
                double ux = Math.cos(spiculeAngles[i]), uy = Math.sin(spiculeAngles[i]);
                double along = da * ux + dm * uy, across = Math.abs(-da * uy + dm * ux);
                double taper = SPICULE_HALF_WIDTH * (1 - along / spiculeLengths[i]);
                if (along > 0 && along < spiculeLengths[i] && across <= taper) return true;
            }
            return false;
        }

        public int apply(double aa, double mm, double hh, int value) {
            if (value == AIR) return value;
            double rp = normalisedRadius(aa - a, mm - m), dh = Math.abs(hh - h), rd = dh / halfDepth;
            if (rp * rp + rd * rd <= 1) return MASS;
            if (onSpicule(aa - a, mm - m, hh - h)) return Math.max(value, MASS - 60);
            if (rp <= 1 && dh > halfDepth) {
                double ghost = GHOST * Math.exp(-(dh - halfDepth) / GHOST_FADE) * (1 - rp * rp);
                return (int) Math.round(value + ghost * (MASS - value));
            }
            return value;
        }
    }

    /** A small sphere of calcium, shown on the slices within {@code visibleHalfDepth} of its depth. */
    record Calcification(String name, double a, double m, double h, double radius, double visibleHalfDepth)
            implements Lesion {
        public double reach() {
            return radius + 1;
        }

        public boolean affects(double hh) {
            return Math.abs(hh - h) <= visibleHalfDepth + radius;
        }

        public boolean contains(double aa, double mm, double hh) {
            double da = aa - a, dm = mm - m;
            return affects(hh) && da * da + dm * dm <= radius * radius;
        }

        public int apply(double aa, double mm, double hh, int value) {
            return value != AIR && contains(aa, mm, hh) ? CALCIFICATION : value;
        }
    }
}
