package io.radstream.volume.display;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.Tag;

/**
 * The Display Shutter module (PS3.3 C.7.6.11) of an image: the area outside the shutter is shown
 * in the Shutter Presentation Value. Shapes combine: what is shown is the intersection of every
 * shape present. Coordinates are the standard's, 1-based: rectangle edges are columns (left,
 * right) and rows (upper, lower), inclusive; circle centre and polygon vertices are (row, column).
 *
 * <p>Inside rules (tests use the same): an image pixel (row r, column c, 1-based) is inside the
 * rectangle when {@code left ≤ c ≤ right} and {@code upper ≤ r ≤ lower}; inside the circle when
 * {@code (r − rc)² + (c − cc)² ≤ radius²}; inside the polygon by the even–odd crossing rule at the
 * point (c, r) with a ray towards +column, edges counted when one end's row is {@code ≤ r} and the
 * other's {@code > r} (so a pixel exactly on a left or upper edge is in, on a right or lower edge
 * out).
 *
 * <p>Shutter Presentation Color CIELab Value is not used; colour images get the P-value as gray.
 *
 * @param presentationValue Shutter Presentation Value, a P-value 0..65535 (0, black, by default)
 */
public record DisplayShutter(int[] rectangle, int[] circle, int[] polygon, int presentationValue) {

    /** The shutter of a header, or {@code null} when it has none. */
    public static DisplayShutter of(Attributes ds) {
        String[] shapes = ds.getStrings(Tag.ShutterShape);
        if (shapes.length == 0) return null;
        int[] rect = null, circle = null, polygon = null;
        for (String s : shapes) {
            switch (s) {
                case "RECTANGULAR" -> {
                    int l = ds.getInt(Tag.ShutterLeftVerticalEdge, Integer.MIN_VALUE), r = ds.getInt(Tag.ShutterRightVerticalEdge, Integer.MIN_VALUE),
                            u = ds.getInt(Tag.ShutterUpperHorizontalEdge, Integer.MIN_VALUE), lo = ds.getInt(Tag.ShutterLowerHorizontalEdge, Integer.MIN_VALUE);
                    if (l != Integer.MIN_VALUE && r != Integer.MIN_VALUE && u != Integer.MIN_VALUE && lo != Integer.MIN_VALUE) rect = new int[]{l, r, u, lo};
                }
                case "CIRCULAR" -> {
                    int[] c = ds.getInts(Tag.CenterOfCircularShutter);
                    int radius = ds.getInt(Tag.RadiusOfCircularShutter, -1);
                    if (c.length == 2 && radius >= 0) circle = new int[]{c[0], c[1], radius};
                }
                case "POLYGONAL" -> {
                    int[] v = ds.getInts(Tag.VerticesOfThePolygonalShutter);
                    if (v.length >= 6 && v.length % 2 == 0) polygon = v;
                }
                default -> { } // BITMAP (overlay as shutter) is not supported; the image shows unshuttered
            }
        }
        if (rect == null && circle == null && polygon == null) return null;
        return new DisplayShutter(rect, circle, polygon, ds.getInt(Tag.ShutterPresentationValue, 0) & 0xFFFF);
    }

    /** The presentation value as an 8-bit gray level. */
    public int gray8() {
        return presentationValue >>> 8;
    }

    /** Whether the pixel at 0-based (row, column) is shown (inside every shape). */
    public boolean shows(int row0, int column0) {
        int r = row0 + 1, c = column0 + 1;
        if (rectangle != null && (c < rectangle[0] || c > rectangle[1] || r < rectangle[2] || r > rectangle[3])) return false;
        if (circle != null) {
            long dr = r - circle[0], dc = c - circle[1];
            if (dr * dr + dc * dc > (long) circle[2] * circle[2]) return false;
        }
        return polygon == null || insidePolygon(r, c);
    }

    private boolean insidePolygon(int r, int c) {
        boolean in = false;
        int n = polygon.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double ri = polygon[2 * i], ci = polygon[2 * i + 1], rj = polygon[2 * j], cj = polygon[2 * j + 1];
            if ((ri <= r) != (rj <= r)) {
                double cross = ci + (r - ri) * (cj - ci) / (rj - ri);
                if (c < cross) in = !in;
            }
        }
        return in;
    }

    /** 1 where the image is shuttered, 0 where it shows; row-major, {@code rows × columns}. */
    public byte[] mask(int rows, int columns) {
        byte[] m = new byte[rows * columns];
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) if (!shows(r, c)) m[r * columns + c] = 1;
        return m;
    }
}
