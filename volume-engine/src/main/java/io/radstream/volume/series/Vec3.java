package io.radstream.volume.series;

/** Small 3-vector helpers over double[3], patient coordinates in mm (PS3.3 C.7.6.2.1.1). */
public final class Vec3 {
    private Vec3() {}

    public static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    public static double[] cross(double[] a, double[] b) {
        return new double[]{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    public static double[] normalize(double[] a) {
        double n = norm(a);
        if (n == 0) throw new IllegalArgumentException("zero vector");
        return new double[]{a[0] / n, a[1] / n, a[2] / n};
    }

    public static double[] sub(double[] a, double[] b) {
        return new double[]{a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    /** a + s·b */
    public static double[] addScaled(double[] a, double s, double[] b) {
        return new double[]{a[0] + s * b[0], a[1] + s * b[1], a[2] + s * b[2]};
    }
}
