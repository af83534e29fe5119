package io.radstream.volume.phantom;

/**
 * Hounsfield units to stored pixel values and back: HU = stored * slope + intercept with slope 1
 * and intercept -1024 (Modality LUT, PS3.3 §C.11.1.1.2), stored as signed 16-bit little endian.
 */
final class HuEncoding {
    static final int RESCALE_INTERCEPT = -1024;
    static final int RESCALE_SLOPE = 1;

    private HuEncoding() {}

    static int storedValue(int hu) {
        return Math.clamp(hu - RESCALE_INTERCEPT, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    /** Pixel Data bytes for Explicit VR Little Endian (PS3.5 §8.1.1: OW in little-endian order). */
    static byte[] toStoredLittleEndian(short[] hu) {
        byte[] out = new byte[hu.length * 2];
        toStoredLittleEndian(hu, out);
        return out;
    }

    static void toStoredLittleEndian(short[] hu, byte[] out) {
        if (out.length != hu.length * 2) throw new IllegalArgumentException("output must hold two bytes per pixel");
        for (int i = 0, j = 0; i < hu.length; i++, j += 2) {
            int v = storedValue(hu[i]);
            out[j] = (byte) v;
            out[j + 1] = (byte) (v >> 8);
        }
    }
}
