package io.radstream.render;

/**
 * A rendered image, row-major, exactly what the lossless still encodes byte for byte: 8-bit gray
 * ({@code width × height} bytes) or, for colour series, 8-bit RGB ({@code width × height × 3}
 * bytes, R G B per pixel).
 */
public record Frame(int width, int height, Format format, byte[] pixels) {

    public enum Format {
        GRAY8(1), RGB8(3);

        /** Bytes per pixel. */
        public final int channels;

        Format(int channels) {
            this.channels = channels;
        }
    }

    public Frame {
        java.util.Objects.requireNonNull(format, "format");
        if (pixels.length != width * height * format.channels) throw new IllegalArgumentException("frame size mismatch");
    }

    /** A gray frame (what every gray renderer makes). */
    public Frame(int width, int height, byte[] gray) {
        this(width, height, Format.GRAY8, gray);
    }

    public static Frame rgb(int width, int height, byte[] rgb) {
        return new Frame(width, height, Format.RGB8, rgb);
    }

    public boolean isColor() {
        return format == Format.RGB8;
    }

    /** The gray pixels; an RGB frame has none (encoders must ask {@link #format()} first). */
    public byte[] gray() {
        if (format != Format.GRAY8) throw new IllegalStateException("an RGB frame has no gray plane");
        return pixels;
    }

    /** Gray value at (x, y) of a gray frame. */
    public int at(int x, int y) {
        return gray()[y * width + x] & 0xFF;
    }

    /** Channel {@code c} (0 R, 1 G, 2 B) at (x, y) of an RGB frame. */
    public int rgbAt(int x, int y, int c) {
        if (format != Format.RGB8) throw new IllegalStateException("not an RGB frame");
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }
}
