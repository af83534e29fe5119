package io.radstream.volume.codec.jpeg;

import java.util.List;

/**
 * A frame header (T.81 B.2.2): the coding process, sample precision, size and components.
 *
 * @param sof       the start-of-frame marker (SOF0..SOF3 for what we decode)
 * @param precision sample precision P in bits
 * @param height    number of lines Y
 * @param width     samples per line X
 */
record FrameHeader(int sof, int precision, int height, int width, List<Component> components) {

    /** One frame component: identifier Ci, sampling factors Hi and Vi, quantization table Tqi. */
    record Component(int index, int id, int h, int v, int quantTable) {}

    FrameHeader {
        components = List.copyOf(components);
    }

    boolean lossless() {
        return sof == JpegMarker.SOF3;
    }

    boolean progressive() {
        return sof == JpegMarker.SOF2;
    }

    int maxH() {
        return components.stream().mapToInt(Component::h).max().orElse(1);
    }

    int maxV() {
        return components.stream().mapToInt(Component::v).max().orElse(1);
    }

    /** Samples per line of a component: ceil(X * Hi / Hmax) (T.81 A.1.1). */
    int componentWidth(Component c) {
        return ceilDiv(width * c.h(), maxH());
    }

    /** Lines of a component: ceil(Y * Vi / Vmax) (T.81 A.1.1). */
    int componentHeight(Component c) {
        return ceilDiv(height * c.v(), maxV());
    }

    /** 8x8 blocks holding samples, all components (T.81 A.2.2): what sequential scans must code. */
    long blocks() {
        long n = 0;
        for (Component c : components) n += (long) ceilDiv(componentWidth(c), 8) * ceilDiv(componentHeight(c), 8);
        return n;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Reads a SOFn segment body at {@code pos} of {@code length} bytes (after the length field). */
    static FrameHeader read(int sof, byte[] b, int pos, int length) throws JpegException {
        if (length < 6) throw new JpegException(pos, JpegMarker.name(sof) + " segment too short");
        int precision = b[pos] & 0xFF;
        int height = u16(b, pos + 1);
        int width = u16(b, pos + 3);
        int n = b[pos + 5] & 0xFF;
        if (length != 6 + 3 * n) {
            throw new JpegException(pos, "frame header of " + length + " bytes for " + n + " components (T.81 B.2.2)");
        }
        if (n < 1 || n > 4) throw new JpegException(pos, n + " frame components; we decode 1 to 4");
        if (height == 0) throw new JpegException(pos, "number of lines 0 (defined by a DNL marker, T.81 B.2.5) is not supported");
        if (width == 0) throw new JpegException(pos, "0 samples per line (T.81 B.2.2)");
        boolean lossless = sof == JpegMarker.SOF3;
        if (lossless ? precision < 2 || precision > 16 : precision != 8 && precision != 12) {
            throw new JpegException(pos, "sample precision " + precision + " is not allowed for "
                    + JpegMarker.process(sof) + " (T.81 B.2.2: 8 or 12 for DCT, 2 to 16 for lossless)");
        }
        if (sof == JpegMarker.SOF0 && precision != 8) {
            throw new JpegException(pos, "baseline frame with precision " + precision + " (T.81 B.2.2 allows 8)");
        }
        java.util.ArrayList<Component> comps = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int o = pos + 6 + 3 * i;
            int id = b[o] & 0xFF;
            int h = (b[o + 1] & 0xFF) >> 4;
            int v = b[o + 1] & 0x0F;
            int tq = b[o + 2] & 0xFF;
            if (h < 1 || h > 4 || v < 1 || v > 4) {
                throw new JpegException(o, "component " + id + " has sampling factors " + h + "x" + v + " (T.81 B.2.2: 1 to 4)");
            }
            if (tq > 3) throw new JpegException(o, "component " + id + " uses quantization table " + tq + " (T.81 B.2.2: 0 to 3)");
            for (Component c : comps) {
                if (c.id() == id) throw new JpegException(o, "two frame components with identifier " + id);
            }
            comps.add(new Component(i, id, h, v, tq));
        }
        return new FrameHeader(sof, precision, height, width, comps);
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xFF) << 8 | (b[o + 1] & 0xFF);
    }
}
