package io.radstream.volume.phantom;

import java.util.ArrayList;
import java.util.List;

/**
 * A contrast-enhanced chest/abdomen in patient coordinates (LPS, PS3.3 §C.7.6.2.1.1: +x toward
 * the patient's left, +y posterior, +z toward the head), millimetres. z = 0 is mid-chest at the
 * level of the heart; the lung apices are near z = +140, the kidneys span z ≈ -90 to -190.
 *
 * <p>Hounsfield values are typical of a portal-venous/late-arterial phase scan: air -1000, lung
 * -850, fat -100, muscle 40, liver 60, aorta and arteries 350 (iodinated contrast), veins 140 to
 * 450, kidneys 170, cancellous bone 250, cortical bone 1000.
 *
 * <p>Landmarks that tests rely on: the descending aorta is centred at (22, 40) with radius 12.5
 * for z from -20 to +72; the right lung contains (-78, -5) with no vessel within 20 mm for z
 * from -25 to +85; the body is an ellipse of semi-axes 170 x 130 centred on the origin.
 */
final class TorsoAnatomy {
    private TorsoAnatomy() {}

    static final int AIR = -1000, LUNG = -850, FAT = -100, MUSCLE = 40, LIVER = 60, SPLEEN = 48,
            ARTERY = 350, CORTICAL = 1000, CANCELLOUS = 250, KIDNEY = 170, CSF = 8, BOWEL = 25;

    /** Vertebral level height and intervertebral disc height along z, mm. */
    private static final double VERTEBRA_PERIOD = 28, DISC = 6;

    private static final class Holder {
        static final Anatomy TORSO = build();
    }

    /** The shared instance; building it samples every profile once (a few milliseconds). */
    static Anatomy get() {
        return Holder.TORSO;
    }

    private static Anatomy build() {
        List<Region> r = new ArrayList<>();
        airways(r);
        lungVessels(r);
        greatVessels(r);
        abdominalVessels(r);
        spine(r);
        ribsAndSternum(r);
        heart(r);
        kidneys(r);
        bowel(r);
        r.add(ellipsoid("spleen", SPLEEN, 88, 45, -95, 30, 45, 40, 0.3));
        r.add(ellipsoid("liver", LIVER, -55, 0, -95, 95, 95, 65, 0));
        lungs(r);
        r.add(ellipsoid("mediastinal fat", -90, 5, -25, 35, 45, 65, 80, 0));
        // abdominal fat under a dome that starts below the diaphragm, so reformats show no step
        r.add(new Region("visceral fat", -95, z -> {
            double t = Math.min(1, (-40 - z) / 40);
            return t <= 0 ? null : Section.ellipse(0, -5, 128, 90).scaled(Math.sqrt(t * (2 - t)));
        }));
        r.add(new Region("muscle", MUSCLE, z -> Section.ellipse(0, 0, 158, 118)));
        r.add(new Region("subcutaneous fat", FAT, z -> Section.ellipse(0, 0, 170, 130)));
        return new Anatomy(r);
    }

    private static void airways(List<Region> r) {
        // the trachea lies right of the aortic arch, which curves over the left main bronchus
        r.add(tube("trachea lumen", AIR, 50, 200, z -> -17, z -> 8, 8));
        r.add(new Region("right main bronchus", AIR, z -> z >= 36 && z < 52
                ? Section.circle(lerp(z, 52, 36, -17, -45), lerp(z, 52, 36, 8, 5), 6) : null));
        r.add(new Region("left main bronchus", AIR, z -> z >= 30 && z < 52
                ? Section.circle(lerp(z, 52, 30, -17, 30), lerp(z, 52, 30, 8, 10), 5.5) : null));
        r.add(tube("trachea wall", 50, 50, 200, z -> -17, z -> 8, 10.5));
        r.add(tube("oesophageal lumen", AIR, -70, 200, z -> 2, z -> 36, 1.8));
        r.add(tube("oesophagus", 35, -70, 200, z -> 2, z -> 36, 7));
    }

