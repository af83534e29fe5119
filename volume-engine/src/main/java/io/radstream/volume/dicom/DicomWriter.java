package io.radstream.volume.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes DICOM Part 10 files (PS3.10 §7.1): a 128-byte preamble of zeros, "DICM", the File Meta
 * Information (group 0002, always explicit VR little endian, PS3.10 §7.1), then the data set in
 * Explicit VR Little Endian (PS3.5 §A.2), elements in ascending tag order (PS3.5 §7.1).
 *
 * <p>Sequences and their items are written with undefined length and delimitation items (PS3.5
 * §7.5.2), which needs no second pass over nested items to learn their lengths.
 *
 * <p>The encoder is parameterised by VR explicitness and byte order so other native transfer
 * syntaxes can be added; today only Explicit VR Little Endian is accepted. Values must be
 * {@link DicomValue.Inline}: bulk data and fragments point into a source this writer does not have.
 */
public final class DicomWriter {

    /**
     * Identifies this implementation in the File Meta Information (PS3.10 §7.1, PS3.7 §D.3.3.2):
     * a UUID-derived UID (PS3.5 §B.2) because Radstream has no registered root. It stays fixed;
     * releases are told apart by {@link #IMPLEMENTATION_VERSION_NAME}.
     */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.15654683619826908352960856949646247710";
    public static final String IMPLEMENTATION_VERSION_NAME = "RADSTREAM_01";

    private static final int PREAMBLE_LENGTH = 128;
    private static final int UNDEFINED_LENGTH = -1;

    private DicomWriter() {}

