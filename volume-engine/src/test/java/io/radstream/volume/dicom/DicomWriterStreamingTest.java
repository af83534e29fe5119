package io.radstream.volume.dicom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Pixel data written frame by frame, and encapsulated pixel data (PS3.5 §A.4) wrapped around given frames. */
class DicomWriterStreamingTest {

    private static DataSetBuilder header() {
        return new DataSetBuilder()
                .putString(Tag.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, "2.25.1234")
                .putUS(Tag.Rows, 2).putUS(Tag.Columns, 3)
                .putIS(Tag.NumberOfFrames, 2)
                .putUS(Tag.BitsAllocated, 16);
    }

    @Test
    void streamedPixelDataWritesTheSameBytesAsAnInlineValue(@TempDir Path dir) throws Exception {
        byte[][] frames = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}};
        Path streamed = dir.resolve("streamed.dcm");
        DicomWriter.write(streamed, header().build(), 2, 12, k -> frames[k]);
        ByteBuffer all = ByteBuffer.allocate(24).put(frames[0]).put(frames[1]);
        byte[] inline = DicomWriter.toBytes(header().putBytes(Tag.PixelData, VR.OW, all.array()).build());
        assertArrayEquals(inline, Files.readAllBytes(streamed));
    }

    @Test
    void streamingRejectsWhatCannotBeWrittenAndLeavesNoFile(@TempDir Path dir) {
        Path f = dir.resolve("x.dcm");
        assertThrows(IllegalArgumentException.class, () -> DicomWriter.write(f, header().build(), 2, 12, k -> new byte[11]));
        assertFalse(Files.exists(f));
        Attributes withTrailer = header().putBytes(0xFFFAFFFA, VR.OB, new byte[2]).build(); // Digital Signatures Sequence tag space
        assertThrows(IllegalArgumentException.class, () -> DicomWriter.write(f, withTrailer, 1, 2, k -> new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> DicomWriter.write(f, header().build(), 1, 3, k -> new byte[3]));
        assertFalse(Files.exists(f));
    }

    @Test
    void encapsulatedFramesGetAnOffsetTableAndOneFragmentEach(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("enc.dcm");
        List<byte[]> frames = List.of(new byte[]{9, 8, 7}, new byte[]{1, 2, 3, 4});
        DicomWriter.writeEncapsulated(f, header().build(), TransferSyntax.of("1.2.840.10008.1.2.4.201"), frames);
        try (DicomFile file = DicomReader.read(f)) {
            assertEquals("1.2.840.10008.1.2.4.201", file.transferSyntax().uid());
            DicomValue.Fragments fr = (DicomValue.Fragments) file.dataSet().get(Tag.PixelData).value();
            assertEquals(2, fr.fragments().size());
            // odd fragments are padded to even length; offsets count from the first fragment's item header
            assertArrayEquals(new byte[]{9, 8, 7, 0}, file.read(fr.fragments().get(0)));
            assertArrayEquals(new byte[]{1, 2, 3, 4}, file.read(fr.fragments().get(1)));
            ByteBuffer table = ByteBuffer.wrap(file.read(fr.offsetTable())).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0, table.getInt(0));
            assertEquals(8 + 4, table.getInt(4));
        }
        assertThrows(IllegalArgumentException.class,
                () -> DicomWriter.writeEncapsulated(f, header().build(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, frames));
    }
}
