package io.radstream.volume.phantom;

/**
 * The cross-section of an anatomical structure in one axial plane (constant patient z): an
 * ellipse in patient x (toward the patient's left) and y (toward posterior), PS3.3 §C.7.6.2.1.1.
 *
 * @param centreX   centre, mm
 * @param centreY   centre, mm
 * @param semiAxisU half-length along the axis at {@code angle}, mm
 * @param semiAxisV half-length across it, mm
 * @param angle     rotation of the u axis from +x toward +y, radians
 */
record Section(double centreX, double centreY, double semiAxisU, double semiAxisV, double angle) {

    static Section circle(double centreX, double centreY, double radius) {
        return new Section(centreX, centreY, radius, radius, 0);
    }

    static Section ellipse(double centreX, double centreY, double semiX, double semiY) {
        return new Section(centreX, centreY, semiX, semiY, 0);
    }

    Section scaled(double k) {
        return new Section(centreX, centreY, semiAxisU * k, semiAxisV * k, angle);
    }

    boolean contains(double x, double y) {
        double dx = x - centreX, dy = y - centreY;
        double c = Math.cos(angle), s = Math.sin(angle);
        double u = (dx * c + dy * s) / semiAxisU, v = (-dx * s + dy * c) / semiAxisV;
        return u * u + v * v <= 1;
    }

    /** Half-width of the axis-aligned box around the rotated ellipse, along x. */
    double extentX() {
        double c = Math.cos(angle), s = Math.sin(angle);
        return Math.sqrt(semiAxisU * semiAxisU * c * c + semiAxisV * semiAxisV * s * s);
    }

    double extentY() {
        double c = Math.cos(angle), s = Math.sin(angle);
        return Math.sqrt(semiAxisU * semiAxisU * s * s + semiAxisV * semiAxisV * c * c);
    }
}
