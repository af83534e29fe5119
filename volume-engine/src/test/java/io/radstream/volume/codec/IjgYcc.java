package io.radstream.volume.codec;

/**
 * YCbCr (full range, 8-bit, interleaved) to RGB exactly as IJG libjpeg's {@code jdcolor.c}
 * converts, written independently of the decoder's copy for the tests.
 */
final class IjgYcc {
    private IjgYcc() {}

    static byte[] toRgb(byte[] ycc) {
        byte[] out = new byte[ycc.length];
        for (int i = 0; i + 2 < ycc.length; i += 3) {
            int y = ycc[i] & 0xFF, cb = (ycc[i + 1] & 0xFF) - 128, cr = (ycc[i + 2] & 0xFF) - 128;
            int r = y + (int) ((91881L * cr + 32768) >> 16);
            int g = y + (int) ((-22554L * cb + 32768 - 46802L * cr) >> 16);
            int b = y + (int) ((116130L * cb + 32768) >> 16);
            out[i] = (byte) Math.clamp(r, 0, 255);
            out[i + 1] = (byte) Math.clamp(g, 0, 255);
            out[i + 2] = (byte) Math.clamp(b, 0, 255);
        }
        return out;
    }
}