    /** A few pulmonary vessels in each lung that drift slowly with z, as branches do. */
    private static void lungVessels(List<Region> r) {
        double[][] offsets = { {-26, -42, 3, 0.06, -0.05}, {22, -38, 2.5, -0.05, 0.04}, {-32, 12, 3.5, 0.04, 0.05},
                {18, 24, 2, -0.07, -0.03}, {-18, 48, 3, 0.05, -0.06}, {28, 52, 2.5, -0.04, 0.05} };
        for (int side = -1; side <= 1; side += 2) {
            for (double[] o : offsets) {
                double x0 = side * 78 + side * o[0], y0 = -5 + o[1];
                double dx = side * o[3], dy = o[4];
                r.add(new Region("lung vessel", MUSCLE, z -> z > -25 && z < 85
                        ? Section.circle(x0 + dx * (z - 30), y0 + dy * (z - 30), o[2]) : null));
            }
        }
    }

    private static void greatVessels(List<Region> r) {
        // supra-aortic branches drifting apart toward the neck
        r.add(tube("brachiocephalic artery", ARTERY, 82, 200, z -> -12 - 0.15 * (z - 82), z -> -12, 6.5));
        r.add(tube("left common carotid artery", ARTERY, 82, 200, z -> 6 + 0.05 * (z - 82), z -> -6, 4.5));
        r.add(tube("left subclavian artery", ARTERY, 82, 200, z -> 20 + 0.25 * (z - 82), z -> 4, 5));
        r.add(tube("ascending aorta", ARTERY, 12, 72, z -> -5, z -> -28, 15));
        // the arch joins the ascending (-5, -28) and descending (22, 40) aorta; its top is a cap
        r.add(new Region("aortic arch", ARTERY, z -> {
            if (z < 66 || z > 84) return null;
            double k = z <= 72 ? 1 : Math.sqrt(1 - sq((z - 72) / 12.5));
            return new Section(8.5, 6, 36.6 * (0.7 + 0.3 * k) + 13 * k, 13 * k, Math.atan2(68, 27));
        }));
        r.add(new Region("descending aorta", ARTERY, z -> {
            if (z < -160 || z > 72) return null;
            if (z >= -20) return Section.circle(22, 40, 12.5);
            return Section.circle(lerp(z, -20, -160, 22, 6), lerp(z, -20, -160, 40, 36), lerp(z, -20, -160, 12.5, 10));
        }));
        for (int side = -1; side <= 1; side += 2) {
            int s = side;
            r.add(new Region(side < 0 ? "right common iliac artery" : "left common iliac artery", ARTERY,
                    z -> z < -160 ? Section.circle(lerp(z, -160, -230, 6 + 4 * s, 6 + 45 * s), lerp(z, -160, -230, 36, 28), 7) : null));
        }
        r.add(tube("superior vena cava", 450, 18, 140, z -> -30, z -> -20, 10));
        r.add(new Region("pulmonary trunk", 300, z -> z >= 22 && z <= 50
                ? Section.circle(lerp(z, 22, 50, 20, 22), lerp(z, 22, 50, -45, -18), 14) : null));
        // from the bifurcation at (22, -18) to the hila
        r.add(new Region("right pulmonary artery", 300, z -> z >= 44 && z <= 56
                ? new Section(-14, -9, 37 * Math.sqrt(1 - sq((z - 50) / 6.5)), 9, Math.atan2(18, -72)) : null));
        r.add(new Region("left pulmonary artery", 300, z -> z >= 46 && z <= 60
                ? new Section(36, -6, 24 * Math.sqrt(1 - sq((z - 53) / 7.5)), 9, Math.atan2(23, 28)) : null));
    }

    private static void abdominalVessels(List<Region> r) {
        r.add(tube("inferior vena cava", 140, -230, -25, z -> -25, z -> 42, 11));
        r.add(new Region("right hepatic vein", 140, z -> z >= -72 && z <= -30
                ? Section.circle(lerp(z, -72, -30, -80, -32), lerp(z, -72, -30, -15, 36), 5) : null));
        r.add(new Region("middle hepatic vein", 140, z -> z >= -68 && z <= -32
                ? Section.circle(lerp(z, -68, -32, -30, -22), lerp(z, -68, -32, -40, 30), 4.5) : null));
        r.add(new Region("portal vein", 180, z -> z >= -118 && z <= -74
                ? Section.circle(lerp(z, -118, -74, -12, -52), lerp(z, -118, -74, 22, 12), 7.5) : null));
        r.add(new Region("coeliac trunk", ARTERY, z -> z >= -116 && z <= -108 ? new Section(8, 22, 11, 4, Math.PI / 2) : null));
        r.add(new Region("superior mesenteric artery", ARTERY, z -> z >= -190 && z <= -120
                ? Section.circle(7, 20 - 0.25 * (-120 - z), 4) : null));
        for (int side = -1; side <= 1; side += 2) {
            int s = side;
            r.add(new Region(side < 0 ? "right renal artery" : "left renal artery", ARTERY,
                    z -> z >= -132 && z <= -126 ? new Section(40 * s, 46, 33, 3.5, -0.15 * s) : null));
        }
    }

