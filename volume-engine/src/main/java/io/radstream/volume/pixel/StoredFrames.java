package io.radstream.volume.pixel;

import io.radstream.volume.codec.Codecs;
import io.radstream.volume.codec.EncapsulatedFrames;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Element;
import io.radstream.volume.dicom.TransferSyntax;
import io.radstream.volume.dicom.VR;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The pixel data of one stored instance, located once (at ingest, or from one header parse), read
 * frame by frame without parsing the header again: native frames by offset arithmetic (PS3.5
 * §8.1.1), encapsulated frames through their fragments (PS3.5 §A.4) and the {@link Codecs}
 * registry. Each read opens the file briefly, so an instance can be read from several threads and
 * holds nothing open between reads.
 *
 * <p>Deflated data sets are not covered: their offsets point into the inflated bytes.
 */
public final class StoredFrames {
    private final Path file;
    private final TransferSyntax transferSyntax;
    private final PixelDescription description;
    private final long valueOffset;
    private final long valueLength;
    private final boolean wordSwapped8;
    private final DicomValue.Fragments fragments;

    private StoredFrames(Path file, TransferSyntax ts, PixelDescription d, long valueOffset, long valueLength,
                         boolean wordSwapped8, DicomValue.Fragments fragments) {
        this.file = Objects.requireNonNull(file, "file");
        this.transferSyntax = ts;
        this.description = d;
        this.valueOffset = valueOffset;
        this.valueLength = valueLength;
        this.wordSwapped8 = wordSwapped8;
        this.fragments = fragments;
        if (ts.deflated()) throw new IllegalArgumentException("deflated data sets cannot be read by file offset");
    }

    /**
     * Native pixel data whose value starts at {@code valueOffset} in {@code file}.
     *
     * @param wordSwapped8 8-bit data in an OW value of a big-endian data set (PS3.5 §8.1.1)
     */
    public static StoredFrames nativeData(Path file, TransferSyntax ts, PixelDescription d, long valueOffset,
                                          long valueLength, boolean wordSwapped8) throws PixelDataException {
        if (ts.encapsulated()) throw new PixelDataException(valueOffset, ts.name() + " pixel data must be encapsulated");
        long needed = NativeFrameDecoder.frameRange(d, d.frames() - 1)[1];
        if (valueLength < needed) {
            throw new PixelDataException(valueOffset, "Pixel Data holds " + valueLength + " bytes but " + d.frames()
                    + " frame(s) of " + d.rows() + "x" + d.columns() + "x" + d.samplesPerPixel() + " at "
                    + d.bitsAllocated() + " bits need " + needed);
        }
        return new StoredFrames(file, ts, d, valueOffset, valueLength, wordSwapped8, null);
    }

    /** Encapsulated pixel data: Basic Offset Table item value and fragments, positions in {@code file}. */
    public static StoredFrames encapsulated(Path file, TransferSyntax ts, PixelDescription d, DicomValue.Fragments fragments)
            throws PixelDataException {
        if (!ts.encapsulated()) throw new PixelDataException(ts.name() + " pixel data cannot be encapsulated");
        if (fragments.fragments().isEmpty()) throw new PixelDataException("encapsulated pixel data has no fragments");
        return new StoredFrames(file, ts, d, -1, -1, false, fragments);
    }

    /** Locates the pixel data of a parsed file (not deflated). */
    public static StoredFrames of(DicomFile parsed) throws PixelDataException {
        if (parsed.path() == null) throw new PixelDataException("the data set was not read from a file");
        if (parsed.transferSyntax().deflated()) {
            throw new PixelDataException("deflated data set: frames cannot be read by file offset");
        }
        PixelDescription d = PixelDescription.of(parsed.dataSet());
        Element e = parsed.dataSet().get(d.pixelDataTag());
        return switch (e.value()) {
            case DicomValue.Fragments f -> encapsulated(parsed.path(), parsed.transferSyntax(), d, f);
            case DicomValue.BulkData b -> nativeData(parsed.path(), parsed.transferSyntax(), d, b.offset(), b.length(),
                    parsed.transferSyntax().bigEndian() && d.bitsAllocated() == 8 && e.vr() == VR.OW);
            case DicomValue.Inline in -> throw new PixelDataException(e.offset(),
                    "Pixel Data of " + in.bytes().length + " bytes was read inline, not located in the file");
            case DicomValue.Sequence s -> throw new PixelDataException(e.offset(), "Pixel Data is a sequence");
        };
    }

    public PixelDescription description() { return description; }

    public Path file() { return file; }

    /** Stored values of frame {@code index} (0-based) in the layout of {@link NativeFrameDecoder}. */
    public byte[] frame(int index) throws IOException, PixelDataException {
        if (index < 0 || index >= description.frames()) {
            throw new PixelDataException("frame " + (index + 1) + " of " + description.frames() + " requested");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (fragments != null) {
                byte[] encoded = EncapsulatedFrames.frame(fragments, index, description.frames(), r -> read(ch, r.offset(), r.length()));
                return Codecs.decoderFor(transferSyntax).decode(encoded, description);
            }
            long[] range = NativeFrameDecoder.frameRange(description, index);
            byte[] stored = read(ch, valueOffset + range[0], range[1] - range[0]);
            return NativeFrameDecoder.decode(description, index, stored, transferSyntax.bigEndian(), wordSwapped8);
        }
    }

    private byte[] read(FileChannel ch, long pos, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 16) throw new IOException("a read of " + length + " bytes is too large");
        ByteBuffer buf = ByteBuffer.allocate((int) length);
        long p = pos;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) throw new EOFException(file + ": ends before byte " + (pos + length) + " (pixel data cut short?)");
            p += n;
        }
        return buf.array();
    }
}
