package io.radstream.volume.dicom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DicomWriterTest {
    private static final String SOP_INSTANCE = "2.25.12345678901234567890"; // odd length: NUL-padded

    private static DataSetBuilder minimal() {
        return new DataSetBuilder()
                .putString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, SOP_INSTANCE);
    }

    private static Attributes item(String codeValue, String meaning) {
        return new DataSetBuilder()
                .putString(Tag.CodeValue, VR.SH, codeValue)
                .putString(Tag.CodingSchemeDesignator, VR.SH, "DCM")
                .putString(Tag.CodeMeaning, VR.LO, meaning)
                .build();
    }

    @Test
    void roundTripThroughOurReader() throws Exception {
        byte[] pixels = new byte[64 * 64 * 2];
        new Random(7).nextBytes(pixels);
        Attributes nested = new DataSetBuilder()
                .putString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4")
                .putSequence(Tag.PurposeOfReferenceCodeSequence, List.of(item("121311", "Localizer")))
                .build();
        Attributes ds = minimal()
                .putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100")
                .putString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL")
                .putString(Tag.PatientName, VR.PN, "Müller^Jörg")
                .putString(Tag.PatientID, VR.LO, "ABC") // odd: space-padded
                .putString(Tag.ReferringPhysicianName, VR.PN)
                .putString(Tag.PatientComments, VR.LT, "one value, may contain \\ backslashes")
                .putDS(Tag.ImagePositionPatient, -179.2, 1.0 / 3, 1e-20)
                .putDS(Tag.PixelSpacing, 0.7, 123456789.123456789)
                .putIS(Tag.InstanceNumber, -2147483648)
                .putUS(Tag.Rows, 64)
                .putUS(Tag.Columns, 65535)
                .putSS(Tag.PixelPaddingValue, -2000)
                .putUL(Tag.SimpleFrameList, 4_000_000_000L, 0)
                .putFD(Tag.ReferencePixelPhysicalValueX, Math.PI)
                .putSequence(Tag.ReferencedImageSequence, List.of(nested, item("A", "B")))
                .putSequence(Tag.OtherPatientIDsSequence, List.of())
                .putBytes(Tag.PixelData, VR.OW, pixels)
                .putSequence(Tag.DigitalSignaturesSequence, List.of(item("X", "after pixel data"))) // tag FFFA,FFFA
                .build();

        DicomFile f = DicomReader.read(DicomWriter.toBytes(ds));
        Attributes back = f.dataSet();

        assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, f.transferSyntax());
        assertEquals("Müller^Jörg", back.getString(Tag.PatientName));
        assertEquals("ABC", back.getString(Tag.PatientID));
        assertEquals(SOP_INSTANCE, back.getString(Tag.SOPInstanceUID));
        assertArrayEquals(new String[]{"ORIGINAL", "PRIMARY", "AXIAL"}, back.getStrings(Tag.ImageType));
        assertTrue(back.contains(Tag.ReferringPhysicianName));
        assertFalse(back.hasValue(Tag.ReferringPhysicianName));
        assertEquals("one value, may contain \\ backslashes", back.getString(Tag.PatientComments));
        assertArrayEquals(new double[]{-179.2, 1.0 / 3, 1e-20}, back.getDoubles(Tag.ImagePositionPatient), 1e-13);
        assertArrayEquals(new double[]{0.7, 123456789.123456789}, back.getDoubles(Tag.PixelSpacing), 1e-5);
        assertEquals(-2147483648, back.getInt(Tag.InstanceNumber, 0));
        assertEquals(64, back.getInt(Tag.Rows, 0));
        assertEquals(65535, back.getInt(Tag.Columns, 0));
        assertEquals(-2000, back.getInt(Tag.PixelPaddingValue, 0));
        assertArrayEquals(new double[]{4_000_000_000.0, 0}, back.getDoubles(Tag.SimpleFrameList));
        assertEquals(Math.PI, back.getDouble(Tag.ReferencePixelPhysicalValueX, 0));

        List<Attributes> refs = back.getSequence(Tag.ReferencedImageSequence);
        assertEquals(2, refs.size());
        assertEquals("1.2.3.4", refs.get(0).getString(Tag.ReferencedSOPInstanceUID));
        assertEquals("Localizer", refs.get(0).getItem(Tag.PurposeOfReferenceCodeSequence).getString(Tag.CodeMeaning));
        assertEquals("B", refs.get(1).getString(Tag.CodeMeaning));
        assertTrue(back.contains(Tag.OtherPatientIDsSequence));
        assertTrue(back.getSequence(Tag.OtherPatientIDsSequence).isEmpty());
        assertEquals("after pixel data", back.getItem(Tag.DigitalSignaturesSequence).getString(Tag.CodeMeaning));

        DicomValue.BulkData bulk = assertInstanceOf(DicomValue.BulkData.class, back.get(Tag.PixelData).value());
        assertArrayEquals(pixels, f.read(bulk));
    }

    @Test
    void filePreambleAndMetaInformation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.dcm");
        DicomWriter.write(file, minimal().putString(Tag.Modality, VR.CS, "CT").build());
        byte[] bytes = Files.readAllBytes(file);

        for (int i = 0; i < 128; i++) assertEquals(0, bytes[i], "preamble byte " + i);
        assertEquals("DICM", new String(bytes, 128, 4, StandardCharsets.US_ASCII));

        DicomFile f = DicomReader.read(file);
        Attributes meta = f.fileMeta();
        assertEquals(UID.CTImageStorage, meta.getString(Tag.MediaStorageSOPClassUID));
        assertEquals(SOP_INSTANCE, meta.getString(Tag.MediaStorageSOPInstanceUID));
        assertEquals(UID.ExplicitVRLittleEndian, meta.getString(Tag.TransferSyntaxUID));
        assertEquals(DicomWriter.IMPLEMENTATION_CLASS_UID, meta.getString(Tag.ImplementationClassUID));
        assertEquals("RADSTREAM_01", meta.getString(Tag.ImplementationVersionName));
        assertArrayEquals(new byte[]{0, 1}, ((DicomValue.Inline) meta.get(Tag.FileMetaInformationVersion).value()).bytes());

        // The group length counts every byte after its own element up to the data set (PS3.10 §7.1):
        // (0002,0000) UL header 8 + value 4 starts at 132, so the data set starts at 144 + length.
        long groupLength = (long) meta.getDouble(Tag.FileMetaInformationGroupLength, -1);
        int dataStart = (int) (144 + groupLength);
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x0008, bb.getShort(dataStart));
        assertEquals(0x0016, bb.getShort(dataStart + 2), "first data set element is SOP Class UID");
        // the last meta element, Implementation Version Name: 8-byte header + 12-byte value
        assertEquals(0x0002, bb.getShort(dataStart - 20));
        assertEquals(0x0013, bb.getShort(dataStart - 18));
    }

    @Test
    void elementsAreWrittenInAscendingUnsignedTagOrder() throws Exception {
        Attributes ds = minimal()
                .putSequence(Tag.DigitalSignaturesSequence, List.of()) // 0xFFFAFFFA is negative as an int
                .putBytes(Tag.PixelData, VR.OW, new byte[4])
                .putString(0x00090010, VR.LO, "RADSTREAM") // private creator
                .putString(Tag.Modality, VR.CS, "CT")
                .build();
        DicomFile f = DicomReader.read(DicomWriter.toBytes(ds));
        long previous = -1;
        int previousTag = 0;
        for (Element e : f.dataSet().elements()) {
            assertTrue(e.offset() > previous, Tag.toString(e.tag()) + " written before " + Tag.toString(previousTag));
            previous = e.offset();
            previousTag = e.tag();
        }
        assertEquals(5 + 1, f.dataSet().size());
    }

    @Test
    void valuesArePaddedToEvenLengthWithTheirVrPadding() throws Exception {
        Attributes ds = minimal()
                .putString(Tag.PatientID, VR.LO, "ABC")
                .putBytes(Tag.PixelData, VR.OB, new byte[]{1, 2, 3})
                .build();
        Attributes back = DicomReader.read(DicomWriter.toBytes(ds)).dataSet();
        assertArrayEquals("ABC ".getBytes(StandardCharsets.US_ASCII), inline(back, Tag.PatientID));
        byte[] uid = inline(back, Tag.SOPInstanceUID);
        assertEquals(SOP_INSTANCE.length() + 1, uid.length);
        assertEquals(0, uid[uid.length - 1], "UI pads with NUL (PS3.5 §9.1)");
        assertEquals(4, back.get(Tag.PixelData).value() instanceof DicomValue.BulkData b ? b.length() : -1);
    }

    @Test
    void decimalStringsFitSixteenCharactersAndKeepTheirValue() {
        assertEquals("-179.2", DataSetBuilder.formatDecimal(-179.2));
        assertEquals("0.7", DataSetBuilder.formatDecimal(0.7));
        assertEquals("1", DataSetBuilder.formatDecimal(1.0));
        assertEquals("-1024", DataSetBuilder.formatDecimal(-1024));
        assertEquals("0", DataSetBuilder.formatDecimal(-0.0));
        assertEquals("-1.8490197341E-5", DataSetBuilder.formatDecimal(-1.8490197341218854E-5));
        assertEquals("1E-20", DataSetBuilder.formatDecimal(1e-20));
        assertEquals("0.33333333333333", DataSetBuilder.formatDecimal(1.0 / 3));
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextGaussian() * 1000;
                case 1 -> random.nextDouble() * 2 - 1;
                case 2 -> Math.scalb(random.nextDouble() - 0.5, random.nextInt(400) - 200);
                default -> Math.cos(random.nextDouble() * Math.PI);
            };
            String s = DataSetBuilder.formatDecimal(v);
            assertTrue(s.length() <= 16, s);
            assertTrue(s.matches("[+-]?[0-9]*\\.?[0-9]*([eE][+-]?[0-9]+)?"), s);
            double back = Double.parseDouble(s);
            assertEquals(v, back, Math.abs(v) * 1e-9 + 1e-300, s);
        }
    }

    @Test
    void invalidValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DataSetBuilder().putString(Tag.PatientID, VR.SH, "x".repeat(17)));
        assertThrows(IllegalArgumentException.class, () -> new DataSetBuilder().putString(Tag.Modality, VR.CS, "A\\B"));
        assertThrows(IllegalArgumentException.class, () -> new DataSetBuilder().putString(Tag.SOPInstanceUID, VR.UI, "1.02.3"));
        assertThrows(IllegalArgumentException.class, () -> new DataSetBuilder().putString(Tag.PatientComments, VR.LT, "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> new DataSetBuilder().putUS(Tag.Rows, 65536));
        assertThrows(IllegalArgumentException.class, () -> new DataSetBuilder().putSS(Tag.PixelPaddingValue, 40000));
        assertThrows(IllegalArgumentException.class, () -> new DataSetBuilder().putDS(Tag.SliceThickness, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new DataSetBuilder().putBytes(Tag.PixelData, VR.US, new byte[2]));
        // Non-Latin-1 text without a character set that can hold it
        assertThrows(IllegalArgumentException.class, () -> new DataSetBuilder()
                .putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100").putString(Tag.PatientName, VR.PN, "山田^太郎").build());
    }

    @Test
    void utf8WhenTheCharacterSetSaysSo() throws Exception {
        Attributes ds = minimal().putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192")
                .putString(Tag.PatientName, VR.PN, "山田^太郎").build();
        assertEquals("山田^太郎", DicomReader.read(DicomWriter.toBytes(ds)).dataSet().getString(Tag.PatientName));
    }

    @Test
    void dataSetsTheWriterCannotEncodeAreRejected(@TempDir Path dir) {
        Attributes noUids = new DataSetBuilder().putString(Tag.Modality, VR.CS, "CT").build();
        assertThrows(IllegalArgumentException.class, () -> DicomWriter.toBytes(noUids));

        Attributes meta = minimal().putString(Tag.TransferSyntaxUID, VR.UI, UID.ExplicitVRLittleEndian).build();
        assertThrows(IllegalArgumentException.class, () -> DicomWriter.toBytes(meta));

        Attributes bulk = new Attributes.Builder(false)
                .add(new Element(Tag.SOPClassUID, VR.UI, new DicomValue.Inline("1.2\0".getBytes(StandardCharsets.US_ASCII)), 0))
                .add(new Element(Tag.SOPInstanceUID, VR.UI, new DicomValue.Inline("1.3\0".getBytes(StandardCharsets.US_ASCII)), 0))
                .add(new Element(Tag.PixelData, VR.OW, new DicomValue.BulkData(1000, 8), 0))
                .build();
        Path file = dir.resolve("bulk.dcm");
        assertThrows(IllegalArgumentException.class, () -> DicomWriter.write(file, bulk));
        assertFalse(Files.exists(file), "no partial file is left");
    }

    /** dcmtk parses our sequences and items (undefined lengths) the same way. */
    @Test
    void dcmdumpReadsSequences(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("dcmdump"), "dcmdump not installed: apt-get install dcmtk");
        Path file = dir.resolve("seq.dcm");
        DicomWriter.write(file, minimal()
                .putSequence(Tag.ReferencedImageSequence, List.of(item("A", "First"), item("B", "Second")))
                .putBytes(Tag.PixelData, VR.OW, new byte[16]).build());
        Process p = new ProcessBuilder("dcmdump", "-q", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("[First]") && out.contains("[Second]"), out);
        assertFalse(out.contains("E: "), out);
    }

    private static byte[] inline(Attributes a, int tag) {
        return ((DicomValue.Inline) a.get(tag).value()).bytes();
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    @Test
    void bigEndianDataSetsAreNotSilentlyMisencoded() {
        Attributes big = new Attributes.Builder(true)
                .add(new Element(Tag.SOPClassUID, VR.UI, new DicomValue.Inline("1.2\0".getBytes(StandardCharsets.US_ASCII)), 0))
                .add(new Element(Tag.SOPInstanceUID, VR.UI, new DicomValue.Inline("1.3\0".getBytes(StandardCharsets.US_ASCII)), 0))
                .build();
        assertThrows(IllegalArgumentException.class, () -> DicomWriter.toBytes(big));
    }

    @Test
    void sixteenBitLengthsAreEnforced() {
        // A short-header VR cannot carry more than 65535 bytes (PS3.5 §7.1.2)
        String longText = "x".repeat(70_000);
        Attributes ds = new Attributes.Builder(false)
                .add(new Element(Tag.SOPClassUID, VR.UI, new DicomValue.Inline("1.2\0".getBytes(StandardCharsets.US_ASCII)), 0))
                .add(new Element(Tag.SOPInstanceUID, VR.UI, new DicomValue.Inline("1.3\0".getBytes(StandardCharsets.US_ASCII)), 0))
                .add(new Element(Tag.PatientComments, VR.LT, new DicomValue.Inline(longText.getBytes(StandardCharsets.US_ASCII)), 0))
                .build();
        assertThrows(IllegalArgumentException.class, () -> DicomWriter.toBytes(ds));
    }
}
