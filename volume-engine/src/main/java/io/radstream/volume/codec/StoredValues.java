package io.radstream.volume.codec;

import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

/**
 * Finishing touches every codec applies to its output so that it matches the canonical layout of
 * {@link io.radstream.volume.pixel.NativeFrameDecoder}: values masked to Bits Stored and
 * sign-extended when Pixel Representation is 1 (PS3.5 §8.1.1: bits above the High Bit are not
 * part of the value), little endian in the Bits Allocated container, and a frame size that a Java
 * array can hold. Byte-oriented codecs fix their output in place ({@link #maskToBitsStored});
 * codecs that decode to integers hand their interleaved samples to {@link #frame}.
 */
public final class StoredValues {
    private StoredValues() {}

    /** The largest decoded frame this process will allocate: a quarter of the maximum heap. */
    private static final java.util.function.LongSupplier MAX_FRAME_BYTES = () -> Runtime.getRuntime().maxMemory() / 4;

    /** The decoded frame size in bytes, or an error when no array can hold it. */
    public static int frameBytes(PixelDescription d) throws PixelDataException {
        long n = d.decodedFrameBytes();
        if (n > Integer.MAX_VALUE - 16) {
            throw new PixelDataException("a decoded frame of " + d.rows() + "x" + d.columns() + "x"
                    + d.samplesPerPixel() + " at " + d.bitsAllocated() + " bits (" + n + " bytes) is too large");
        }
        // Rows and Columns are only what the header claims. A tiny JPEG codestream may legitimately
        // be smaller than the frame (edge tiles), so 32767x32767 in the header made the JPEG decoder
        // allocate 2 GB and die with OutOfMemoryError (found by CorpusMutationTest). A frame must
        // leave room for the rest of the process: at most a quarter of the heap.
        long budget = MAX_FRAME_BYTES.getAsLong();
        if (n > budget) {
            throw new PixelDataException("a decoded frame of " + d.rows() + "x" + d.columns() + "x"
                    + d.samplesPerPixel() + " at " + d.bitsAllocated() + " bits (" + n
                    + " bytes) is more than a quarter of the " + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap");
        }
        return (int) n;
    }

    /**
     * Masks little-endian samples of {@code containerBytes} bytes to Bits Stored, sign-extending when
     * signed; does nothing when Bits Stored fills the container.
     */
    public static void maskToBitsStored(byte[] le, PixelDescription d) {
        int cb = d.containerBytes();
        int bitsStored = d.bitsStored();
        if (bitsStored >= cb * 8) return;
        if (cb == 2) {
            int mask = (1 << bitsStored) - 1;
            int sign = 1 << (bitsStored - 1);
            boolean signed = d.signed();
            for (int i = 0; i + 1 < le.length; i += 2) {
                int v = (le[i] & 0xFF | (le[i + 1] & 0xFF) << 8) & mask;
                if (signed && (v & sign) != 0) v |= ~mask;
                le[i] = (byte) v;
                le[i + 1] = (byte) (v >> 8);
            }
            return;
        }
        long mask = (1L << bitsStored) - 1;
        long sign = 1L << (bitsStored - 1);
        for (int i = 0; i + cb <= le.length; i += cb) {
            long v = 0;
            for (int k = cb - 1; k >= 0; k--) v = (v << 8) | (le[i + k] & 0xFF);
            v &= mask;
            if (d.signed() && (v & sign) != 0) v |= ~mask;
            for (int k = 0; k < cb; k++) {
                le[i + k] = (byte) v;
                v >>= 8;
            }
        }
    }

    /**
     * @param samples one int per sample, interleaved (row, column, sample); any value, the bits
     *                above Bits Stored are dropped as PS3.5 §8.1.1 says they carry no pixel data
     */
    public static byte[] frame(int[] samples, PixelDescription d) throws PixelDataException {
        if (samples.length != d.samplesPerFrame()) {
            throw new PixelDataException("decoder produced " + samples.length + " samples; the frame has "
                    + d.samplesPerFrame());
        }
        int bits = d.bitsStored();
        int cb = d.containerBytes();
        if (bits > 32 || cb > 4) throw new PixelDataException("Bits Stored " + bits + " is not an integer codec depth");
        int shift = 32 - bits;
        boolean signed = d.signed();
        byte[] out = new byte[Math.multiplyExact(samples.length, cb)];
        for (int i = 0, o = 0; i < samples.length; i++, o += cb) {
            int v = samples[i] << shift;
            v = signed ? v >> shift : v >>> shift;
            out[o] = (byte) v;
            if (cb > 1) out[o + 1] = (byte) (v >> 8);
            if (cb > 2) {
                out[o + 2] = (byte) (v >> 16);
                out[o + 3] = (byte) (v >> 24);
            }
        }
        return out;
    }
}
