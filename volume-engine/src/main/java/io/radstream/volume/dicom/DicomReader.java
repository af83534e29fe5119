package io.radstream.volume.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a DICOM Part 10 file (PS3.10 §7.1) or a bare data set: optional 128-byte preamble and
 * "DICM", the File Meta Information (always explicit VR little endian, PS3.10 §7.1), then the data
 * set in its transfer syntax (PS3.5 §7): implicit or explicit VR, little or big endian, deflated;
 * sequences and items of defined and undefined length; UN of undefined length read as an
 * implicit-VR little-endian sequence (PS3.5 §6.2.2); private tags kept as read.
 *
 * <p>Values larger than {@link #BULK_THRESHOLD} and all pixel data are not read: they are recorded
 * as {@link DicomValue.BulkData} positions and fetched later, frame by frame.
 *
 * <p>Hostile input: every length is checked against the bytes left before anything is allocated,
 * nesting is bounded, and every failure is a {@link DicomParseException} naming the offset.
 */
public final class DicomReader {

    /** Binary values above this size stay in the file. */
    public static final int BULK_THRESHOLD = 16 * 1024;
    /** Deeper nesting than this is treated as corrupt (real objects rarely exceed 6). */
    public static final int MAX_DEPTH = 32;
    /**
     * Upper bound of an inflated deflate data set, to stop decompression bombs; an eighth of the
     * heap when that is less (the buffer doubles and is copied once, so peak use is about 3x).
     */
    static final long MAX_INFLATED = 1L << 30;

    private static final int UNDEFINED = -1;

    /** Data sets parsed by this process, see {@link #parseCount()}. */
    private static final LongAdder PARSES = new LongAdder();

    private final ElementDictionary dictionary = ElementDictionary.standard();

    private DicomReader() {}

    /** Opens and parses a file; the returned object keeps it open for lazy pixel reads. */
    public static DicomFile read(Path file) throws IOException, DicomParseException {
        DicomInput in = DicomInput.open(file);
        try {
            return new DicomReader().parse(file, in);
        } catch (IOException | DicomParseException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Parses bytes already in memory. */
    public static DicomFile read(byte[] bytes) throws DicomParseException {
        try {
            return new DicomReader().parse(null, DicomInput.of(bytes));
        } catch (IOException e) {
            throw new DicomParseException(0, e.getMessage(), e);
        }
    }

    /**
     * How many headers (files or byte arrays) this process has started to parse. Opening a series
     * from the index must not parse any: tests compare this count before and after an open.
     */
    public static long parseCount() {
        return PARSES.sum();
    }

    private DicomFile parse(Path path, DicomInput in) throws IOException, DicomParseException {
        PARSES.increment();
        long len = in.length();
        long pos = 0;
        boolean part10 = false;
        if (len >= 132 && "DICM".equals(ascii(in, 128, 4))) {
            pos = 132;
            part10 = true;
        } else if (len >= 4 && "DICM".equals(ascii(in, 0, 4))) {
            pos = 4; // "DICM" without preamble: seen in the wild
            part10 = true;
        }
        if (len - pos < 8) {
            throw new DicomParseException(pos, "not a DICOM file: only " + len + " bytes");
        }
        Attributes meta = Attributes.empty();
        long metaEnd = pos;
        if (part10 || u16(in, pos, false) == 0x0002) {
            Cursor c = new Cursor(in, pos, len, true, false);
            meta = readDataSet(c, len, 0, true);
            metaEnd = c.pos;
        } else if (!looksLikeDataSet(in, pos)) {
            throw new DicomParseException(0, "not a DICOM file: no DICM prefix and no recognisable data element at the start");
        }
        String tsUid = meta.getString(Tag.TransferSyntaxUID);
        TransferSyntax ts = tsUid != null ? TransferSyntax.of(tsUid) : guessTransferSyntax(in, metaEnd);

        DicomInput dataIn = in;
        long dataPos = metaEnd;
        if (ts.deflated()) {
            dataIn = DicomInput.of(inflate(in, metaEnd));
            dataPos = 0;
            in.close();
        }
        Cursor c = new Cursor(dataIn, dataPos, dataIn.length(), ts.explicitVr(), ts.bigEndian());
        Attributes data = readDataSet(c, dataIn.length(), 0, false);
        return new DicomFile(path, meta, data, ts, dataIn);
    }

    private static String ascii(DicomInput in, long pos, int n) throws IOException {
        return new String(in.read(pos, n), StandardCharsets.US_ASCII);
    }

    private static boolean looksLikeDataSet(DicomInput in, long pos) throws IOException {
        int groupLe = u16(in, pos, false);
        int groupBe = u16(in, pos, true);
        return groupLe == 0x0008 || groupBe == 0x0008 || groupLe == 0x0002 || (groupLe < 0x0100 && groupLe % 2 == 0 && groupLe > 0);
    }

    /** Without File Meta Information: explicit VR if a valid VR follows the first tag; byte order from the group. */
    private static TransferSyntax guessTransferSyntax(DicomInput in, long pos) throws IOException {
        boolean big = u16(in, pos, false) > 0x00FF && u16(in, pos, true) <= 0x00FF;
        byte[] vr = in.read(pos + 4, 2);
        boolean explicit = VR.ofCode(((vr[0] & 0xFF) << 8) | (vr[1] & 0xFF)) != null
                && Character.isUpperCase(vr[0]) && Character.isUpperCase(vr[1]);
        if (big) return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
        return explicit ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    }

    private static byte[] inflate(DicomInput in, long pos) throws IOException, DicomParseException {
        long n = in.length() - pos;
        if (n > Integer.MAX_VALUE - 16) throw new DicomParseException(pos, "deflated data set too large");
        byte[] compressed = in.read(pos, (int) n);
        long limit = Math.min(MAX_INFLATED, Runtime.getRuntime().maxMemory() / 8);
        Inflater inflater = new Inflater(true); // raw deflate, RFC 1951 (PS3.5 §A.5)
        inflater.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(n * 4, 1 << 26));
        byte[] buf = new byte[64 * 1024];
        try {
            while (!inflater.finished()) {
                int k = inflater.inflate(buf);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                // Checked before writing, against the heap: a 3 MB deflate bomb inflating to zeros
                // made the old check (after writing, at 2 GB) end in OutOfMemoryError, as the buffer
                // doubles past any 2 GB heap first (found by CorpusMutationTest).
                if ((long) out.size() + k > limit) {
                    throw new DicomParseException(pos, "deflated data set inflates beyond " + (limit >> 20)
                            + " MB (" + n + " bytes compressed): refused as a decompression bomb");
                }
                out.write(buf, 0, k);
            }
        } catch (DataFormatException e) {
            throw new DicomParseException(pos, "corrupt deflate stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    /** Read position and the encoding in force. */
    private static final class Cursor {
        final DicomInput in;
        long pos;
        final long limit;
        final boolean explicit;
        final boolean big;
        final byte[] hdr = new byte[12];

        Cursor(DicomInput in, long pos, long limit, boolean explicit, boolean big) {
            this.in = in;
            this.pos = pos;
            this.limit = limit;
            this.explicit = explicit;
            this.big = big;
        }

        Cursor with(boolean explicit, boolean big) {
            return new Cursor(in, pos, limit, explicit, big);
        }
    }

    private static int u16(DicomInput in, long pos, boolean big) throws IOException {
        byte[] b = in.read(pos, 2);
        return big ? ((b[0] & 0xFF) << 8) | (b[1] & 0xFF) : ((b[1] & 0xFF) << 8) | (b[0] & 0xFF);
    }

    private static int u16(byte[] b, int off, boolean big) {
        return big ? ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF) : ((b[off + 1] & 0xFF) << 8) | (b[off] & 0xFF);
    }

    private static long u32(byte[] b, int off, boolean big) {
        long v = big
                ? ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF)
                : ((b[off + 3] & 0xFFL) << 24) | ((b[off + 2] & 0xFF) << 16) | ((b[off + 1] & 0xFF) << 8) | (b[off] & 0xFF);
        return v;
    }

    /** An element header: tag, VR, value length (or UNDEFINED) and where the value starts. */
    private record Header(int tag, VR vr, long length, long valuePos, long offset, boolean vrFromDictionary) {}

    private Header readHeader(Cursor c, boolean metaGroup) throws IOException, DicomParseException {
        long start = c.pos;
        if (c.limit - start < 8) {
            throw new DicomParseException(start, "truncated element header: " + (c.limit - start) + " bytes left");
        }
        boolean big = c.big && !metaGroup;
        c.in.read(start, c.hdr, 0, 8);
        int tag = (u16(c.hdr, 0, big) << 16) | u16(c.hdr, 2, big);
        if ((tag >>> 16) == 0xFFFE) {
            long len = u32(c.hdr, 4, big);
            return new Header(tag, null, len == 0xFFFFFFFFL ? UNDEFINED : len, start + 8, start, false);
        }
        if (c.explicit || metaGroup) {
            int code = ((c.hdr[4] & 0xFF) << 8) | (c.hdr[5] & 0xFF);
            VR vr = VR.ofCode(code);
            if (vr != null) {
                if (vr.longHeader()) {
                    if (c.limit - start < 12) {
                        throw new DicomParseException(start, "truncated element header of " + Tag.toString(tag));
                    }
                    c.in.read(start + 8, c.hdr, 8, 4);
                    long len = u32(c.hdr, 8, big);
                    return new Header(tag, vr, len == 0xFFFFFFFFL ? UNDEFINED : len, start + 12, start, false);
                }
                return new Header(tag, vr, u16(c.hdr, 6, big), start + 8, start, false);
            }
            // Not a VR: some writers switch to implicit VR mid-file. Read this header as implicit.
        }
        long len = u32(c.hdr, 4, big);
        return new Header(tag, dictionary.vrOf(tag), len == 0xFFFFFFFFL ? UNDEFINED : len, start + 8, start, true);
    }

    /**
     * Reads elements until {@code end}, or until an Item Delimitation Item when {@code end} is the
     * cursor's limit and the caller is an undefined-length item.
     */
    private Attributes readDataSet(Cursor c, long end, int depth, boolean metaOnly) throws IOException, DicomParseException {
        Attributes.Builder b = new Attributes.Builder(c.big && !metaOnly);
        while (c.pos < end) {
            if (metaOnly) {
                if (end - c.pos < 8 || u16(c.in, c.pos, false) != 0x0002) break;
            } else if (end - c.pos < 8 && depth == 0 && allZero(c.in, c.pos, (int) (end - c.pos))) {
                c.pos = end; // trailing padding after the last element
                break;
            }
            Header h = readHeader(c, metaOnly);
            if (h.tag == Tag.ItemDelimitationItem) {
                c.pos = h.valuePos;
                break;
            }
            if ((h.tag == Tag.Item || h.tag == Tag.SequenceDelimitationItem) && h.length != UNDEFINED
                    && h.valuePos + h.length <= end) {
                // A stray item or delimiter after a zero-length sequence (seen from some writers):
                // skip it, as pydicom and GDCM do, rather than reject the whole object.
                c.pos = h.valuePos + h.length;
                continue;
            }
            if ((h.tag >>> 16) == 0xFFFE) {
                throw new DicomParseException(h.offset, "unexpected " + Tag.toString(h.tag) + " in a data set");
            }
            b.add(readValue(c, h, end, depth));
        }
        return b.build();
    }

    private static boolean allZero(DicomInput in, long pos, int n) throws IOException {
        for (byte x : in.read(pos, n)) if (x != 0) return false;
        return true;
    }

    private Element readValue(Cursor c, Header h, long end, int depth) throws IOException, DicomParseException {
        if (h.length == UNDEFINED) {
            if (h.tag == Tag.PixelData || h.tag == Tag.FloatPixelData || h.tag == Tag.DoubleFloatPixelData) {
                if (h.vr == VR.SQ) return new Element(h.tag, h.vr, readSequence(c, h, end, depth), h.offset);
                c.pos = h.valuePos;
                return new Element(h.tag, h.vr == null ? VR.OB : h.vr, readFragments(c, h, end), h.offset);
            }
            // SQ, and UN of undefined length: a sequence; UN items are implicit VR little endian.
            Cursor inner = h.vr == VR.UN ? c.with(false, false) : c;
            inner.pos = h.valuePos;
            DicomValue.Sequence seq = readSequence(inner, h, end, depth);
            c.pos = inner.pos;
            return new Element(h.tag, h.vr == VR.UN ? VR.SQ : h.vr, seq, h.offset);
        }
        if (h.vr == VR.UN && !Tag.isPrivate(h.tag) && dictionary.vrOf(h.tag) != VR.UN) {
            // UN of a known public tag (written by a node that lacked the dictionary): read it as
            // its dictionary VR, as pydicom and dcm4che do; a UN sequence is implicit VR LE (PS3.5 §6.2.2)
            VR known = dictionary.vrOf(h.tag);
            h = new Header(h.tag, known, h.length, h.valuePos, h.offset, true);
            if (known == VR.SQ) {
                Cursor inner = c.with(false, false);
                DicomValue.Sequence seq = readSequence(inner, h, Math.min(end, h.valuePos + h.length), depth);
                c.pos = h.valuePos + h.length;
                return new Element(h.tag, VR.SQ, seq, h.offset);
            }
        }
        long valueEnd = h.valuePos + h.length;
        if (valueEnd > end) {
            throw new DicomParseException(h.offset, "value length " + h.length + " of " + Tag.toString(h.tag)
                    + " exceeds the " + Math.max(0, end - h.valuePos) + " bytes left");
        }
        c.pos = h.valuePos;
        DicomValue value;
        if (h.vr == VR.SQ) {
            value = readSequence(c, h, valueEnd, depth);
        } else if (isPixelData(h.tag) || (h.length > BULK_THRESHOLD && h.vr.kind() != VR.Kind.STRING)
                || h.length > (1 << 20)) {
            value = new DicomValue.BulkData(h.valuePos, h.length);
        } else {
            value = new DicomValue.Inline(c.in.read(h.valuePos, (int) h.length));
        }
        c.pos = valueEnd;
        return new Element(h.tag, h.vr, value, h.offset);
    }

    private static boolean isPixelData(int tag) {
        return tag == Tag.PixelData || tag == Tag.FloatPixelData || tag == Tag.DoubleFloatPixelData;
    }

    private DicomValue.Sequence readSequence(Cursor c, Header h, long end, int depth) throws IOException, DicomParseException {
        if (depth >= MAX_DEPTH) {
            throw new DicomParseException(h.offset, "sequences nested deeper than " + MAX_DEPTH);
        }
        boolean undefined = h.length == UNDEFINED;
        long seqEnd = undefined ? end : h.valuePos + h.length;
        c.pos = h.valuePos;
        List<Attributes> items = new ArrayList<>();
        while (c.pos < seqEnd) {
            Header item = readHeader(c, false);
            if (item.tag == Tag.SequenceDelimitationItem) {
                c.pos = item.valuePos;
                return new DicomValue.Sequence(items);
            }
            if (item.tag != Tag.Item) {
                throw new DicomParseException(item.offset, "expected an item in " + Tag.toString(h.tag)
                        + ", found " + Tag.toString(item.tag));
            }
            if (item.length == UNDEFINED) {
                c.pos = item.valuePos;
                items.add(readDataSet(c, seqEnd, depth + 1, false));
            } else {
                long itemEnd = item.valuePos + item.length;
                if (itemEnd > seqEnd) {
                    throw new DicomParseException(item.offset, "item length " + item.length + " in "
                            + Tag.toString(h.tag) + " exceeds its sequence");
                }
                c.pos = item.valuePos;
                items.add(readDataSet(c, itemEnd, depth + 1, false));
                c.pos = itemEnd;
            }
        }
        if (undefined) {
            throw new DicomParseException(h.offset, "sequence " + Tag.toString(h.tag) + " has no delimitation item before the end of data");
        }
        return new DicomValue.Sequence(items);
    }

    private DicomValue.Fragments readFragments(Cursor c, Header h, long end) throws IOException, DicomParseException {
        DicomValue.BulkData table = null;
        List<DicomValue.BulkData> fragments = new ArrayList<>();
        while (true) {
            if (end - c.pos < 8) {
                throw new DicomParseException(c.pos, "encapsulated pixel data ends without a sequence delimitation item");
            }
            Header item = readHeader(c, false);
            if (item.tag == Tag.SequenceDelimitationItem) {
                c.pos = item.valuePos;
                break;
            }
            if (item.tag != Tag.Item || item.length == UNDEFINED) {
                throw new DicomParseException(item.offset, "expected a pixel data fragment item, found " + Tag.toString(item.tag));
            }
            if (item.valuePos + item.length > end) {
                throw new DicomParseException(item.offset, "fragment length " + item.length + " exceeds the "
                        + (end - item.valuePos) + " bytes left");
            }
            DicomValue.BulkData frag = new DicomValue.BulkData(item.valuePos, item.length);
            if (table == null) table = frag;
            else fragments.add(frag);
            c.pos = item.valuePos + item.length;
        }
        if (table == null) throw new DicomParseException(h.offset, "encapsulated pixel data without a Basic Offset Table item");
        return new DicomValue.Fragments(table, fragments);
    }
}
