package io.radstream.volume.codec.jpeg;

import java.util.Arrays;
import java.util.List;

/**
 * The DCT processes: baseline and extended sequential (T.81 Annex F, 8 or 12 bits) and
 * progressive with spectral selection and successive approximation (Annex G). Quantized
 * coefficients of every block are kept until the last scan, then dequantized and inverse
 * transformed ({@link InverseDct}); subsampled components are then upsampled
 * ({@link ChromaUpsampler}).
 *
 * <p>Coefficients are 16-bit like IJG's JCOEF, so overflowing corrupt data behaves as there.
 * Unlike IJG we do not smooth blocks of a progressive image whose low AC coefficients were never
 * fully sent (IJG's {@code do_block_smoothing}, an application choice outside T.81); complete
 * progressive images, the ones DICOM stores, are unaffected.
 */
final class DctFrameDecoder implements JpegFrameDecoder {
    private enum ScanKind { SEQUENTIAL, DC_FIRST, DC_REFINE, AC_FIRST, AC_REFINE }

    private final FrameHeader frame;
    private final int mcusX;
    private final int mcusY;
    /** Per component: blocks per stored line (whole MCUs) and the blocks that hold image samples. */
    private final int[] blockStride;
    private final int[] blocksWide;
    private final int[] blocksHigh;
    private final short[][] coefficients;
    private final int[][] quant;
    private final boolean[] scanned;

    DctFrameDecoder(FrameHeader frame) {
        this.frame = frame;
        int maxH = frame.maxH(), maxV = frame.maxV();
        this.mcusX = FrameHeader.ceilDiv(frame.width(), 8 * maxH);
        this.mcusY = FrameHeader.ceilDiv(frame.height(), 8 * maxV);
        int n = frame.components().size();
        blockStride = new int[n];
        blocksWide = new int[n];
        blocksHigh = new int[n];
        coefficients = new short[n][];
        quant = new int[n][];
        scanned = new boolean[n];
        for (FrameHeader.Component c : frame.components()) {
            int i = c.index();
            blockStride[i] = mcusX * c.h();
            blocksWide[i] = FrameHeader.ceilDiv(frame.componentWidth(c), 8);
            blocksHigh[i] = FrameHeader.ceilDiv(frame.componentHeight(c), 8);
            coefficients[i] = new short[blockStride[i] * mcusY * c.v() * 64];
        }
    }

    @Override
    public int decodeScan(ScanHeader scan, JpegTables tables, byte[] data, int pos) throws JpegException {
        ScanKind kind = kind(scan, pos);
        List<FrameHeader.Component> comps = scan.components();
        int n = comps.size();
        HuffmanTable[] dc = new HuffmanTable[n];
        HuffmanTable[] ac = new HuffmanTable[n];
        for (int i = 0; i < n; i++) {
            FrameHeader.Component c = comps.get(i);
            // IJG latches a component's quantization table at its first scan
            if (quant[c.index()] == null) {
                int[] q = tables.quant[c.quantTable()];
                if (q == null) throw new JpegException(pos, "component " + c.id() + " uses quantization table " + c.quantTable() + ", which no DQT defined");
                quant[c.index()] = q.clone();
            }
            scanned[c.index()] = true;
            if (kind == ScanKind.SEQUENTIAL || kind == ScanKind.DC_FIRST) dc[i] = tables.dcTable(scan.dcTable()[i], pos);
            if (kind == ScanKind.SEQUENTIAL || kind == ScanKind.AC_FIRST || kind == ScanKind.AC_REFINE) ac[i] = tables.acTable(scan.acTable()[i], pos);
        }
        ScanState s = new ScanState(new EntropyReader(data, pos), kind, scan, dc, ac, n);
        int ri = tables.restartInterval;
        int mcu = 0;
        int rst = 0;
        if (n == 1) {
            // non-interleaved: one block per MCU, only the blocks that hold samples (T.81 A.2.2)
            int ci = comps.getFirst().index();
            short[] coef = coefficients[ci];
            int stride = blockStride[ci];
            for (int by = 0; by < blocksHigh[ci]; by++) {
                for (int bx = 0; bx < blocksWide[ci]; bx++, mcu++) {
                    if (ri > 0 && mcu > 0 && mcu % ri == 0) {
                        s.restart(rst);
                        rst = (rst + 1) & 7;
                    }
                    s.decodeBlock(0, coef, (by * stride + bx) * 64);
                }
                if (s.in.overran()) break;
            }
        } else {
            // interleaved: Hi x Vi blocks of each component per MCU (T.81 A.2.3)
            for (int my = 0; my < mcusY; my++) {
                for (int mx = 0; mx < mcusX; mx++, mcu++) {
                    if (ri > 0 && mcu > 0 && mcu % ri == 0) {
                        s.restart(rst);
                        rst = (rst + 1) & 7;
                    }
                    for (int i = 0; i < n; i++) {
                        FrameHeader.Component c = comps.get(i);
                        short[] coef = coefficients[c.index()];
                        int stride = blockStride[c.index()];
                        for (int v = 0; v < c.v(); v++) {
                            int row = (my * c.v() + v) * stride + mx * c.h();
                            for (int h = 0; h < c.h(); h++) s.decodeBlock(i, coef, (row + h) * 64);
                        }
                    }
                }
                if (s.in.overran()) break;
            }
        }
        return s.in.end();
    }

