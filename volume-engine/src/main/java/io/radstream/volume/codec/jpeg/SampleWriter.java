package io.radstream.volume.codec.jpeg;

/**
 * Interleaves component planes into the output frame (Columns x Rows, samples interleaved),
 * little endian in 1- or 2-byte containers.
 */
final class SampleWriter {
    private final byte[] out;
    private final int columns;
    private final int rows;
    private final int containerBytes;

    SampleWriter(byte[] out, int columns, int rows, int containerBytes) {
        this.out = out;
        this.columns = columns;
        this.rows = rows;
        this.containerBytes = containerBytes;
    }

    /** Sets every pixel to {@code values} (one per sample). */
    void fill(int[] values) {
        int n = values.length;
        int o = 0;
        for (int p = 0; p < columns * rows; p++) {
            for (int c = 0; c < n; c++) {
                out[o++] = (byte) values[c];
                if (containerBytes == 2) out[o++] = (byte) (values[c] >> 8);
            }
        }
    }

    /** Writes {@code width x height} pixels at the top left, each sample shifted left by its point transform. */
    void write(Plane[] planes, int[] shifts, int width, int height) {
        int n = planes.length;
        int pixelBytes = n * containerBytes;
        if (n == 1) {
            short[] s = planes[0].samples();
            int stride = planes[0].stride();
            int shift = shifts[0];
            for (int y = 0; y < height; y++) {
                int r = y * stride;
                int o = y * columns * pixelBytes;
                if (containerBytes == 1) {
                    for (int x = 0; x < width; x++) out[o++] = (byte) (s[r + x] << shift);
                } else {
                    for (int x = 0; x < width; x++) {
                        int v = (s[r + x] & 0xFFFF) << shift;
                        out[o++] = (byte) v;
                        out[o++] = (byte) (v >> 8);
                    }
                }
            }
            return;
        }
        for (int y = 0; y < height; y++) {
            int o = y * columns * pixelBytes;
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < n; c++) {
                    int v = (planes[c].samples()[y * planes[c].stride() + x] & 0xFFFF) << shifts[c];
                    out[o++] = (byte) v;
                    if (containerBytes == 2) out[o++] = (byte) (v >> 8);
                }
            }
        }
    }
}
