package io.radstream.render;

/** An immutable 3-vector in patient coordinates (mm, or unitless for directions; PS3.3 C.7.6.2.1.1). */
public record Vec(double x, double y, double z) {
    public static final Vec X = new Vec(1, 0, 0), Y = new Vec(0, 1, 0), Z = new Vec(0, 0, 1);

    public Vec {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("vector components must be finite: " + x + "," + y + "," + z);
        }
    }

    public static Vec of(double[] a) {
        return new Vec(a[0], a[1], a[2]);
    }

    public double[] toArray() {
        return new double[]{x, y, z};
    }

    public Vec plus(Vec o) { return new Vec(x + o.x, y + o.y, z + o.z); }

    public Vec minus(Vec o) { return new Vec(x - o.x, y - o.y, z - o.z); }

    public Vec times(double s) { return new Vec(x * s, y * s, z * s); }

    public double dot(Vec o) { return x * o.x + y * o.y + z * o.z; }

    public Vec cross(Vec o) { return new Vec(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x); }

    public double norm() { return Math.sqrt(dot(this)); }

    public Vec unit() {
        double n = norm();
        if (n == 0) throw new IllegalArgumentException("zero vector has no direction");
        return times(1 / n);
    }

    /** This vector rotated by {@code radians} about the unit {@code axis} (Rodrigues, right-handed). */
    public Vec rotate(Vec axis, double radians) {
        double c = Math.cos(radians), s = Math.sin(radians);
        return times(c).plus(axis.cross(this).times(s)).plus(axis.times(axis.dot(this) * (1 - c)));
    }
}
