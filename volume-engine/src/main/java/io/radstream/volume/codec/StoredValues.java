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
            if (d.signed()) signExtend16(le, bitsStored);
            else mask16(le, bitsStored);
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

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle SHORT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * Unsigned 16-bit samples: four at a time through one 64-bit AND (the same mask in each 16-bit
     * lane). A DBT frame (10 of 16 bits stored) is 4.6 M samples; byte-wise this loop was the
     * largest cost of reading a native frame (docs/benchmarks.md).
     */
    private static void mask16(byte[] le, int bitsStored) {
        long lane = (1L << bitsStored) - 1;
        long mask = lane | lane << 16 | lane << 32 | lane << 48;
        int i = 0;
        for (int end = le.length - 7; i < end; i += 8) LONG_LE.set(le, i, (long) LONG_LE.get(le, i) & mask);
        for (; i + 1 < le.length; i += 2) SHORT_LE.set(le, i, (short) ((short) SHORT_LE.get(le, i) & (short) lane));
    }

    /** Signed 16-bit samples: the low Bits Stored bits, sign-extended (shift up, arithmetic shift down). */
    private static void signExtend16(byte[] le, int bitsStored) {
        int shift = 32 - bitsStored;
        for (int i = 0; i + 1 < le.length; i += 2) {
            int v = (short) SHORT_LE.get(le, i);
            SHORT_LE.set(le, i, (short) ((v << shift) >> shift));
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