    private static void spine(List<Region> r) {
        r.add(new Region("spinal canal", CSF, z -> Section.circle(0, 100, 9)));
        r.add(new Region("intervertebral disc", 90, z -> inDisc(z) ? Section.ellipse(0, 70, 20, 17) : null));
        r.add(new Region("vertebral body (cancellous)", CANCELLOUS, z -> !inDisc(z) ? Section.ellipse(0, 70, 17.5, 14.5) : null));
        r.add(new Region("vertebral body (cortex)", CORTICAL, z -> !inDisc(z) ? Section.ellipse(0, 70, 20, 17) : null));
        r.add(new Region("vertebral arch", 900, z -> !inDisc(z) ? Section.ellipse(0, 100, 15.5, 14) : null));
        r.add(new Region("spinous process", 900, z -> level(z) >= 8 && level(z) < 20 ? Section.ellipse(0, 112, 4, 10) : null));
        for (int side = -1; side <= 1; side += 2) {
            int s = side;
            r.add(new Region("transverse process", 900, z -> level(z) >= 10 && level(z) < 18
                    ? new Section(26 * s, 95, 13, 4.5, 0.25 * s) : null));
        }
    }

    /** Position within the vertebral level, mm from the top of the disc. */
    private static double level(double z) {
        return Math.floorMod((long) Math.floor(z * 8), (long) (VERTEBRA_PERIOD * 8)) / 8.0;
    }

    private static boolean inDisc(double z) {
        return level(z) < DISC;
    }

    /**
     * Ribs leave the spine posteriorly and descend as they curve forward, so an axial slice cuts
     * each rib as a short oval that moves anteriorly as one scrolls toward the feet. Rib j of a
     * side lies on the arc (146 sin φ, 108 cos φ) at φ(z) = φ0 + (z_j - z) / 45.
     */
    private static void ribsAndSternum(List<Region> r) {
        double phi0 = 0.30;
        for (int j = 0; j < 10; j++) {
            double zj = 125 - 24 * j;
            double phi1 = 2.3 - 0.12 * Math.max(0, j - 5); // the lowest ribs are shorter
            for (int side = -1; side <= 1; side += 2) {
                int s = side;
                ZProfile centre = z -> {
                    double phi = phi0 + (zj - z) / 45;
                    if (phi < phi0 || phi > phi1) return null;
                    double x = s * 146 * Math.sin(phi), y = 108 * Math.cos(phi);
                    double tangent = Math.atan2(-108 * Math.sin(phi), s * 146 * Math.cos(phi));
                    return new Section(x, y, 1, 1, tangent);
                };
                r.add(new Region("rib marrow", CANCELLOUS, z -> scale(centre.at(z), 11, 2)));
                r.add(new Region("rib", 800, z -> scale(centre.at(z), 14, 4.5)));
            }
        }
        r.add(new Region("sternum", 500, z -> z >= -50 && z <= 85
                ? Section.ellipse(0, -110, z > 60 ? 20 : 13, 5) : null));
    }

    private static void heart(List<Region> r) {
        r.add(ellipsoid("cardiac blood pool", 280, 22, -30, 0, 44, 36, 35, -0.5));
        r.add(ellipsoid("myocardium", MUSCLE, 22, -30, 0, 62, 52, 45, -0.5));
    }

    private static void kidneys(List<Region> r) {
        for (int side = -1; side <= 1; side += 2) {
            double cz = side < 0 ? -140 : -130; // the right kidney sits lower, under the liver
            r.add(ellipsoid("renal sinus", -80, 60 * side, 52, cz, 11, 9, 28, 0.4 * side));
            r.add(ellipsoid("kidney", KIDNEY, 72 * side, 58, cz, 28, 22, 50, 0.4 * side));
            r.add(ellipsoid("perirenal fat", -90, 72 * side, 58, cz, 40, 32, 62, 0.4 * side));
        }
    }

