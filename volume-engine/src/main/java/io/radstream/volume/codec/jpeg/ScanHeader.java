package io.radstream.volume.codec.jpeg;

import java.util.ArrayList;
import java.util.List;

/**
 * A scan header (T.81 B.2.3): the frame components in the scan with their Huffman tables, and the
 * parameters Ss, Se, Ah and Al. In a lossless scan Ss is the predictor and Al the point transform
 * (T.81 H.2.2).
 */
record ScanHeader(List<FrameHeader.Component> components, int[] dcTable, int[] acTable, int ss, int se, int ah, int al) {

    static ScanHeader read(FrameHeader frame, byte[] b, int pos, int length) throws JpegException {
        if (length < 1) throw new JpegException(pos, "SOS segment too short");
        int n = b[pos] & 0xFF;
        if (n < 1 || n > 4 || length != 4 + 2 * n) {
            throw new JpegException(pos, "scan header of " + length + " bytes for " + n + " components (T.81 B.2.3)");
        }
        List<FrameHeader.Component> comps = new ArrayList<>(n);
        int[] dc = new int[n];
        int[] ac = new int[n];
        for (int i = 0; i < n; i++) {
            int o = pos + 1 + 2 * i;
            int id = b[o] & 0xFF;
            FrameHeader.Component c = frame.components().stream().filter(x -> x.id() == id).findFirst()
                    .orElseThrow(() -> new JpegException(o, "scan names component " + id + ", which the frame does not have"));
            if (comps.contains(c)) throw new JpegException(o, "scan names component " + id + " twice");
            if (!comps.isEmpty() && c.index() < comps.getLast().index()) {
                throw new JpegException(o, "scan components out of frame order (T.81 B.2.3)");
            }
            comps.add(c);
            dc[i] = (b[o + 1] & 0xFF) >> 4;
            ac[i] = b[o + 1] & 0x0F;
            if (dc[i] > 3 || ac[i] > 3) throw new JpegException(o, "Huffman table selector above 3 (T.81 B.2.3)");
        }
        int o = pos + 1 + 2 * n;
        int ss = b[o] & 0xFF, se = b[o + 1] & 0xFF, ah = (b[o + 2] & 0xFF) >> 4, al = b[o + 2] & 0x0F;
        int blocks = 0;
        for (FrameHeader.Component c : comps) blocks += c.h() * c.v();
        if (n > 1 && blocks > 10 && !frame.lossless()) {
            throw new JpegException(pos, "interleaved scan with " + blocks + " blocks per MCU (T.81 B.2.3 allows 10)");
        }
        return new ScanHeader(comps, dc, ac, ss, se, ah, al);
    }
}
