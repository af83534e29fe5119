package io.radstream.render;

/**
 * Stored value → 8-bit display value: Modality LUT (linear rescale, PS3.3 C.11.1) then the VOI
 * LINEAR function (PS3.3 C.11.2.1.2.1), inverted for MONOCHROME1 (C.7.6.3.1.2), as one table over
 * the 16-bit stored range so rendering is one lookup per pixel.
 *
 * <pre>
 *   x ≤ c − 0.5 − (w−1)/2  → 0
 *   x > c − 0.5 + (w−1)/2  → 255
 *   else y = ((x − (c − 0.5)) / (w − 1) + 0.5) · 255, rounded half up
 * </pre>
 */
public final class VoiLut {
    private VoiLut() {}

    /** One display value for a modality value. */
    public static int apply(double x, double center, double width) {
        double c = center - 0.5, w = width - 1;
        if (x <= c - w / 2) return 0;
        if (x > c + w / 2) return 255;
        double y = ((x - c) / w + 0.5) * 255;
        return (int) Math.max(0, Math.min(255, Math.floor(y + 0.5)));
    }

    /**
     * The table for all 65536 stored values. Index by the stored value's 16 bits
     * ({@code storedBits & 0xFFFF}); {@code signed} says how those bits are read.
     */
    public static byte[] table(boolean signed, double slope, double intercept, double center, double width,
                               boolean monochrome1) {
        byte[] lut = new byte[65536];
        for (int bits = 0; bits < 65536; bits++) {
            int stored = signed ? (short) bits : bits;
            int y = apply(stored * slope + intercept, center, width);
            lut[bits] = (byte) (monochrome1 ? 255 - y : y);
        }
        return lut;
    }
}