    private static void bowel(List<Region> r) {
        r.add(ellipsoid("gastric gas", AIR, 60, -65, -60, 30, 12, 20, 0.3));
        r.add(ellipsoid("stomach", 20, 55, -40, -75, 48, 38, 40, 0.3));
        r.add(tube("ascending colon gas", AIR, -230, -110, z -> -95, z -> 2, 9));
        r.add(tube("ascending colon", BOWEL, -230, -110, z -> -95, z -> 10, 20));
        r.add(tube("descending colon gas", AIR, -230, -100, z -> 100, z -> 20, 6));
        r.add(tube("descending colon", BOWEL, -230, -100, z -> 100, z -> 25, 16));
        r.add(new Region("transverse colon gas", AIR, z -> z >= -116 && z <= -102 ? Section.ellipse(0, -66, 80, 6) : null));
        r.add(new Region("transverse colon", BOWEL, z -> z >= -118 && z <= -100 ? Section.ellipse(0, -60, 100, 18) : null));
        double[][] loops = { {-40, -50, 0}, {-5, -30, 1.3}, {30, -55, 2.1}, {45, -20, 3.7}, {10, -75, 4.4}, {-55, -20, 5.2} };
        for (double[] l : loops) {
            r.add(new Region("small bowel", BOWEL, z -> z < -125
                    ? Section.circle(l[0] + 18 * Math.sin(z / 15 + l[2]), l[1] + 14 * Math.cos(z / 18 + l[2]), 13) : null));
        }
        for (int side = -1; side <= 1; side += 2) {
            int s = side;
            r.add(new Region("psoas", 45, z -> z < -110
                    ? Section.ellipse(38 * s, 68, 12 + 0.12 * (-110 - z), 11 + 0.05 * (-110 - z)) : null));
        }
    }

    /**
     * Lungs with a tapering apex and a base that withdraws posteriorly into the costophrenic
     * recess; the right base is higher, above the liver dome.
     */
    private static void lungs(List<Region> r) {
        for (int side = -1; side <= 1; side += 2) {
            double cx = 78 * side, semiX = side < 0 ? 58 : 55;
            double baseTop = side < 0 ? -30 : -40, baseBottom = baseTop - 25;
            r.add(new Region(side < 0 ? "right lung" : "left lung", LUNG, z -> {
                if (z > 90) {
                    if (z >= 140) return null;
                    double k = Math.sqrt(1 - sq((z - 90) / 50));
                    return Section.ellipse(cx - 13 * Math.signum(cx) * (1 - k), -5 + 5 * (1 - k), semiX * k, 80 * k);
                }
                if (z >= baseTop) return Section.ellipse(cx, -5, semiX, 80);
                if (z <= baseBottom) return null;
                double t = (baseTop - z) / (baseTop - baseBottom);
                return Section.ellipse(cx, -5 + 64 * t, semiX * (1 - 0.4 * t), 80 * (1 - 0.8 * t));
            }));
        }
    }

    // ---- shape helpers ----

    private static Region tube(String name, int hu, double zLow, double zHigh,
                               java.util.function.DoubleUnaryOperator x, java.util.function.DoubleUnaryOperator y, double radius) {
        return new Region(name, hu, z -> z >= zLow && z <= zHigh
                ? Section.circle(x.applyAsDouble(z), y.applyAsDouble(z), radius) : null);
    }

    private static Region ellipsoid(String name, int hu, double cx, double cy, double cz,
                                    double a, double b, double c, double angle) {
        return new Region(name, hu, z -> {
            double t = 1 - sq((z - cz) / c);
            return t <= 0 ? null : new Section(cx, cy, a, b, angle).scaled(Math.sqrt(t));
        });
    }

    private static Section scale(Section unit, double semiU, double semiV) {
        return unit == null ? null : new Section(unit.centreX(), unit.centreY(), semiU, semiV, unit.angle());
    }

    /** Linear interpolation of a value going from v0 at z0 to v1 at z1. */
    private static double lerp(double z, double z0, double z1, double v0, double v1) {
        return v0 + (v1 - v0) * (z - z0) / (z1 - z0);
    }

    private static double sq(double v) {
        return v * v;
    }
}
