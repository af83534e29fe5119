package io.radstream.volume.codec;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomWriter;
import io.radstream.volume.dicom.Tag;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Test helper: a copy of an Explicit VR Little Endian file whose Pixel Data is replaced by
 * encapsulated frames (PS3.5 §A.4: an empty Basic Offset Table item, one fragment per frame, a
 * sequence delimiter) under another transfer syntax. This is how codestreams made by tools that
 * write no DICOM (ojph_compress) are wrapped; FIELD-NOTES warns that dcmodify corrupts HTJ2K files.
 * The source's Pixel Data must be its last element, as {@link DicomWriter} writes it.
 */
final class EncapsulatedPart10 {
    private EncapsulatedPart10() {}

    static Path write(Path source, Path target, String transferSyntaxUid, List<byte[]> frames) throws Exception {
        byte[] file = Files.readAllBytes(source);
        long pixelDataAt;
        String sopClass, sopInstance;
        try (DicomFile dicom = DicomReader.read(source)) {
            pixelDataAt = dicom.dataSet().get(Tag.PixelData).offset();
            sopClass = dicom.fileMeta().getString(Tag.MediaStorageSOPClassUID);
            sopInstance = dicom.fileMeta().getString(Tag.MediaStorageSOPInstanceUID);
        }
        if (file[(int) pixelDataAt] != (byte) 0xE0 || file[(int) pixelDataAt + 1] != 0x7F) {
            throw new IllegalStateException("Pixel Data offset " + pixelDataAt + " is not a file offset");
        }
        long groupLength = u32(file, 132 + 8); // (0002,0000) UL right after "DICM"
        int dataSetStart = (int) (132 + 12 + groupLength);

        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x00020001, "OB", new byte[]{0, 1});
        element(meta, 0x00020002, "UI", ui(sopClass));
        element(meta, 0x00020003, "UI", ui(sopInstance));
        element(meta, 0x00020010, "UI", ui(transferSyntaxUid));
        element(meta, 0x00020012, "UI", ui(DicomWriter.IMPLEMENTATION_CLASS_UID));

        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
        out.write(new byte[128]);
        out.write("DICM".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x00020000, "UL", le32(meta.size()));
        meta.writeTo(out);
        out.write(file, dataSetStart, (int) pixelDataAt - dataSetStart);
        out.write(new byte[]{(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, -1, -1, -1, -1});
        item(out, 0xE000, new byte[0]);
        for (byte[] frame : frames) item(out, 0xE000, frame.length % 2 == 0 ? frame : Arrays.copyOf(frame, frame.length + 1));
        item(out, 0xE0DD, new byte[0]);
        Files.write(target, out.toByteArray());
        return target;
    }

    private static void item(ByteArrayOutputStream out, int element, byte[] value) {
        out.writeBytes(new byte[]{(byte) 0xFE, (byte) 0xFF, (byte) element, (byte) (element >> 8)});
        out.writeBytes(le32(value.length));
        out.writeBytes(value);
    }

    /** Explicit VR little endian; OB has the 4-byte length form (PS3.5 §7.1.2). */
    private static void element(ByteArrayOutputStream out, int tag, String vr, byte[] value) {
        out.writeBytes(new byte[]{(byte) (tag >> 16), (byte) (tag >> 24), (byte) tag, (byte) (tag >> 8)});
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB")) {
            out.writeBytes(new byte[]{0, 0});
            out.writeBytes(le32(value.length));
        } else {
            out.writeBytes(new byte[]{(byte) value.length, (byte) (value.length >> 8)});
        }
        out.writeBytes(value);
    }

    private static byte[] ui(String uid) {
        byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : Arrays.copyOf(b, b.length + 1); // padded with NUL (PS3.5 §6.2)
    }

    private static byte[] le32(long v) {
        return new byte[]{(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static long u32(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }
}
