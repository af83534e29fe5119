package io.radstream.volume.codec.jpeg;

import io.radstream.volume.pixel.PixelDescription;

/**
 * Walks the marker segments of one JPEG image (T.81 Annex B: SOI, tables and miscellaneous
 * segments, frame header, scans, EOI) and decodes its scans as they come, so that tables
 * redefined between progressive scans apply to the right scans.
 *
 * <p>The frame header is checked against the DICOM Image Pixel module before anything is
 * allocated, and a frame whose entropy-coded data cannot hold the claimed samples (at least one
 * bit per lossless sample, two per sequential DCT block) is refused up front, so a hostile stream
 * cannot make us allocate more than the frame the data set declares.
 */
final class JpegCodestream {
    private JpegCodestream() {}

    /** What the codestream decoded to. */
    record Decoded(FrameHeader frame, Plane[] planes, int[] pointTransforms) {}

    static Decoded decode(byte[] b, PixelDescription d) throws JpegException {
        if (b.length < 4 || b[0] != (byte) 0xFF || (b[1] & 0xFF) != JpegMarker.SOI) {
            throw new JpegException(0, String.format("no SOI marker at the start of the frame (T.81 B.2.1); found %s",
                    b.length >= 2 ? String.format("%02X %02X", b[0], b[1]) : b.length + " byte(s)"));
        }
        JpegTables tables = new JpegTables();
        FrameHeader frame = null;
        JpegFrameDecoder decoder = null;
        int scans = 0;
        int pos = 2;
        while (pos < b.length) {
            if (b[pos] != (byte) 0xFF) {
                throw new JpegException(pos, String.format("expected a marker, found byte %02X", b[pos]));
            }
            int p = pos;
            while (p < b.length && b[p] == (byte) 0xFF) p++; // fill bytes (T.81 B.1.1.2)
            if (p >= b.length) break;
            int m = b[p] & 0xFF;
            int at = pos;
            pos = p + 1;
            if (m == JpegMarker.EOI) break;
            if (m == JpegMarker.TEM || JpegMarker.isRst(m)) continue; // stand-alone markers
            if (m == JpegMarker.SOI || m == 0) throw new JpegException(at, "unexpected " + JpegMarker.name(m) + " marker");
            if (pos + 2 > b.length) throw new JpegException(at, JpegMarker.name(m) + " segment is cut off");
            int length = FrameHeader.u16(b, pos);
            if (length < 2 || pos + length > b.length) {
                throw new JpegException(at, JpegMarker.name(m) + " segment of " + length + " bytes runs past the end of the data");
            }
            int body = pos + 2;
            int bodyLength = length - 2;
            pos += length;
            if (JpegMarker.isSof(m)) {
                if (frame != null) throw new JpegException(at, "second frame header");
                if (m > JpegMarker.SOF3) {
                    throw new JpegException(at, JpegMarker.process(m) + " is not supported (DICOM JPEG transfer syntaxes use SOF0 to SOF3)");
                }
                frame = FrameHeader.read(m, b, body, bodyLength);
                check(frame, d, at);
                decoder = allocate(frame, b.length - pos, at);
                continue;
            }
            switch (m) {
                case JpegMarker.DHT -> tables.readHuffmanTables(b, body, bodyLength);
                case JpegMarker.DQT -> tables.readQuantizationTables(b, body, bodyLength);
                case JpegMarker.DRI -> tables.readRestartInterval(b, body, bodyLength);
                case JpegMarker.DAC -> throw new JpegException(at, "arithmetic coding (DAC) is not supported");
                case JpegMarker.DHP, JpegMarker.EXP -> throw new JpegException(at, "hierarchical JPEG (" + JpegMarker.name(m) + ") is not supported");
                case JpegMarker.SOS -> {
                    if (decoder == null) throw new JpegException(at, "scan before the frame header");
                    ScanHeader scan = ScanHeader.read(frame, b, body, bodyLength);
                    pos = decoder.decodeScan(scan, tables, b, pos);
                    scans++;
                }
                default -> { } // APPn (JFIF, Adobe: we never convert colour), COM, DNL, JPGn
            }
        }
        if (decoder == null) throw new JpegException(b.length, "no frame header (SOF) before the end of the data");
        if (scans == 0) throw new JpegException(b.length, "no scan (SOS) before the end of the data");
        int[] pt = new int[frame.components().size()];
        for (int i = 0; i < pt.length; i++) pt[i] = decoder.pointTransform(i);
        return new Decoded(frame, decoder.planes(), pt);
    }

    /** The frame must fit the image the data set describes. */
    private static void check(FrameHeader f, PixelDescription d, int at) throws JpegException {
        if (f.width() > d.columns() || f.height() > d.rows()) {
            throw new JpegException(at, "frame is " + f.width() + "x" + f.height() + ", larger than Columns x Rows "
                    + d.columns() + "x" + d.rows());
        }
        if (f.components().size() != d.samplesPerPixel()) {
            throw new JpegException(at, "frame has " + f.components().size() + " components but Samples per Pixel is "
                    + d.samplesPerPixel());
        }
        if (d.bitsAllocated() != 8 && d.bitsAllocated() != 16) {
            throw new JpegException(at, "Bits Allocated " + d.bitsAllocated() + " with JPEG (PS3.5 §8.2.1: 8 or 16)");
        }
        if (f.precision() > d.bitsAllocated()) {
            throw new JpegException(at, "sample precision " + f.precision() + " does not fit Bits Allocated " + d.bitsAllocated());
        }
        if (d.samplesPerPixel() != 1 && d.samplesPerPixel() != 3) {
            throw new JpegException(at, d.samplesPerPixel() + " components are not supported (1 or 3)");
        }
    }

    private static JpegFrameDecoder allocate(FrameHeader f, int remaining, int at) throws JpegException {
        long availableBits = 8L * remaining;
        if (f.lossless()) {
            long samples = (long) f.width() * f.height() * f.components().size();
            if (samples > availableBits) {
                throw new JpegException(at, "lossless frame of " + samples + " samples cannot fit in the "
                        + remaining + " bytes that follow its header (at least 1 bit per sample)");
            }
            return new LosslessFrameDecoder(f);
        }
        long blocks = f.blocks();
        if (!f.progressive() && 2 * blocks > availableBits) {
            throw new JpegException(at, "sequential frame of " + blocks + " blocks cannot fit in the "
                    + remaining + " bytes that follow its header (at least 2 bits per block)");
        }
        return new DctFrameDecoder(f);
    }
}
