package io.radstream.volume.codec.j2k;

import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The main header of a JPEG 2000 codestream (ITU-T T.800 | ISO/IEC 15444-1 Annex A), read in Java
 * before any decoder sees the bytes: the image size and components (SIZ, §A.5.1), the wavelet and
 * multiple component transform (COD, §A.6.1), the encoder's comment (COM, §A.9.2) and whether the
 * block coder is HT (Rsiz bit 14 / CAP, ISO/IEC 15444-15 §A.3). The walk over the tile-parts (SOT
 * Psot, §A.4.2) rejects truncated codestreams up front: both OpenJPEG and JJ2000 would otherwise
 * decode what is there and return a blurred image without an error.
 *
 * <p>A JP2 file (ISO/IEC 15444-1 Annex I), which some DICOM writers put in the fragments against
 * PS3.5 §A.4.4, is accepted: the codestream is its {@code jp2c} box.
 *
 * @param jp2           the bytes are a JP2 file, not a bare codestream
 * @param width         Xsiz - XOsiz
 * @param height        Ysiz - YOsiz
 * @param components    one entry per component (Csiz)
 * @param reversible    the main COD selects the 5/3 reversible wavelet (SPcod transformation 1)
 * @param multipleComponentTransform SGcod MCT = 1: the decoder turns YBR_RCT/YBR_ICT into RGB
 * @param highThroughput HTJ2K block coder (ISO/IEC 15444-15)
 * @param comment       the first Latin-1 COM segment ("" when none): names the encoder
 * @param sizOffset     where the SIZ marker starts within the bytes (to patch a copy, see
 *                      {@link OpenJphSignedWorkaround})
 * @param tilePartCountMismatch "" when every tile has as many tile-parts as its SOT TNsot
 *                      declares (or TNsot is 0, "unknown"); else which tile breaks the count
 */
