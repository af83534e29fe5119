package io.radstream.volume.phantom;

/**
 * Where a cranio-caudal tomosynthesis acquisition puts the breast in patient space (LPS, PS3.3
 * §C.7.6.2.1.1) and how pixels map to breast coordinates ({@link BreastModel}).
 *
 * <p>The breast lies on the detector, which is caudal to it; slice planes are parallel to the
 * detector at heights {@code (k + 0.5)·sliceSpacing} above it, so frame positions advance along the
 * detector normal (+z, toward the source). In the image the chest wall is at one side edge and the
 * nipple points to the other, lateral at the top, as CC views are hung: right CC rows run toward
 * posterior and columns toward the patient's left (Patient Orientation P\L), left CC rows toward
 * anterior and columns toward the patient's right (A\R). Either way the image normal
 * (row × column, PS3.3 §C.7.6.2.1.1) points to the feet, against the detector normal.
 */
final class DbtGeometry {
    /** Chest wall midline on the detector surface, patient mm (an arbitrary but fixed placement). */
    private static final double CHEST_WALL_Y = -90, BREAST_CENTRE_X = 100, DETECTOR_Z = 20;

    private final DbtPhantom.Spec spec;
    private final double[] origin;
    /** Breast axes in patient space: toward the nipple, toward medial, up from the detector. */
    private final double[] axisA = {0, -1, 0}, axisM, axisH = {0, 0, 1};

    DbtGeometry(DbtPhantom.Spec spec) {
        this.spec = spec;
        boolean right = spec.laterality().equals("R");
        this.origin = new double[]{right ? -BREAST_CENTRE_X : BREAST_CENTRE_X, CHEST_WALL_Y, DETECTOR_Z};
        this.axisM = new double[]{right ? 1 : -1, 0, 0}; // medial: toward the other breast
    }

    boolean right() {
        return spec.laterality().equals("R");
    }

    /** Image Orientation (Patient): rows toward the chest wall (right) or the nipple (left); columns medial. */
    double[] orientation() {
        double s = right() ? -1 : 1;
        return new double[]{s * axisA[0], s * axisA[1], s * axisA[2], axisM[0], axisM[1], axisM[2]};
    }

    /** Breast coordinate a (mm from the chest wall) of column c's pixel centres. */
    double aOfColumn(double c) {
        return right() ? (spec.columns() - 0.5 - c) * spec.pixelSpacingMm() : (c + 0.5) * spec.pixelSpacingMm();
    }

    /** Breast coordinate m (mm medial of the midline) of row r's pixel centres. */
    double mOfRow(double r) {
        return (r - (spec.rows() - 1) / 2.0) * spec.pixelSpacingMm();
    }

    /** Height above the detector of frame k (0-based). */
    double hOfFrame(int k) {
        return (k + 0.5) * spec.sliceSpacingMm();
    }

    /** Column whose pixel centres lie at breast coordinate a (fractional). */
    double columnOfA(double a) {
        double c = a / spec.pixelSpacingMm();
        return right() ? spec.columns() - 0.5 - c : c - 0.5;
    }

    double rowOfM(double m) {
        return m / spec.pixelSpacingMm() + (spec.rows() - 1) / 2.0;
    }

    /** Image Position (Patient) of frame k: the centre of its first pixel. */
    double[] framePosition(int k) {
        return toPatient(aOfColumn(0), mOfRow(0), hOfFrame(k));
    }

    double[] toPatient(double a, double m, double h) {
        double[] p = new double[3];
        for (int i = 0; i < 3; i++) p[i] = origin[i] + a * axisA[i] + m * axisM[i] + h * axisH[i];
        return p;
    }

    /** Breast coordinates {a, m, h} of a patient position. */
    double[] toBreast(double x, double y, double z) {
        double dx = x - origin[0], dy = y - origin[1], dz = z - origin[2];
        return new double[]{dx * axisA[0] + dy * axisA[1] + dz * axisA[2],
                dx * axisM[0] + dy * axisM[1] + dz * axisM[2],
                dx * axisH[0] + dy * axisH[1] + dz * axisH[2]};
    }
}
