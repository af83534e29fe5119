package io.radstream.volume.codec.rle;

import io.radstream.volume.pixel.PixelDataException;

/**
 * The 64-byte RLE Header of one frame (PS3.5 §G.5): the number of segments (1 to 15) and where
 * each one starts and ends in the frame's bytes.
 */
record RleHeader(int[] starts, int[] ends) {
    static final int LENGTH = 64;
    static final int MAX_SEGMENTS = 15;

    int segments() {
        return starts.length;
    }

    /**
     * Reads the header and checks it against the frame: the first segment starts right after the
     * header, offsets increase and stay inside the frame.
     */
    static RleHeader read(byte[] frame) throws PixelDataException {
        if (frame.length < LENGTH) {
            throw new PixelDataException("RLE frame of " + frame.length + " bytes is shorter than its 64-byte header (PS3.5 §G.5)");
        }
        long count = u32(frame, 0);
        if (count < 1 || count > MAX_SEGMENTS) {
            throw new PixelDataException("RLE header gives " + count + " segments; PS3.5 §G.5 allows 1 to 15");
        }
        int n = (int) count;
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            long offset = u32(frame, 4 + 4 * i);
            if (i == 0 && offset != LENGTH) {
                throw new PixelDataException("RLE segment 1 starts at offset " + offset + ", not right after the 64-byte header");
            }
            if (offset > frame.length) {
                throw new PixelDataException("RLE segment " + (i + 1) + " starts at offset " + offset
                        + ", past the end of the " + frame.length + "-byte frame");
            }
            if (i > 0 && offset < starts[i - 1]) {
                throw new PixelDataException("RLE segment " + (i + 1) + " starts at offset " + offset
                        + ", before segment " + i + " (offset " + starts[i - 1] + ")");
            }
            starts[i] = (int) offset;
            if (i > 0) ends[i - 1] = starts[i];
        }
        ends[n - 1] = frame.length;
        return new RleHeader(starts, ends);
    }

    private static long u32(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }
}
