package io.radstream.volume.codec.jpeg;

import java.io.ByteArrayOutputStream;

/**
 * A minimal lossless JPEG encoder (T.81 Annex H, process 14) for tests, written from the standard
 * independently of the decoder: one Huffman table that codes magnitude categories 0 to 16 with
 * 5-bit codes, any predictor and point transform, restart intervals, and one interleaved scan or
 * one scan per component.
 */
final class LosslessJpegWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long acc;
    private int accBits;

    private LosslessJpegWriter() {}

    /**
     * @param planes      samples of each component, row-major, each below 2^precision
     * @param restartRows restart interval in lines (0: none)
     */
    static byte[] encode(int[][] planes, int width, int height, int precision, int predictor, int pointTransform,
                         int restartRows, boolean interleaved) {
        LosslessJpegWriter w = new LosslessJpegWriter();
        int n = planes.length;
        w.marker(0xD8);
        // SOF3: P, Y, X, Nf, then Ci=1..n, H=V=1, Tq=0 (T.81 B.2.2)
        w.marker(0xC3);
        w.u16(8 + 3 * n);
        w.out.write(precision);
        w.u16(height);
        w.u16(width);
        w.out.write(n);
        for (int c = 0; c < n; c++) {
            w.out.write(c + 1);
            w.out.write(0x11);
            w.out.write(0);
        }
        // DHT: table 0, class 0, seventeen 5-bit codes: category k gets code k (T.81 B.2.4.2, C.2)
        w.marker(0xC4);
        w.u16(2 + 17 + 17);
        w.out.write(0x00);
        for (int l = 1; l <= 16; l++) w.out.write(l == 5 ? 17 : 0);
        for (int k = 0; k <= 16; k++) w.out.write(k);
        if (restartRows > 0) {
            w.marker(0xDD);
            w.u16(4);
            w.u16(restartRows * width); // Ri in MCUs: one sample (of each component) per MCU
        }
        if (interleaved) {
            w.scan(planes, allComponents(n), width, height, precision, predictor, pointTransform, restartRows);
        } else {
            for (int c = 0; c < n; c++) w.scan(planes, new int[]{c}, width, height, precision, predictor, pointTransform, restartRows);
        }
        w.marker(0xD9);
        return w.out.toByteArray();
    }

    private static int[] allComponents(int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) c[i] = i;
        return c;
    }

    private void scan(int[][] planes, int[] comps, int width, int height, int precision, int predictor, int pt, int restartRows) {
        marker(0xDA);
        u16(6 + 2 * comps.length);
        out.write(comps.length);
        for (int c : comps) {
            out.write(c + 1);
            out.write(0x00);
        }
        out.write(predictor); // Ss
        out.write(0);         // Se
        out.write(pt);        // Ah=0, Al=Pt
        int rst = 0;
        for (int y = 0; y < height; y++) {
            boolean firstLine = restartRows > 0 ? y % restartRows == 0 : y == 0;
            if (firstLine && y > 0) {
                flush();
                marker(0xD0 + rst);
                rst = (rst + 1) & 7;
            }
            for (int x = 0; x < width; x++) {
                for (int c : comps) {
                    int[] s = planes[c];
                    int i = y * width + x;
                    int v = s[i] >> pt;
                    int px;
                    if (firstLine) px = x == 0 ? 1 << (precision - pt - 1) : s[i - 1] >> pt;
                    else if (x == 0) px = s[i - width] >> pt;
                    else px = predict(predictor, s[i - 1] >> pt, s[i - width] >> pt, s[i - width - 1] >> pt);
                    difference(v - px);
                }
            }
        }
        flush();
    }

    /** T.81 Table H.1. */
    private static int predict(int p, int ra, int rb, int rc) {
        return switch (p) {
            case 1 -> ra;
            case 2 -> rb;
            case 3 -> rc;
            case 4 -> ra + rb - rc;
            case 5 -> ra + ((rb - rc) >> 1);
            case 6 -> rb + ((ra - rc) >> 1);
            case 7 -> (ra + rb) >> 1;
            default -> throw new IllegalArgumentException("predictor " + p);
        };
    }

    /** T.81 H.1.2.2 and F.1.2.1: the difference modulo 2^16 as a category code and its extra bits. */
    private void difference(int diff) {
        int d = diff & 0xFFFF;
        if (d == 32768) {
            bits(16, 5);
            return;
        }
        if (d > 32768) d -= 65536;
        int ssss = d == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(Math.abs(d));
        bits(ssss, 5);
        if (ssss > 0) bits((d < 0 ? d - 1 : d) & ((1 << ssss) - 1), ssss);
    }

    private void bits(int value, int n) {
        acc = acc << n | value;
        accBits += n;
        while (accBits >= 8) {
            accBits -= 8;
            int b = (int) (acc >>> accBits) & 0xFF;
            out.write(b);
            if (b == 0xFF) out.write(0); // byte stuffing (T.81 B.1.1.5)
        }
    }

    /** Pads the last byte with 1-bits (T.81 F.1.2.3). */
    private void flush() {
        if (accBits > 0) bits((1 << (8 - accBits)) - 1, 8 - accBits);
    }

    private void marker(int m) {
        out.write(0xFF);
        out.write(m);
    }

    private void u16(int v) {
        out.write(v >> 8);
        out.write(v);
    }
}
