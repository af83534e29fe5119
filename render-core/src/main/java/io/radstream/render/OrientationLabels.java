package io.radstream.render;

/**
 * The patient-direction letters shown at the four viewport edges: L/R (patient x), P/A (y), H/F
 * (z), from the direction each edge points to in patient coordinates (PS3.3 C.7.6.1.1.1 uses the
 * same letters, with H for head and F for foot).
 *
 * <p>An oblique direction gets up to three letters, strongest component first; a component shows
 * when its magnitude is at least {@link #MIN_COMPONENT} (about 11.5° of tilt), so small tilts do
 * not clutter the label.
 */
public final class OrientationLabels {
    private OrientationLabels() {}

    public static final double MIN_COMPONENT = 0.2;

    /** Letters at the viewport's left, right, top and bottom edges. */
    public record Edges(String left, String right, String top, String bottom) {}

    /** The edges of a view whose +x is {@code right} and +y is {@code down} (patient directions). */
    public static Edges of(Vec right, Vec down) {
        return new Edges(label(right.times(-1)), label(right), label(down.times(-1)), label(down));
    }

    /** The edges of a reformat view. */
    public static Edges of(Mpr mpr) {
        return of(mpr.right(), mpr.down());
    }

    /** The letters for one patient direction. */
    public static String label(Vec d) {
        Vec u = d.unit();
        double[] c = {u.x(), u.y(), u.z()};
        Integer[] order = {0, 1, 2};
        java.util.Arrays.sort(order, (a, b) -> Double.compare(Math.abs(c[b]), Math.abs(c[a])));
        StringBuilder sb = new StringBuilder(3);
        for (int n = 0; n < 3; n++) {
            int a = order[n];
            if (n > 0 && Math.abs(c[a]) < MIN_COMPONENT) break;
            sb.append(switch (a) {
                case 0 -> c[a] >= 0 ? 'L' : 'R';
                case 1 -> c[a] >= 0 ? 'P' : 'A';
                default -> c[a] >= 0 ? 'H' : 'F';
            });
        }
        return sb.toString();
    }
}
