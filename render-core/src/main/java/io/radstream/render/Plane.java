package io.radstream.render;

/**
 * The standard MPR planes in the radiological display convention: the patient's right on the
 * viewport's left, anterior on the left of a sagittal view, head at the top of coronal and
 * sagittal views. Directions are patient coordinates (x toward the patient's left, y posterior,
 * z head; PS3.3 C.7.6.2.1.1). {@code right} is the viewport's +x direction, {@code down} its +y
 * direction; the plane normal is right × down.
 */
public enum Plane {
    /** normal +z (toward the head): viewport right = L, down = P. */
    AXIAL(Vec.X, Vec.Y),
    /** normal +y (posterior): viewport right = L, down = F. */
    CORONAL(Vec.X, new Vec(0, 0, -1)),
    /** normal −x (toward the patient's right): viewport right = P, down = F. */
    SAGITTAL(Vec.Y, new Vec(0, 0, -1));

    private final Vec right, down;

    Plane(Vec right, Vec down) {
        this.right = right;
        this.down = down;
    }

    public Vec right() { return right; }

    public Vec down() { return down; }

    public Vec normal() { return right.cross(down); }

    /**
     * The patient axis this plane is perpendicular to, as a unit vector pointing toward +axis
     * (z for axial, y for coronal, x for sagittal). A CLI "position" is the coordinate along it.
     */
    public Vec axis() {
        return switch (this) {
            case AXIAL -> Vec.Z;
            case CORONAL -> Vec.Y;
            case SAGITTAL -> Vec.X;
        };
    }
}