    /**
     * Writes {@code dataSet} as a Part 10 file, its SOP Class and Instance UIDs copied to the meta.
     * Large values (pixel data) go straight from the data set to the file without a copy. A data
     * set that cannot be encoded leaves no file behind.
     */
    public static void write(Path file, Attributes dataSet) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        } catch (IllegalArgumentException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Supplies native pixel data one frame at a time, in frame order. */
    @FunctionalInterface
    public interface FrameSource {
        byte[] frame(int index) throws IOException;
    }

    /**
     * Writes {@code dataSet}, which must hold no Pixel Data, followed by a native Pixel Data element
     * (OW, PS3.5 §8.1.1) of {@code frames} frames of {@code frameBytes} bytes each, asked for one at
     * a time: a multi-frame object of hundreds of megabytes (a tomosynthesis) is never held in
     * memory. Pixel Data is written last, so the data set may hold no element with a larger tag
     * (PS3.5 §7.1: ascending tag order). A failure leaves no file behind.
     */
    public static void write(Path file, Attributes dataSet, int frames, long frameBytes, FrameSource pixels) throws IOException {
        for (Element e : dataSet.elements()) {
            if (Integer.compareUnsigned(e.tag(), Tag.PixelData) >= 0) {
                throw new IllegalArgumentException(Tag.toString(e.tag()) + " would follow the streamed Pixel Data");
            }
        }
        long total = frames * frameBytes;
        if (frames < 1 || frameBytes < 1 || (total & 1) == 1 || total > 0xFFFFFFFEL) {
            throw new IllegalArgumentException(frames + " frames of " + frameBytes
                    + " bytes do not fit a native Pixel Data value (even length below 4 GiB, PS3.5 §7.1.1)");
        }
        boolean done = false;
        try (OutputStream stream = Files.newOutputStream(file)) {
            requireSupported(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, dataSet);
            Sink out = new Sink(stream);
            out.zeros(PREAMBLE_LENGTH);
            out.bytes("DICM".getBytes(StandardCharsets.US_ASCII));
            writeFileMeta(out, dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            Encoder encoder = new Encoder(out, true, false, false);
            encoder.dataSet(dataSet);
            encoder.header(Tag.PixelData, VR.OW, (int) total); // the header writes it as an unsigned 32-bit length
            for (int i = 0; i < frames; i++) {
                byte[] frame = pixels.frame(i);
                if (frame.length != frameBytes) {
                    throw new IllegalArgumentException("frame " + (i + 1) + " has " + frame.length + " bytes, not " + frameBytes);
                }
                out.bytes(frame);
            }
            out.flush();
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(file);
        }
    }

    /**
     * Writes {@code dataSet}, which must hold no Pixel Data, followed by encapsulated Pixel Data
     * (PS3.5 §A.4): a Basic Offset Table with one offset per frame, then each frame as one fragment
     * (padded with a zero byte to even length, as codestreams allow). The File Meta Information names
     * {@code ts}, an encapsulated transfer syntax; the data set itself is explicit VR little endian,
     * as every encapsulated transfer syntax requires. Frames are compressed elsewhere (JPEG 2000,
     * HTJ2K, ...): this writer only wraps them.
     */
    public static void writeEncapsulated(Path file, Attributes dataSet, TransferSyntax ts, List<byte[]> frames) throws IOException {
        if (!ts.encapsulated()) throw new IllegalArgumentException(ts.name() + " is not an encapsulated transfer syntax");
        if (frames.isEmpty()) throw new IllegalArgumentException("no frames");
        for (Element e : dataSet.elements()) {
            if (Integer.compareUnsigned(e.tag(), Tag.PixelData) >= 0) {
                throw new IllegalArgumentException(Tag.toString(e.tag()) + " would follow the encapsulated Pixel Data");
            }
        }
        if (dataSet.bigEndian()) throw new IllegalArgumentException("encapsulated transfer syntaxes are little endian");
        long offset = 0;
        long[] offsets = new long[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            offsets[i] = offset;
            offset += 8 + frames.get(i).length + (frames.get(i).length & 1); // item header + padded fragment
        }
        if (offset > 0xFFFFFFFFL) throw new IllegalArgumentException("frames exceed what a Basic Offset Table can address (4 GiB)");
        boolean done = false;
        try (OutputStream stream = Files.newOutputStream(file)) {
            Sink out = new Sink(stream);
            out.zeros(PREAMBLE_LENGTH);
            out.bytes("DICM".getBytes(StandardCharsets.US_ASCII));
            writeFileMeta(out, dataSet, ts);
            Encoder encoder = new Encoder(out, true, false, false);
            encoder.dataSet(dataSet);
            encoder.header(Tag.PixelData, VR.OB, UNDEFINED_LENGTH);
            encoder.tagAndLength(Tag.Item, 4 * frames.size());
            for (long o : offsets) out.u32((int) o, false);
            for (byte[] f : frames) {
                encoder.tagAndLength(Tag.Item, f.length + (f.length & 1));
                out.bytes(f);
                if ((f.length & 1) == 1) out.u8(0);
            }
            encoder.tagAndLength(Tag.SequenceDelimitationItem, 0);
            out.flush();
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(file);
        }
    }

    /** The bytes of the Part 10 file {@link #write} would write. */
    public static byte[] toBytes(Attributes dataSet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(PREAMBLE_LENGTH + 4 + 512 + estimate(dataSet));
        try {
            write(out, dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not throw
        }
        return out.toByteArray();
    }

    static void write(OutputStream stream, Attributes dataSet, TransferSyntax ts) throws IOException {
        requireSupported(ts, dataSet);
        Sink out = new Sink(stream);
        out.zeros(PREAMBLE_LENGTH);
        out.bytes("DICM".getBytes(StandardCharsets.US_ASCII));
        writeFileMeta(out, dataSet, ts);
        new Encoder(out, ts.explicitVr(), ts.bigEndian(), false).dataSet(dataSet);
        out.flush();
    }

    private static void requireSupported(TransferSyntax ts, Attributes dataSet) {
        if (!ts.equals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)) {
            throw new IllegalArgumentException("writing " + ts.name() + " is not implemented");
        }
        if (dataSet.bigEndian() != ts.bigEndian()) {
            // Inline values are in the data set's byte order; swapping them needs the VR of each value
            throw new IllegalArgumentException("data set byte order differs from " + ts.name());
        }
    }

    /**
     * Group 0002 with its group length (PS3.10 §7.1): the length counts the bytes after the group
     * length element to the end of the group, so the rest of the group is encoded first.
     */
    private static void writeFileMeta(Sink out, Attributes dataSet, TransferSyntax ts) throws IOException {
        String sopClass = dataSet.getString(Tag.SOPClassUID);
        String sopInstance = dataSet.getString(Tag.SOPInstanceUID);
        if (sopClass == null || sopInstance == null) {
            throw new IllegalArgumentException("data set lacks SOP Class UID or SOP Instance UID");
        }
        Attributes meta = new DataSetBuilder()
                .putBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[]{0, 1})
                .putString(Tag.MediaStorageSOPClassUID, VR.UI, sopClass)
                .putString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstance)
                .putString(Tag.TransferSyntaxUID, VR.UI, ts.uid())
                .putString(Tag.ImplementationClassUID, VR.UI, IMPLEMENTATION_CLASS_UID)
                .putString(Tag.ImplementationVersionName, VR.SH, IMPLEMENTATION_VERSION_NAME)
                .build();
        ByteArrayOutputStream groupBytes = new ByteArrayOutputStream(256);
        Sink group = new Sink(groupBytes);
        new Encoder(group, true, false, true).dataSet(meta);
        group.flush();
        Attributes groupLength = new DataSetBuilder()
                .putUL(Tag.FileMetaInformationGroupLength, groupBytes.size()).build();
        new Encoder(out, true, false, true).dataSet(groupLength);
        out.bytes(groupBytes.toByteArray());
    }

    /** An upper bound guess of the encoded size, so pixel data is not copied while the buffer grows. */
    private static int estimate(Attributes dataSet) {
        long n = 0;
        for (Element e : dataSet.elements()) {
            n += 16;
            switch (e.value()) {
                case DicomValue.Inline in -> n += in.bytes().length;
                case DicomValue.Sequence s -> {
                    for (Attributes item : s.items()) n += 16 + estimate(item);
                }
                default -> { }
            }
        }
        return (int) Math.min(n, Integer.MAX_VALUE - 1024);
    }

    /** Encodes elements in one transfer syntax's VR explicitness and byte order (PS3.5 §7.1). */
    private record Encoder(Sink out, boolean explicitVr, boolean bigEndian, boolean fileMeta) {

        void dataSet(Attributes attrs) throws IOException {
            for (Element e : attrs.elements()) element(e);
        }

        private void element(Element e) throws IOException {
            int group = Tag.group(e.tag());
            if (group == 0xFFFE) {
                throw new IllegalArgumentException("item or delimitation tag " + Tag.toString(e.tag()) + " as an element");
            }
            if ((group == 0x0002) != fileMeta) {
                // PS3.10 §7.1: group 0002 lives in the File Meta Information only, which this writer builds
                throw new IllegalArgumentException(fileMeta ? "non-meta element in file meta" : "File Meta Information element "
                        + Tag.toString(e.tag()) + " in the data set");
            }
            switch (e.value()) {
                case DicomValue.Inline in -> inline(e, in.bytes());
                case DicomValue.Sequence s -> sequence(e, s.items());
                case DicomValue.BulkData b -> throw new IllegalArgumentException(
                        "bulk data of " + Tag.toString(e.tag()) + " is not in memory; read it into an Inline value first");
                case DicomValue.Fragments f -> throw new IllegalArgumentException(
                        "encapsulated pixel data cannot be written in " + TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.name());
            }
        }

        private void inline(Element e, byte[] value) throws IOException {
            if (e.vr() == VR.SQ) throw new IllegalArgumentException("SQ element " + Tag.toString(e.tag()) + " without items");
            int padded = value.length + (value.length & 1); // values have even length, PS3.5 §7.1
            header(e.tag(), e.vr(), padded);
            out.bytes(value);
            if (padded != value.length) out.u8(e.vr().padding());
        }

        private void sequence(Element e, List<Attributes> items) throws IOException {
            if (e.vr() != VR.SQ) throw new IllegalArgumentException("items in " + e.vr() + " element " + Tag.toString(e.tag()));
            header(e.tag(), VR.SQ, UNDEFINED_LENGTH);
            for (Attributes item : items) {
                tagAndLength(Tag.Item, UNDEFINED_LENGTH);
                new Encoder(out, explicitVr, bigEndian, false).dataSet(item);
                tagAndLength(Tag.ItemDelimitationItem, 0);
            }
            tagAndLength(Tag.SequenceDelimitationItem, 0);
        }

        /** PS3.5 §7.1.2 (explicit VR: 16-bit length, or 2 reserved bytes and 32-bit) and §7.1.3 (implicit). */
        private void header(int tag, VR vr, int length) throws IOException {
            if (!explicitVr) {
                tagAndLength(tag, length);
                return;
            }
            tag(tag);
            out.u8(vr.code() >>> 8);
            out.u8(vr.code() & 0xFF);
            if (vr.longHeader()) {
                out.u16(0, bigEndian);
                out.u32(length, bigEndian);
            } else {
                if (length > 0xFFFF || length < 0) {
                    throw new IllegalArgumentException(vr + " value of " + Tag.toString(tag) + " is " + length
                            + " bytes, more than its 16-bit length field holds");
                }
                out.u16(length, bigEndian);
            }
        }

        /** Items and delimiters have no VR in any transfer syntax (PS3.5 §7.5). */
        private void tagAndLength(int tag, int length) throws IOException {
            tag(tag);
            out.u32(length, bigEndian);
        }

        private void tag(int tag) throws IOException {
            out.u16(Tag.group(tag), bigEndian);
            out.u16(Tag.element(tag), bigEndian);
        }
    }

    /**
     * Buffers the small writes of headers and short values; a large value is handed to the stream
     * as it is, so pixel data is never copied here.
     */
    private static final class Sink {
        private final OutputStream out;
        private final byte[] buf = new byte[8192];
        private int n;

        Sink(OutputStream out) {
            this.out = out;
        }

        void u8(int v) throws IOException {
            if (n == buf.length) flushBuffer();
            buf[n++] = (byte) v;
        }

        void u16(int v, boolean big) throws IOException {
            if (big) {
                u8(v >>> 8);
                u8(v);
            } else {
                u8(v);
                u8(v >>> 8);
            }
        }

        void u32(int v, boolean big) throws IOException {
            if (big) {
                u16(v >>> 16, true);
                u16(v, true);
            } else {
                u16(v, false);
                u16(v >>> 16, false);
            }
        }

        void bytes(byte[] b) throws IOException {
            if (b.length <= buf.length - n) {
                System.arraycopy(b, 0, buf, n, b.length);
                n += b.length;
            } else {
                flushBuffer();
                out.write(b);
            }
        }

        void zeros(int count) throws IOException {
            for (int i = 0; i < count; i++) u8(0);
        }

        void flush() throws IOException {
            flushBuffer();
            out.flush();
        }

        private void flushBuffer() throws IOException {
            out.write(buf, 0, n);
            n = 0;
        }
    }
}