    /** Which decoding procedure a scan needs; checks a progressive scan's parameters as T.81 G.1.1.1.1 and IJG do. */
    private ScanKind kind(ScanHeader scan, int pos) throws JpegException {
        if (!frame.progressive()) return ScanKind.SEQUENTIAL; // IJG ignores Ss/Se/Ah/Al of sequential scans
        int ss = scan.ss(), se = scan.se(), ah = scan.ah(), al = scan.al();
        boolean dcBand = ss == 0;
        boolean bad = dcBand ? se != 0 : ss > se || se > 63 || scan.components().size() != 1;
        if (ah != 0 && al != ah - 1) bad = true;
        if (al > 13) bad = true;
        if (bad) {
            throw new JpegException(pos, "invalid progressive scan Ss=" + ss + " Se=" + se + " Ah=" + ah + " Al=" + al
                    + " with " + scan.components().size() + " component(s) (T.81 G.1.1.1.1)");
        }
        if (dcBand) return ah == 0 ? ScanKind.DC_FIRST : ScanKind.DC_REFINE;
        return ah == 0 ? ScanKind.AC_FIRST : ScanKind.AC_REFINE;
    }

    /** The decoding state of one scan: entropy reader, DC predictions and end-of-band run. */
    private static final class ScanState {
        final EntropyReader in;
        final ScanKind kind;
        final HuffmanTable[] dc;
        final HuffmanTable[] ac;
        final int[] dcPred;
        final int ss, se, al;
        int eobrun;

        ScanState(EntropyReader in, ScanKind kind, ScanHeader scan, HuffmanTable[] dc, HuffmanTable[] ac, int n) {
            this.in = in;
            this.kind = kind;
            this.dc = dc;
            this.ac = ac;
            this.dcPred = new int[n];
            this.ss = scan.ss();
            this.se = scan.se();
            this.al = scan.al();
        }

        void restart(int rst) throws JpegException {
            in.restart(rst);
            Arrays.fill(dcPred, 0);
            eobrun = 0;
        }

        void decodeBlock(int i, short[] coef, int off) throws JpegException {
            switch (kind) {
                case SEQUENTIAL -> sequential(i, coef, off);
                case DC_FIRST -> dcFirst(i, coef, off);
                case DC_REFINE -> {
                    if (in.receive(1) != 0) coef[off] |= (short) (1 << al);
                }
                case AC_FIRST -> acFirst(i, coef, off);
                case AC_REFINE -> acRefine(i, coef, off);
            }
        }

        /** T.81 F.2.2.1 (DC difference) and F.2.2.2 (AC coefficients, Figure F.13). */
        private void sequential(int i, short[] coef, int off) throws JpegException {
            int t = in.decode(dc[i]);
            int v = dcPred[i] + in.receiveExtend(t);
            dcPred[i] = v;
            coef[off] = (short) v;
            HuffmanTable table = ac[i];
            for (int k = 1; k < 64; k++) {
                int rs = in.decode(table);
                int r = rs >> 4, s = rs & 15;
                if (s != 0) {
                    k += r;
                    coef[off + JpegTables.NATURAL_ORDER[k]] = (short) in.receiveExtend(s);
                } else {
                    if (r != 15) break; // EOB
                    k += 15;            // ZRL
                }
            }
        }

        /** T.81 G.1.2.1: first DC scan, the difference scaled by 2^Al. */
        private void dcFirst(int i, short[] coef, int off) throws JpegException {
            int t = in.decode(dc[i]);
            int v = dcPred[i] + in.receiveExtend(t);
            dcPred[i] = v;
            coef[off] = (short) (v << al);
        }

