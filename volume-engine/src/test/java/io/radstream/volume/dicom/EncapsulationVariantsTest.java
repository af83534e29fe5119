package io.radstream.volume.dicom;

import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.testdata.Corpus;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi-frame encapsulations that real archives write (PS3.5 §A.4): several fragments per frame
 * with an empty Basic Offset Table and an Extended Offset Table, and with no offset table at all.
 * A real JPEG lossless codestream from the corpus is repeated as three frames, each cut into two
 * fragments; every frame must decode to the single-frame original.
 */
class EncapsulationVariantsTest {
    private static final String SOURCE = "fo-dicom__GH184.dcm"; // 128×128 JPEG lossless SV1, one fragment

    @Test
    void extendedOffsetTableAndFrameScanningFindEveryFrame() throws Exception {
        byte[] codestream;
        byte[] expected;
        Attributes src;
        try (DicomFile f = DicomReader.read(Corpus.file(SOURCE))) {
            src = f.dataSet();
            DicomValue.Fragments frags = (DicomValue.Fragments) src.get(Tag.PixelData).value();
            codestream = f.read(frags.fragments().getFirst());
            expected = new FrameReader(f).frame(0);
        }
        int cut = codestream.length / 2;
        while ((codestream[cut] & 0xFF) == 0xFF) cut++; // the second fragment must not look like a codestream start
        cut += cut % 2; // even fragment lengths
        byte[] a = Arrays.copyOfRange(codestream, 0, cut), b = Arrays.copyOfRange(codestream, cut, codestream.length);
        if (b.length % 2 == 1) b = Arrays.copyOf(b, b.length + 1); // pad as PS3.5 §A.4 requires

        for (boolean withEot : new boolean[]{true, false}) {
            byte[] file = multiFrame(src, a, b, 3, withEot);
            try (DicomFile f = DicomReader.read(file)) {
                FrameReader r = new FrameReader(f);
                for (int k = 0; k < 3; k++) assertArrayEquals(expected, r.frame(k), "frame " + k + (withEot ? " via EOT" : " via scan"));
            }
        }
    }

    @Test
    void anExtendedOffsetTableOfTheWrongSizeIsAnError() throws Exception {
        Attributes src;
        byte[] codestream;
        try (DicomFile f = DicomReader.read(Corpus.file(SOURCE))) {
            src = f.dataSet();
            codestream = f.read(((DicomValue.Fragments) src.get(Tag.PixelData).value()).fragments().getFirst());
        }
        byte[] file = multiFrame(src, codestream, null, 2, true);
        // rewrite the frame count to 3 with a 2-entry table: the reader must refuse, not guess
        try (DicomFile f = DicomReader.read(patchFrames(file, 3))) {
            PixelDataException e = assertThrows(PixelDataException.class, () -> new FrameReader(f).frame(0));
            assertTrue(e.getMessage().contains("Extended Offset Table"), e.getMessage());
        }
    }

    /** The same file with Number of Frames set to {@code n} (the IS value is written as "N "). */
    private static byte[] patchFrames(byte[] file, int n) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            Element e = f.dataSet().get(Tag.NumberOfFrames);
            byte[] copy = file.clone();
            int valuePos = (int) e.offset() + 8; // explicit VR, short header: the value follows 8 bytes in
            copy[valuePos] = (byte) ('0' + n);
            return copy;
        }
    }

    private static byte[] multiFrame(Attributes src, byte[] partA, byte[] partB, int frames, boolean withEot) {
        DicomReaderTest.Bytes b = new DicomReaderTest.Bytes(true, false);
        b.string(Tag.SOPClassUID, "UI", UID.SecondaryCaptureImageStorage);
        b.us(Tag.SamplesPerPixel, 1);
        b.string(Tag.PhotometricInterpretation, "CS", "MONOCHROME2");
        b.string(Tag.NumberOfFrames, "IS", Integer.toString(frames));
        b.us(Tag.Rows, src.getInt(Tag.Rows, 0)).us(Tag.Columns, src.getInt(Tag.Columns, 0));
        b.us(Tag.BitsAllocated, src.getInt(Tag.BitsAllocated, 0)).us(Tag.BitsStored, src.getInt(Tag.BitsStored, 0));
        b.us(Tag.HighBit, src.getInt(Tag.HighBit, 0)).us(Tag.PixelRepresentation, src.getInt(Tag.PixelRepresentation, 0));
        long frameItemBytes = 8L + partA.length + (partB == null ? 0 : 8L + partB.length);
        if (withEot) {
            ByteBuffer eot = ByteBuffer.allocate(8 * frames).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer lengths = ByteBuffer.allocate(8 * frames).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < frames; k++) {
                eot.putLong(k * frameItemBytes);
                lengths.putLong(partA.length + (partB == null ? 0 : partB.length));
            }
            b.header(Tag.ExtendedOffsetTable, "OV", eot.capacity()).raw(eot.array());
            b.header(Tag.ExtendedOffsetTableLengths, "OV", lengths.capacity()).raw(lengths.array());
        }
        b.header(Tag.PixelData, "OB", -1).item(0); // empty Basic Offset Table
        for (int k = 0; k < frames; k++) {
            b.item(partA.length).raw(partA);
            if (partB != null) b.item(partB.length).raw(partB);
        }
        b.seqEnd();
        return DicomReaderTest.part10("1.2.840.10008.1.2.4.70", b.bytes());
    }
}
