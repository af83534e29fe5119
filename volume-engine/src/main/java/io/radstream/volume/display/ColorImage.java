package io.radstream.volume.display;

import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

/**
 * One decoded colour frame (stored values in the layout of
 * {@link io.radstream.volume.pixel.NativeFrameDecoder}: interleaved, little endian, planar
 * configuration already undone) → 8-bit RGB, row-major, 3 bytes per pixel: what the viewer shows.
 *
 * <ul>
 * <li>PALETTE COLOR: the {@link PaletteLut} (8 bits per channel, see there).</li>
 * <li>RGB: 8-bit samples as they are; wider samples keep their top 8 significant bits
 *     ({@code v >> (BitsStored − 8)}).</li>
 * <li>YBR_FULL and YBR_FULL_422 (the decoders hand both back as full-resolution YBR_FULL): to RGB
 *     with PS3.3 C.7.6.3.1.2's equations, in float and rounded like pydicom's
 *     {@code convert_color_space}.</li>
 * <li>YBR_RCT and YBR_ICT: the JPEG 2000 decoders already undo the component transform, so the
 *     samples are RGB.</li>
 * </ul>
 * Anything else (YBR_PARTIAL_*, retired ARGB/CMYK/HSV) is refused with a clear error. No window
 * applies: colour images are shown as stored (DICOM defines no VOI for colour).
 */
public final class ColorImage {
    private ColorImage() {}

    /** Whether images of this photometric interpretation are shown in colour. */
    public static boolean isColor(String photometric) {
        return photometric != null && !photometric.startsWith("MONOCHROME");
    }

    public static byte[] toRgb8(byte[] stored, PixelDescription d, PaletteLut palette) throws PixelDataException {
        int pixels = d.rows() * d.columns();
        byte[] rgb = new byte[pixels * 3];
        String pi = d.photometric();
        if ("PALETTE COLOR".equals(pi)) {
            if (palette == null) throw new PixelDataException("PALETTE COLOR image without a palette");
            if (d.samplesPerPixel() != 1) throw new PixelDataException("PALETTE COLOR with " + d.samplesPerPixel() + " samples per pixel");
            int cb = d.containerBytes();
            for (int p = 0; p < pixels; p++) palette.apply(sample(stored, p, cb, d.signed()), rgb, 3 * p);
            return rgb;
        }
        if (d.samplesPerPixel() != 3) throw new PixelDataException(pi + " with " + d.samplesPerPixel() + " samples per pixel is not supported");
        int cb = d.containerBytes();
        int shift = Math.max(0, d.bitsStored() - 8);
        switch (pi) {
            case "RGB", "YBR_RCT", "YBR_ICT" -> {
                for (int i = 0; i < pixels * 3; i++) rgb[i] = (byte) clamp8(sample(stored, i, cb, false) >>> shift);
            }
            case "YBR_FULL", "YBR_FULL_422" -> {
                if (d.bitsStored() > 8) throw new PixelDataException(pi + " with " + d.bitsStored() + " bits stored is not supported");
                for (int p = 0; p < pixels; p++) ybrFullToRgb(stored[3 * p] & 0xFF, stored[3 * p + 1] & 0xFF, stored[3 * p + 2] & 0xFF, rgb, 3 * p);
            }
            default -> throw new PixelDataException("photometric interpretation " + pi + " cannot be displayed");
        }
        return rgb;
    }

    // float32 coefficients, in the order pydicom multiplies them
    private static final float G_CB = (float) (-0.114 * 1.772 / 0.587);
    private static final float G_CR = (float) (-0.299 * 1.402 / 0.587);

    /** PS3.3 C.7.6.3.1.2 YBR_FULL → RGB, as pydicom (float32, +0.5, floor, clip). */
    static void ybrFullToRgb(int y, int cbIn, int crIn, byte[] out, int pos) {
        float fy = y, cb = cbIn - 128f, cr = crIn - 128f;
        out[pos] = (byte) clamp8((int) Math.floor(fy + 1.402f * cr + 0.5f));
        out[pos + 1] = (byte) clamp8((int) Math.floor(fy + G_CB * cb + G_CR * cr + 0.5f));
        out[pos + 2] = (byte) clamp8((int) Math.floor(fy + 1.772f * cb + 0.5f));
    }

    /** Rec. 601 luma of an RGB8 image, for the gray twin of a colour stack. */
    public static byte[] luma(byte[] rgb) {
        byte[] y = new byte[rgb.length / 3];
        for (int p = 0; p < y.length; p++) {
            y[p] = (byte) ((299 * (rgb[3 * p] & 0xFF) + 587 * (rgb[3 * p + 1] & 0xFF) + 114 * (rgb[3 * p + 2] & 0xFF) + 500) / 1000);
        }
        return y;
    }

    private static int sample(byte[] b, int i, int cb, boolean signed) {
        return switch (cb) {
            case 1 -> signed ? b[i] : b[i] & 0xFF;
            case 2 -> {
                int v = b[2 * i] & 0xFF | (b[2 * i + 1] & 0xFF) << 8;
                yield signed ? (short) v : v;
            }
            default -> {
                int o = i * cb; // 32-bit containers: the low four bytes hold the value
                yield (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
            }
        };
    }

    private static int clamp8(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
