package io.radstream.render;

/**
 * The reformat part of a {@link ViewState}: a plane through {@code focal} spanned by the viewport
 * directions {@code right} (+x) and {@code down} (+y), optionally thickened into a slab.
 *
 * <p>The viewport centre (before pan) shows {@code focal}. The plane normal is right × down;
 * a slab covers ±{@code slabMm}/2 along it and projects with {@code projection}.
 *
 * @param focal      a point of the plane, patient mm; shown at the viewport centre before pan
 * @param right      viewport +x in patient coordinates, unit
 * @param down       viewport +y in patient coordinates, unit and orthogonal to {@code right}
 * @param slabMm     slab thickness along the normal, mm; 0 = a thin plane
 * @param projection how samples across the slab combine; ignored when {@code slabMm} is 0
 */
public record Mpr(Vec focal, Vec right, Vec down, double slabMm, Projection projection) {

    /** How a slab's samples along the normal combine into one value. */
    public enum Projection { MIP, MINIP, AVG }

    public Mpr {
        if (focal == null || right == null || down == null || projection == null) throw new NullPointerException("mpr field");
        if (Math.abs(right.norm() - 1) > 1e-6 || Math.abs(down.norm() - 1) > 1e-6 || Math.abs(right.dot(down)) > 1e-6) {
            throw new IllegalArgumentException("plane directions must be orthogonal unit vectors: " + right + ", " + down);
        }
        if (!(slabMm >= 0) || !Double.isFinite(slabMm)) throw new IllegalArgumentException("slab must be ≥ 0 mm, got " + slabMm);
    }

    /** A thin standard plane through {@code focal}. */
    public static Mpr of(Plane plane, Vec focal) {
        return new Mpr(focal, plane.right(), plane.down(), 0, Projection.AVG);
    }

    public Vec normal() {
        return right.cross(down);
    }

    /** The plane's signed distance from the patient origin along the normal, mm. */
    public double position() {
        return focal.dot(normal());
    }

    public Mpr withFocal(Vec f) {
        return new Mpr(f, right, down, slabMm, projection);
    }

    public Mpr withDirections(Vec r, Vec d) {
        return new Mpr(focal, r, d, slabMm, projection);
    }

    public Mpr withSlab(double mm, Projection p) {
        return new Mpr(focal, right, down, mm, p);
    }
}
