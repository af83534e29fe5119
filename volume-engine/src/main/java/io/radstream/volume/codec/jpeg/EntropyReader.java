package io.radstream.volume.codec.jpeg;

/**
 * Reads the bits of one entropy-coded segment (T.81 B.1.1.5 and F.2.2.5): most significant bit
 * first, a 0x00 stuffed after each 0xFF data byte removed. The reader never reads past a marker;
 * once it reaches one it supplies zero bits, and {@link #end} reports when the decoder consumed
 * any of them (the segment was too short for the scan it claims to hold).
 */
final class EntropyReader {
    private final byte[] data;
    private int pos;
    private long buffer;
    private int bits;
    /** Position of the marker (or the end of data) that stopped the reader, or -1. */
    private int markerPos = -1;
    /** Zero bits appended after {@link #markerPos}. */
    private int padBits;

    EntropyReader(byte[] data, int start) {
        this.data = data;
        this.pos = start;
    }

    private void fill() {
        byte[] d = data;
        while (bits <= 56) {
            int b;
            if (markerPos < 0 && pos < d.length && d[pos] != (byte) 0xFF) {
                b = d[pos++] & 0xFF;
            } else if (markerPos < 0 && pos + 1 < d.length && d[pos] == (byte) 0xFF && d[pos + 1] == 0) {
                b = 0xFF;
                pos += 2;
            } else {
                if (markerPos < 0) markerPos = Math.min(pos, d.length);
                b = 0;
                padBits += 8;
            }
            buffer = buffer << 8 | b;
            bits += 8;
        }
    }

    /** Decodes one Huffman-coded value (T.81 F.2.2.3 DECODE). */
    int decode(HuffmanTable t) throws JpegException {
        if (bits < 16) fill();
        int e = t.fast[(int) (buffer >>> (bits - HuffmanTable.LOOKAHEAD)) & ((1 << HuffmanTable.LOOKAHEAD) - 1)];
        if (e != 0) {
            bits -= e >>> 8;
            return e & 0xFF;
        }
        int code16 = (int) (buffer >>> (bits - 16)) & 0xFFFF;
        for (int l = HuffmanTable.LOOKAHEAD + 1; l <= 16; l++) {
            int code = code16 >>> (16 - l);
            if (code <= t.maxCode[l]) {
                bits -= l;
                return t.values[t.valPtr[l] + code - t.minCode[l]];
            }
        }
        throw new JpegException(position(), "invalid Huffman code (T.81 F.2.2.3)");
    }

    /**
     * Decodes {@code n} lossless differences (T.81 H.1.2.2: a Huffman-coded magnitude category,
     * then that many bits; category 16 is 32768 with no bits), with {@code tables[i % tables.length]}
     * for the i-th (the components of interleaved MCUs in turn).
     */
    void decodeDifferences(HuffmanTable[] tables, int[] out, int n) throws JpegException {
        if (tables.length == 1) {
            decodeDifferences(tables[0], out, 0, n);
            return;
        }
        for (int i = 0; i < n; i++) decodeDifferences(tables[i % tables.length], out, i, 1);
    }

    /**
     * The hot loop of lossless decoding: {@code count} differences into {@code out[first...]}, the
     * bit buffer kept in locals.
     */
    private void decodeDifferences(HuffmanTable t, int[] out, int first, int count) throws JpegException {
        long buf = buffer;
        int b = bits;
        int[] fast = t.fast;
        for (int i = first; i < first + count; i++) {
            if (b < 32) {
                bits = b;
                fill();
                buf = buffer;
                b = bits;
            }
            int e = fast[(int) (buf >>> (b - HuffmanTable.LOOKAHEAD)) & ((1 << HuffmanTable.LOOKAHEAD) - 1)];
            int ssss;
            if (e != 0) {
                b -= e >>> 8;
                ssss = e & 0xFF;
            } else {
                bits = b;
                ssss = decode(t);
                b = bits;
            }
            int d;
            if (ssss == 0) {
                d = 0;
            } else if (ssss == 16) {
                d = 32768;
            } else {
                b -= ssss;
                int v = (int) (buf >>> b) & ((1 << ssss) - 1);
                d = v < 1 << (ssss - 1) ? v - (1 << ssss) + 1 : v;
            }
            out[i] = d;
        }
        bits = b;
    }

    /** The next {@code n} bits (0..16) as an unsigned number (T.81 F.2.2.4 RECEIVE). */
    int receive(int n) {
        if (bits < n) fill();
        bits -= n;
        return (int) (buffer >>> bits) & ((1 << n) - 1);
    }

    /** RECEIVE then EXTEND (T.81 F.2.2.1): the signed value of an {@code n}-bit magnitude category. */
    int receiveExtend(int n) {
        if (n == 0) return 0;
        int v = receive(n);
        return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
    }

    /** Whether the decoder has used bits beyond the end of the segment. */
    boolean overran() {
        return bits < padBits;
    }

    /** Approximate byte position of the next unread bit, for error messages. */
    int position() {
        int unread = Math.max(0, bits - padBits) / 8;
        return (markerPos >= 0 ? markerPos : pos) - unread;
    }

    /**
     * Ends a restart interval (T.81 F.2.1.3.1 / E.2.4): drops the rest of the byte, expects marker
     * RST{@code expected} and continues after it with a fresh bit buffer.
     */
    void restart(int expected) throws JpegException {
        int at = end();
        int marker = markerCode(at);
        if (marker != JpegMarker.RST0 + expected) {
            throw new JpegException(at, "expected RST" + expected + ", found "
                    + (marker < 0 ? "the end of the data" : JpegMarker.name(marker)));
        }
        pos = markerEnd(at);
        buffer = 0;
        bits = 0;
        padBits = 0;
        markerPos = -1;
    }

    /**
     * Ends the segment: the position of the marker that follows it (or the data length). Bytes the
     * decoder did not need before the marker are skipped, as IJG does; needing more than there
     * were is an error.
     */
    int end() throws JpegException {
        if (overran()) {
            throw new JpegException(markerPos, "entropy-coded data ends " + (padBits - bits + 7) / 8
                    + " byte(s) before the scan is complete");
        }
        if (markerPos < 0) {
            int p = pos;
            while (p < data.length && !(data[p] == (byte) 0xFF && p + 1 < data.length && data[p + 1] != 0)) p++;
            markerPos = p;
        }
        return markerPos;
    }

    /** The marker code at {@code at} after any 0xFF fill bytes (T.81 B.1.1.2), or -1 at the end. */
    int markerCode(int at) {
        int p = at;
        while (p < data.length && data[p] == (byte) 0xFF) p++;
        return p < data.length && p > at ? data[p] & 0xFF : -1;
    }

    private int markerEnd(int at) {
        int p = at;
        while (data[p] == (byte) 0xFF) p++;
        return p + 1;
    }
}