public record J2kCodestream(boolean jp2, int width, int height, List<Component> components, boolean reversible,
                            boolean multipleComponentTransform, boolean highThroughput, String comment,
                            int sizOffset, String tilePartCountMismatch) {

    /** Ssiz of one component: precision 1..38 bits, signed or not, and its sub-sampling. */
    public record Component(int precision, boolean signed, int dx, int dy) {}

    static final int SOC = 0xFF4F, SIZ = 0xFF51, CAP = 0xFF50, COD = 0xFF52, COM = 0xFF64, SOT = 0xFF90, EOC = 0xFFD9;
    private static final byte[] JP2_SIGNATURE = {0, 0, 0, 12, 'j', 'P', ' ', ' ', 13, 10, (byte) 0x87, 10};

    public J2kCodestream {
        components = List.copyOf(components);
    }

    /** Reads and checks the header; a structural fault is a {@link PixelDataException} saying which. */
    public static J2kCodestream parse(byte[] data) throws PixelDataException {
        boolean jp2 = startsWith(data, JP2_SIGNATURE);
        int start = 0, end = data.length;
        if (jp2) {
            int[] box = jp2cBox(data);
            start = box[0];
            end = box[1];
        }
        return new Reader(data, start, end, jp2).read();
    }

    /** The codestream must describe exactly the frame of the DICOM Image Pixel module. */
    public void requireMatches(PixelDescription d) throws PixelDataException {
        if (width != d.columns() || height != d.rows()) {
            throw new PixelDataException("JPEG 2000 codestream is " + width + "x" + height + " but the data set says "
                    + d.columns() + "x" + d.rows() + " (Columns x Rows)");
        }
        if (components.size() != d.samplesPerPixel()) {
            throw new PixelDataException("JPEG 2000 codestream has " + components.size()
                    + " components but Samples per Pixel is " + d.samplesPerPixel());
        }
        int containerBits = d.bitsAllocated() == 1 ? 1 : 8 * d.containerBytes();
        for (int i = 0; i < components.size(); i++) {
            Component c = components.get(i);
            if (c.dx() != 1 || c.dy() != 1) {
                throw new PixelDataException("JPEG 2000 component " + i + " is sub-sampled (" + c.dx() + "x" + c.dy()
                        + "); DICOM frames carry full-resolution samples");
            }
            if (c.precision() > 32) {
                throw new PixelDataException("JPEG 2000 component " + i + " has " + c.precision() + "-bit samples; 32 is the most we decode");
            }
            if (c.precision() > containerBits) {
                throw new PixelDataException("JPEG 2000 component " + i + " has " + c.precision()
                        + "-bit samples but Bits Allocated is " + d.bitsAllocated());
            }
        }
    }

    public boolean anySigned() {
        return components.stream().anyMatch(Component::signed);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (data[i] != prefix[i]) return false;
        return true;
    }

    /** [start, end) of the contents of the first jp2c box (ISO/IEC 15444-1 §I.5.4). */
    private static int[] jp2cBox(byte[] data) throws PixelDataException {
        long pos = 0;
        while (pos + 8 <= data.length) {
            long length = u32(data, (int) pos);
            int type = (int) u32(data, (int) pos + 4);
            long header = 8;
            if (length == 1) {
                if (pos + 16 > data.length) break;
                length = u32(data, (int) pos + 8) << 32 | u32(data, (int) pos + 12);
                header = 16;
            } else if (length == 0) {
                length = data.length - pos; // the last box runs to the end of the file
            }
            if (length < header || pos + length > data.length) {
                throw new PixelDataException("JP2 box at byte " + pos + " declares " + length + " bytes; "
                        + (data.length - pos) + " remain (truncated or corrupt JP2 file)");
            }
            if (type == 0x6A703263) { // 'jp2c'
                return new int[]{(int) (pos + header), (int) (pos + length)};
            }
            pos += length;
        }
        throw new PixelDataException("JP2 file has no contiguous codestream (jp2c) box");
    }

    private static long u32(byte[] b, int o) {
        return (b[o] & 0xFFL) << 24 | (b[o + 1] & 0xFFL) << 16 | (b[o + 2] & 0xFFL) << 8 | (b[o + 3] & 0xFFL);
    }

    /** One pass over the marker segments of the main header, then over the tile-parts. */
    private static final class Reader {
        private final byte[] b;
        private final int start, end;
        private final boolean jp2;
        private int pos;

        Reader(byte[] b, int start, int end, boolean jp2) {
            this.b = b;
            this.start = start;
            this.end = end;
            this.jp2 = jp2;
        }

        J2kCodestream read() throws PixelDataException {
            pos = start;
            if (u16() != SOC) throw fault("does not start with SOC (FF4F): not a JPEG 2000 codestream");
            int sizOffset = pos;
            if (u16() != SIZ) throw fault("SIZ (FF51) does not follow SOC");
            int lsiz = u16();
            int rsiz = u16();
            long xsiz = u32(), ysiz = u32(), xosiz = u32(), yosiz = u32();
            long xtsiz = u32(), ytsiz = u32(), xtosiz = u32(), ytosiz = u32();
            int csiz = u16();
            if (csiz < 1 || csiz > 16384 || lsiz != 38 + 3 * csiz) {
                throw fault("SIZ has Csiz " + csiz + " and Lsiz " + lsiz + " (expected 38 + 3 x Csiz)");
            }
            if (xsiz <= xosiz || ysiz <= yosiz || xtsiz == 0 || ytsiz == 0 || xtosiz > xosiz || ytosiz > yosiz
                    || xtosiz + xtsiz <= xosiz || ytosiz + ytsiz <= yosiz) {
                throw fault("SIZ describes an empty image or impossible tiling (A.5.1)");
            }
            long tiles = ceilDiv(xsiz - xtosiz, xtsiz) * ceilDiv(ysiz - ytosiz, ytsiz);
            if (tiles > 65535) throw fault("SIZ tiling gives " + tiles + " tiles; Isot allows 65535");
            List<Component> comps = new ArrayList<>(csiz);
            for (int i = 0; i < csiz; i++) {
                int ssiz = u8(), dx = u8(), dy = u8();
                int precision = (ssiz & 0x7F) + 1;
                if (precision > 38 || dx == 0 || dy == 0) {
                    throw fault("component " + i + " has Ssiz " + ssiz + ", XRsiz " + dx + ", YRsiz " + dy);
                }
                comps.add(new Component(precision, (ssiz & 0x80) != 0, dx, dy));
            }
            boolean ht = (rsiz & 0x4000) != 0;
            Boolean reversible = null;
            boolean mct = false;
            String comment = "";
            while (true) {
                int markerAt = pos;
                int marker = u16();
                if (marker == SOT) {
                    pos = markerAt;
                    break;
                }
                if ((marker & 0xFF00) != 0xFF00 || marker < 0xFF30) {
                    throw fault(String.format("unexpected bytes %04X in the main header at byte %d", marker, markerAt - start));
                }
                int length = u16();
                if (length < 2) throw fault(String.format("marker %04X has length %d", marker, length));
                int segmentEnd = pos + length - 2;
                if (segmentEnd > end) throw fault(String.format("marker %04X runs past the end of the data", marker));
                switch (marker) {
                    case CAP -> ht = true;
                    case COD -> {
                        if (length < 12) throw fault("COD is " + length + " bytes long");
                        mct = (b[pos + 4] & 0xFF) == 1;          // Scod, SGcod progression, layers (2), MCT
                        reversible = (b[pos + 9] & 0xFF) == 1;   // SPcod: levels, xcb, ycb, style, transformation
                    }
                    case COM -> {
                        int rcom = length >= 4 ? (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF) : 0;
                        if (comment.isEmpty() && rcom == 1) {
                            comment = new String(b, pos + 2, length - 4, StandardCharsets.ISO_8859_1);
                        }
                    }
                    default -> { } // QCD, QCC, COC, RGN, POC, TLM, PLM, PPM, CRG, CPF...: the decoder's business
                }
                pos = segmentEnd;
            }
            if (reversible == null) throw fault("the main header has no COD marker (A.6.1)");
            String tilePartCountMismatch = checkTileParts((int) tiles);
            return new J2kCodestream(jp2, (int) Math.min(Integer.MAX_VALUE, xsiz - xosiz),
                    (int) Math.min(Integer.MAX_VALUE, ysiz - yosiz), comps, reversible, mct, ht, comment, sizOffset,
                    tilePartCountMismatch);
        }

        /**
         * Every tile-part (A.4.2) must fit in the data: Psot counts from its SOT to the end of its
         * data; 0 means "to the EOC" and is allowed only for the last one. After the last
         * tile-part only EOC and the even-length padding of a DICOM fragment may follow.
         *
         * @return "" or a description of a tile whose tile-part count differs from its TNsot
         */
        private String checkTileParts(int tiles) throws PixelDataException {
            int tileParts = 0;
            int[] seen = new int[tiles], declared = new int[tiles];
            while (pos + 2 <= end) {
                int at = pos;
                int marker = u16();
                if (marker == EOC) break;
                if (marker != SOT) {
                    if (tileParts > 0 && onlyZeros(at)) break;
                    throw fault(String.format("expected SOT (FF90) or EOC (FFD9) at byte %d, found %04X", at - start, marker));
                }
                if (at + 12 > end) throw fault("codestream truncated in the SOT marker at byte " + (at - start));
                pos = at + 4;
                int isot = u16();
                long psot = u32();
                pos++; // TPsot
                int tnsot = u8();
                if (isot >= tiles) throw fault("tile-part at byte " + (at - start) + " is for tile " + isot + " of " + tiles);
                seen[isot]++;
                if (tnsot != 0) declared[isot] = tnsot;
                tileParts++;
                if (psot == 0) break; // last tile-part, runs to EOC
                if (psot < 14) throw fault("tile-part at byte " + (at - start) + " has Psot " + psot);
                if (at + psot > end) {
                    throw fault("codestream truncated: tile-part " + tileParts + " at byte " + (at - start) + " needs "
                            + psot + " bytes but " + (end - at) + " remain");
                }
                pos = (int) (at + psot);
            }
            if (tileParts == 0) throw fault("codestream has no tile-part (SOT)");
            // a missing EOC after complete tile-parts is tolerated, as by every decoder we compare with
            for (int t = 0; t < tiles; t++) {
                if (declared[t] != 0 && declared[t] != seen[t]) {
                    return "tile " + t + " has " + seen[t] + " tile-parts but its SOT TNsot says " + declared[t];
                }
            }
            return "";
        }

        private boolean onlyZeros(int from) {
            for (int i = from; i < end; i++) if (b[i] != 0) return false;
            return true;
        }

        private PixelDataException fault(String what) {
            return new PixelDataException("JPEG 2000 " + (jp2 ? "(JP2) " : "") + "codestream: " + what);
        }

        private int u8() throws PixelDataException {
            if (pos + 1 > end) throw fault("truncated in the main header");
            return b[pos++] & 0xFF;
        }

        private int u16() throws PixelDataException {
            if (pos + 2 > end) throw fault("truncated in the main header");
            int v = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        private long u32() throws PixelDataException {
            if (pos + 4 > end) throw fault("truncated in the main header");
            long v = J2kCodestream.u32(b, pos);
            pos += 4;
            return v;
        }

        private static long ceilDiv(long a, long b) {
            return (a + b - 1) / b;
        }
    }
}
