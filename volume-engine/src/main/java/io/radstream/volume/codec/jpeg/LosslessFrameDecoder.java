package io.radstream.volume.codec.jpeg;

import java.util.List;

/**
 * The lossless process (T.81 Annex H, process 14): each sample is predicted from its decoded
 * neighbours Ra (left), Rb (above) and Rc (above left) with one of the predictors of Table H.1,
 * and the Huffman-coded difference is added modulo 2^16 (H.1.2.1). Magnitude category 16 means
 * a difference of 32768 with no extra bits (H.1.2.2, Table H.2).
 *
 * <p>At the start of the scan and of each restart interval the first sample is predicted by
 * 2^(P-Pt-1), the rest of that first line by Ra, and the first sample of every other line by Rb
 * (H.1.2.1). Restart intervals must cover whole lines.
 */
final class LosslessFrameDecoder implements JpegFrameDecoder {
    private final FrameHeader frame;
    private final int width;
    private final int height;
    private final short[][] planes;
    private final int[] pointTransform;

    LosslessFrameDecoder(FrameHeader frame) throws JpegException {
        this.frame = frame;
        this.width = frame.width();
        this.height = frame.height();
        for (FrameHeader.Component c : frame.components()) {
            if (c.h() != frame.maxH() || c.v() != frame.maxV()) {
                throw new JpegException(-1, "lossless frame with subsampled component " + c.id() + " ("
                        + c.h() + "x" + c.v() + ") is not supported");
            }
        }
        int n = frame.components().size();
        this.planes = new short[n][width * height];
        this.pointTransform = new int[n];
    }

    @Override
    public int decodeScan(ScanHeader scan, JpegTables tables, byte[] data, int pos) throws JpegException {
        int predictor = scan.ss();
        int pt = scan.al();
        if (predictor < 1 || predictor > 7) {
            throw new JpegException(pos, "lossless scan with predictor " + predictor + " (T.81 Table H.1: 1 to 7; 0 is for hierarchical differential frames)");
        }
        if (pt >= frame.precision()) {
            throw new JpegException(pos, "point transform " + pt + " is not below the precision " + frame.precision() + " (T.81 H.2.2)");
        }
        List<FrameHeader.Component> comps = scan.components();
        int n = comps.size();
        short[][] p = new short[n][];
        HuffmanTable[] t = new HuffmanTable[n];
        for (int i = 0; i < n; i++) {
            p[i] = planes[comps.get(i).index()];
            t[i] = tables.dcTable(scan.dcTable()[i], pos);
            pointTransform[comps.get(i).index()] = pt;
        }
        int ri = tables.restartInterval;
        if (ri % width != 0) {
            throw new JpegException(pos, "restart interval of " + ri + " MCUs does not cover whole lines of " + width
                    + " samples; not supported");
        }
        int linesPerInterval = ri == 0 ? Integer.MAX_VALUE : ri / width;
        int initial = 1 << (frame.precision() - pt - 1);
        EntropyReader in = new EntropyReader(data, pos);
        int[] diffs = new int[width * n];
        int rst = 0;
        for (int y = 0; y < height; y++) {
            boolean firstLine = y % linesPerInterval == 0;
            if (firstLine && y > 0) {
                in.restart(rst);
                rst = (rst + 1) & 7;
            }
            // every component of an MCU in turn (T.81 H.1.1); non-interleaved scans have one
            in.decodeDifferences(t, diffs, width * n);
            for (int c = 0; c < n; c++) {
                reconstructLine(p[c], diffs, c, n, y * width, width, firstLine ? 0 : predictor, initial);
            }
            if (in.overran()) break; // reported by end() with the position
        }
        return in.end();
    }

    /**
     * Adds the differences {@code d[first], d[first + step], ...} of one line to its predictions;
     * predictor 0 here means "first line of an interval". Sample values are kept modulo 2^16.
     */
    private static void reconstructLine(short[] s, int[] d, int first, int step, int row, int w, int predictor, int initial) {
        int end = row + w;
        int k = first;
        // first sample: 2^(P-Pt-1) on a first line, else Rb
        int ra = ((predictor == 0 ? initial : s[row - w] & 0xFFFF) + d[k]) & 0xFFFF;
        s[row] = (short) ra;
        switch (predictor) {
            case 0, 1 -> {
                for (int i = row + 1; i < end; i++) {
                    k += step;
                    ra = (ra + d[k]) & 0xFFFF;
                    s[i] = (short) ra;
                }
            }
            case 2 -> {
                for (int i = row + 1; i < end; i++) s[i] = (short) ((s[i - w] & 0xFFFF) + d[k += step]);
            }
            case 3 -> {
                for (int i = row + 1; i < end; i++) s[i] = (short) ((s[i - w - 1] & 0xFFFF) + d[k += step]);
            }
            case 4 -> {
                for (int i = row + 1; i < end; i++) {
                    int rb = s[i - w] & 0xFFFF, rc = s[i - w - 1] & 0xFFFF;
                    ra = (ra + rb - rc + d[k += step]) & 0xFFFF;
                    s[i] = (short) ra;
                }
            }
            case 5 -> {
                for (int i = row + 1; i < end; i++) {
                    int rb = s[i - w] & 0xFFFF, rc = s[i - w - 1] & 0xFFFF;
                    ra = (ra + ((rb - rc) >> 1) + d[k += step]) & 0xFFFF;
                    s[i] = (short) ra;
                }
            }
            case 6 -> {
                for (int i = row + 1; i < end; i++) {
                    int rb = s[i - w] & 0xFFFF, rc = s[i - w - 1] & 0xFFFF;
                    ra = (rb + ((ra - rc) >> 1) + d[k += step]) & 0xFFFF;
                    s[i] = (short) ra;
                }
            }
            default -> {
                for (int i = row + 1; i < end; i++) {
                    int rb = s[i - w] & 0xFFFF;
                    ra = (((ra + rb) >> 1) + d[k += step]) & 0xFFFF;
                    s[i] = (short) ra;
                }
            }
        }
    }

    @Override
    public Plane[] planes() {
        Plane[] out = new Plane[planes.length];
        for (int i = 0; i < planes.length; i++) out[i] = new Plane(planes[i], width);
        return out;
    }

    @Override
    public int pointTransform(int component) {
        return pointTransform[component];
    }
}
