package io.radstream.volume.pixel;

import io.radstream.volume.codec.Codecs;
import io.radstream.volume.codec.EncapsulatedFrames;
import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.codec.StoredValues;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Element;
import io.radstream.volume.dicom.VR;

import java.io.IOException;

/**
 * Reads frame {@code i} of an object as stored values (the layout of {@link NativeFrameDecoder}),
 * reading only that frame's bytes from the file.
 */
public final class FrameReader {
    private final DicomFile file;
    private final PixelDescription description;
    private final Element pixelData;

    public FrameReader(DicomFile file) throws PixelDataException {
        this.file = file;
        this.description = PixelDescription.of(file.dataSet());
        this.pixelData = file.dataSet().get(description.pixelDataTag());
    }

    public PixelDescription description() { return description; }

    public byte[] frame(int index) throws PixelDataException, IOException {
        if (index < 0 || index >= description.frames()) {
            throw new PixelDataException("frame " + (index + 1) + " of " + description.frames() + " requested");
        }
        return switch (pixelData.value()) {
            case DicomValue.Fragments f -> {
                FrameDecoder decoder = Codecs.decoderFor(file.transferSyntax());
                StoredValues.frameBytes(description); // every decoder: refuse frames no heap can hold, before reading
                byte[] encoded = EncapsulatedFrames.frame(f, index, description.frames(), extendedOffsets(), file::read);
                yield decoder.decode(encoded, description);
            }
            case DicomValue.Sequence s -> throw new PixelDataException(pixelData.offset(), "Pixel Data is a sequence");
            case DicomValue.Inline in -> nativeFrame(index, in.bytes().length, (start, len) -> {
                byte[] b = new byte[len];
                System.arraycopy(in.bytes(), (int) start, b, 0, len);
                return b;
            });
            case DicomValue.BulkData bulk -> nativeFrame(index, bulk.length(),
                    (start, len) -> file.source().read(bulk.offset() + start, len));
        };
    }

    /** The Extended Offset Table (7FE0,0001, PS3.3 C.7.6.3), 64-bit little-endian offsets, or null. */
    private long[] extendedOffsets() throws IOException, PixelDataException {
        io.radstream.volume.dicom.Element e = file.dataSet().get(io.radstream.volume.dicom.Tag.ExtendedOffsetTable);
        if (e == null) return null;
        byte[] b = switch (e.value()) {
            case DicomValue.Inline in -> in.bytes();
            case DicomValue.BulkData bulk -> file.read(bulk);
            default -> throw new PixelDataException(e.offset(), "Extended Offset Table is not a binary value");
        };
        if (b.length % 8 != 0) throw new PixelDataException(e.offset(), "Extended Offset Table length " + b.length + " is not a multiple of 8");
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long[] offsets = new long[b.length / 8];
        for (int i = 0; i < offsets.length; i++) offsets[i] = bb.getLong(8 * i);
        return offsets;
    }

    @FunctionalInterface
    private interface RangeReader {
        byte[] read(long start, int length) throws IOException;
    }

    private byte[] nativeFrame(int index, long valueLength, RangeReader reader) throws PixelDataException, IOException {
        if (file.transferSyntax().encapsulated()) {
            throw new PixelDataException(pixelData.offset(), "Pixel Data of " + file.transferSyntax().name()
                    + " is not encapsulated (defined length " + valueLength + ")");
        }
        long[] range = NativeFrameDecoder.frameRange(description, index);
        long needed = NativeFrameDecoder.frameRange(description, description.frames() - 1)[1];
        if (valueLength < needed) {
            throw new PixelDataException(pixelData.offset(), "Pixel Data holds " + valueLength + " bytes but "
                    + description.frames() + " frame(s) of " + description.rows() + "x" + description.columns()
                    + "x" + description.samplesPerPixel() + " at " + description.bitsAllocated() + " bits need " + needed);
        }
        int len = (int) (range[1] - range[0]);
        byte[] stored = reader.read(range[0], len);
        boolean big = file.transferSyntax().bigEndian();
        boolean wordSwapped8 = big && description.bitsAllocated() == 8 && pixelData.vr() == VR.OW;
        return NativeFrameDecoder.decode(description, index, stored, big, wordSwapped8);
    }
}