        /** T.81 G.1.2.2: first AC scan of a spectral band, with end-of-band runs (Table G.1). */
        private void acFirst(int i, short[] coef, int off) throws JpegException {
            if (eobrun > 0) {
                eobrun--;
                return;
            }
            HuffmanTable table = ac[i];
            for (int k = ss; k <= se; k++) {
                int rs = in.decode(table);
                int r = rs >> 4, s = rs & 15;
                if (s != 0) {
                    k += r;
                    coef[off + JpegTables.NATURAL_ORDER[k]] = (short) (in.receiveExtend(s) << al);
                } else if (r == 15) {
                    k += 15;
                } else {
                    eobrun = (1 << r) + in.receive(r) - 1;
                    break;
                }
            }
        }

        /**
         * T.81 G.1.2.3: AC successive approximation. A newly non-zero coefficient is ±2^Al; every
         * coefficient already non-zero that the run passes gets a correction bit. Follows the
         * order of IJG's decode_mcu_AC_refine, which the reference decoders share.
         */
        private void acRefine(int i, short[] coef, int off) throws JpegException {
            int p1 = 1 << al;
            int m1 = -1 << al;
            int k = ss;
            if (eobrun == 0) {
                HuffmanTable table = ac[i];
                for (; k <= se; k++) {
                    int rs = in.decode(table);
                    int r = rs >> 4;
                    int s = rs & 15;
                    if (s != 0) {
                        // T.81 G.1.2.3: the size of a new coefficient is always 1
                        s = in.receive(1) != 0 ? p1 : m1;
                    } else if (r != 15) {
                        eobrun = 1 << r;
                        if (r != 0) eobrun += in.receive(r);
                        break;
                    }
                    do {
                        int at = off + JpegTables.NATURAL_ORDER[k];
                        if (coef[at] != 0) {
                            if (in.receive(1) != 0 && (coef[at] & p1) == 0) {
                                coef[at] += (short) (coef[at] >= 0 ? p1 : m1);
                            }
                        } else if (--r < 0) {
                            break;
                        }
                        k++;
                    } while (k <= se);
                    if (s != 0) coef[off + JpegTables.NATURAL_ORDER[k]] = (short) s;
                }
            }
            if (eobrun > 0) {
                for (; k <= se; k++) {
                    int at = off + JpegTables.NATURAL_ORDER[k];
                    if (coef[at] != 0 && in.receive(1) != 0 && (coef[at] & p1) == 0) {
                        coef[at] += (short) (coef[at] >= 0 ? p1 : m1);
                    }
                }
                eobrun--;
            }
        }
    }

    @Override
    public Plane[] planes() throws JpegException {
        List<FrameHeader.Component> comps = frame.components();
        for (FrameHeader.Component c : comps) {
            if (!scanned[c.index()]) throw new JpegException(-1, "component " + c.id() + " is in no scan");
        }
        InverseDct idct = new InverseDct(frame.precision());
        Plane[] out = new Plane[comps.size()];
        for (FrameHeader.Component c : comps) {
            int i = c.index();
            int stride = blocksWide[i] * 8;
            short[] samples = new short[stride * blocksHigh[i] * 8];
            short[] coef = coefficients[i];
            for (int by = 0; by < blocksHigh[i]; by++) {
                for (int bx = 0; bx < blocksWide[i]; bx++) {
                    idct.transform(coef, (by * blockStride[i] + bx) * 64, quant[i], samples, by * 8 * stride + bx * 8, stride);
                }
            }
            coefficients[i] = null;
            Plane plane = new Plane(samples, stride);
            int hf = frame.maxH() / c.h(), vf = frame.maxV() / c.v();
            if (c.h() * hf != frame.maxH() || c.v() * vf != frame.maxV()) {
                throw new JpegException(-1, "component " + c.id() + " sampling " + c.h() + "x" + c.v()
                        + " is not an integral fraction of " + frame.maxH() + "x" + frame.maxV() + "; not supported");
            }
            out[i] = hf == 1 && vf == 1 ? plane
                    : ChromaUpsampler.upsample(plane, frame.componentWidth(c), frame.componentHeight(c), hf, vf,
                    frame.width(), frame.height());
        }
        return out;
    }

    @Override
    public int pointTransform(int component) {
        return 0;
    }
}
