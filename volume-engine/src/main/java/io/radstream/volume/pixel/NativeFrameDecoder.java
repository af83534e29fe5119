package io.radstream.volume.pixel;

import io.radstream.volume.codec.StoredValues;

/**
 * Turns native (uncompressed) pixel data (PS3.5 §8.1) into frames of stored values in the one
 * layout every other component uses: samples interleaved (row, column, sample), little endian in
 * the Bits Allocated container (1 byte for 1 and 8 bits, 2 for 16, 4 for 32, 8 for 64), integers
 * masked to Bits Stored and sign-extended when Pixel Representation is 1, 1-bit data unpacked to
 * one byte 0/1 per pixel, YBR_FULL_422 up-sampled to YBR_FULL. No LUT is applied.
 */
public final class NativeFrameDecoder {
    private NativeFrameDecoder() {}

    /** Bytes of one frame as stored, for frame sizes of whole bytes; see {@link #frameRange}. */
    static long storedFrameBytes(PixelDescription d) {
        if ("YBR_FULL_422".equals(d.photometric()) && d.samplesPerPixel() == 3) {
            // PS3.3 C.7.6.3.1.2: two samples of Y, one Cb, one Cr per pair of pixels
            return (long) d.rows() * d.columns() * 2 * (d.bitsAllocated() / 8);
        }
        return d.samplesPerFrame() * d.bitsAllocated() / 8;
    }

    /**
     * The byte range {@code [start, end)} within the pixel data value that holds frame {@code i}.
     * 1-bit frames need not start on a byte boundary (PS3.5 §8.1.1): the range covers the bits.
     */
    public static long[] frameRange(PixelDescription d, int frame) {
        if (d.bitsAllocated() == 1) {
            long bits = d.samplesPerFrame();
            long startBit = bits * frame;
            return new long[]{startBit / 8, (startBit + bits + 7) / 8};
        }
        long n = storedFrameBytes(d);
        return new long[]{n * frame, n * (frame + 1)};
    }

    /**
     * Decodes one frame.
     *
     * @param stored       the bytes of {@link #frameRange}, as read from the value; owned by the
     *                     decoder (masking to Bits Stored overwrites it in place), so callers pass a
     *                     fresh array, never one they read again
     * @param bigEndian    the data set's byte order (Explicit VR Big Endian)
     * @param wordSwapped8 8-bit data in an OW value of a big-endian data set: bytes are swapped in
     *                     16-bit words (PS3.5 §8.1.1) and must be swapped back
     */
    public static byte[] decode(PixelDescription d, int frame, byte[] stored, boolean bigEndian, boolean wordSwapped8) {
        if (d.bitsAllocated() == 1) return unpackBits(d, frame, stored);
        int cb = d.containerBytes();
        byte[] le = stored;
        if (bigEndian && (cb > 1 || wordSwapped8)) le = swap(stored, cb > 1 ? cb : 2);
        if ("YBR_FULL_422".equals(d.photometric()) && d.samplesPerPixel() == 3) {
            le = upsample422(le, d, cb);
        } else if (d.samplesPerPixel() > 1 && d.planarConfiguration() == 1) {
            le = interleave(le, d, cb);
        }
        if (!d.isFloat() && d.bitsStored() < d.bitsAllocated()) {
            // in place: every caller hands over a freshly read array, and a 9.3 MB DBT frame's
            // clone cost as much as its read (docs/benchmarks.md)
            StoredValues.maskToBitsStored(le, d); // the one masking rule every decoder shares
        }
        return le == stored && stored.length == d.decodedFrameBytes() ? stored : trimmed(le, d.decodedFrameBytes());
    }

    private static byte[] trimmed(byte[] b, long n) {
        return b.length == n ? b : java.util.Arrays.copyOf(b, (int) n);
    }

    private static byte[] swap(byte[] in, int width) {
        byte[] out = new byte[in.length];
        int n = in.length - in.length % width;
        for (int i = 0; i < n; i += width) {
            for (int k = 0; k < width; k++) out[i + k] = in[i + width - 1 - k];
        }
        System.arraycopy(in, n, out, n, in.length - n);
        return out;
    }

    private static byte[] interleave(byte[] planar, PixelDescription d, int cb) {
        int pixels = d.rows() * d.columns();
        int spp = d.samplesPerPixel();
        byte[] out = new byte[pixels * spp * cb];
        for (int s = 0; s < spp; s++) {
            int planeStart = s * pixels * cb;
            for (int p = 0; p < pixels; p++) {
                System.arraycopy(planar, planeStart + p * cb, out, (p * spp + s) * cb, cb);
            }
        }
        return out;
    }

    private static byte[] upsample422(byte[] in, PixelDescription d, int cb) {
        int cols = d.columns();
        int rows = d.rows();
        byte[] out = new byte[rows * cols * 3 * cb];
        int src = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c + 1 < cols + 1; c += 2) {
                int y0 = src, y1 = src + cb, cbPos = src + 2 * cb, crPos = src + 3 * cb;
                src += 4 * cb;
                for (int k = 0; k < 2 && c + k < cols; k++) {
                    int dst = ((r * cols) + c + k) * 3 * cb;
                    System.arraycopy(in, k == 0 ? y0 : y1, out, dst, cb);
                    System.arraycopy(in, cbPos, out, dst + cb, cb);
                    System.arraycopy(in, crPos, out, dst + 2 * cb, cb);
                }
            }
        }
        return out;
    }

    private static byte[] unpackBits(PixelDescription d, int frame, byte[] stored) {
        long bits = d.samplesPerFrame();
        int firstBit = (int) ((bits * frame) % 8);
        byte[] out = new byte[(int) bits];
        for (int i = 0; i < bits; i++) {
            int b = firstBit + i;
            out[i] = (byte) ((stored[b >>> 3] >>> (b & 7)) & 1); // least significant bit first
        }
        return out;
    }
}
