package io.radstream.volume.codec.jpeg;

/**
 * The tables a scan is decoded with, as defined so far by DHT, DQT and DRI segments (T.81 B.2.4):
 * later segments replace earlier ones with the same destination.
 */
final class JpegTables {
    /** Zig-zag index to natural (row-major) index, T.81 Figure A.6; 16 extra entries absorb a run past 63 in corrupt data. */
    static final int[] NATURAL_ORDER = {
            0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
            12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
            35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
            58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
            63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63};

    final HuffmanTable[] dc = new HuffmanTable[4];
    final HuffmanTable[] ac = new HuffmanTable[4];
    /** Quantization tables in natural order. */
    final int[][] quant = new int[4][];
    /** Restart interval Ri in MCUs, 0 when restart markers are off. */
    int restartInterval;

    /** DHT (T.81 B.2.4.2): one or more tables. */
    void readHuffmanTables(byte[] b, int pos, int length) throws JpegException {
        int end = pos + length;
        int p = pos;
        while (p < end) {
            int tc = (b[p] & 0xFF) >> 4, th = b[p] & 0x0F;
            if (tc > 1 || th > 3) throw new JpegException(p, "Huffman table class " + tc + " destination " + th + " (T.81 B.2.4.2)");
            if (p + 17 > end) throw new JpegException(p, "DHT segment ends inside the code-length counts");
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) total += counts[l] = b[p + l] & 0xFF;
            if (total > 256 || p + 17 + total > end) {
                throw new JpegException(p, "Huffman table with " + total + " codes does not fit its DHT segment");
            }
            int[] values = new int[total];
            for (int i = 0; i < total; i++) {
                values[i] = b[p + 17 + i] & 0xFF;
                // DC (and lossless) tables code magnitude categories 0..16 (T.81 Tables F.1, H.2)
                if (tc == 0 && values[i] > 16) throw new JpegException(p + 17 + i, "DC Huffman table holds category " + values[i]);
            }
            HuffmanTable table = new HuffmanTable(counts, values, p);
            if (tc == 0) dc[th] = table;
            else ac[th] = table;
            p += 17 + total;
        }
    }

    /** DQT (T.81 B.2.4.1): 8- or 16-bit quantization tables in zig-zag order. */
    void readQuantizationTables(byte[] b, int pos, int length) throws JpegException {
        int end = pos + length;
        int p = pos;
        while (p < end) {
            int pq = (b[p] & 0xFF) >> 4, tq = b[p] & 0x0F;
            if (pq > 1 || tq > 3) throw new JpegException(p, "quantization table precision " + pq + " destination " + tq + " (T.81 B.2.4.1)");
            int size = 64 * (pq + 1);
            if (p + 1 + size > end) throw new JpegException(p, "quantization table does not fit its DQT segment");
            int[] q = new int[64];
            for (int k = 0; k < 64; k++) {
                q[NATURAL_ORDER[k]] = pq == 0 ? b[p + 1 + k] & 0xFF : FrameHeader.u16(b, p + 1 + 2 * k);
            }
            quant[tq] = q;
            p += 1 + size;
        }
    }

    /** DRI (T.81 B.2.4.4). */
    void readRestartInterval(byte[] b, int pos, int length) throws JpegException {
        if (length != 2) throw new JpegException(pos, "DRI segment of " + length + " bytes (T.81 B.2.4.4: 2)");
        restartInterval = FrameHeader.u16(b, pos);
    }

    HuffmanTable dcTable(int i, int at) throws JpegException {
        if (dc[i] == null) throw new JpegException(at, "scan uses DC/lossless Huffman table " + i + ", which no DHT defined");
        return dc[i];
    }

    HuffmanTable acTable(int i, int at) throws JpegException {
        if (ac[i] == null) throw new JpegException(at, "scan uses AC Huffman table " + i + ", which no DHT defined");
        return ac[i];
    }
}
