package io.radstream.volume.codec.rle;

import io.radstream.volume.pixel.PixelDataException;

import java.util.Arrays;

/**
 * Decodes one RLE segment, a PackBits byte stream (PS3.5 §G.3.1): a header byte n of 0..127 copies
 * the next n+1 bytes literally, -1..-127 repeats the next byte -n+1 times, and -128 does nothing.
 * The output is one byte plane written with a stride, so planes land interleaved in the frame.
 */
final class RleSegment {
    private RleSegment() {}

    /**
     * Decodes {@code src[start, end)} into {@code count} bytes at {@code dst[first + i * stride]}.
     * Decoding stops after {@code count} bytes (what follows in the segment is padding); a segment
     * that ends before them, or a run cut short by the segment end, is an error.
     */
    static void decode(byte[] src, int start, int end, byte[] dst, int first, int stride, int count, int segment)
            throws PixelDataException {
        int pos = start;
        int n = 0;
        int o = first;
        while (n < count) {
            if (pos >= end) {
                throw new PixelDataException("RLE segment " + segment + " ends at frame offset " + end + " after "
                        + n + " of " + count + " bytes (PS3.5 §G.3: each segment holds one byte per pixel)");
            }
            int header = src[pos++];
            if (header >= 0) {
                int run = header + 1;
                if (pos + run > end) {
                    throw new PixelDataException("RLE segment " + segment + ": literal run of " + run
                            + " bytes at frame offset " + (pos - 1) + " runs past the segment end (" + end + ")");
                }
                run = Math.min(run, count - n);
                if (stride == 1) {
                    System.arraycopy(src, pos, dst, o, run);
                    o += run;
                } else {
                    for (int i = 0; i < run; i++, o += stride) dst[o] = src[pos + i];
                }
                pos += header + 1;
                n += run;
            } else if (header != -128) {
                if (pos >= end) {
                    throw new PixelDataException("RLE segment " + segment + ": replicate run at frame offset "
                            + (pos - 1) + " has no byte to repeat");
                }
                int run = Math.min(1 - header, count - n);
                byte value = src[pos++];
                if (stride == 1) {
                    Arrays.fill(dst, o, o + run, value);
                    o += run;
                } else {
                    for (int i = 0; i < run; i++, o += stride) dst[o] = value;
                }
                n += run;
            }
        }
    }
}
