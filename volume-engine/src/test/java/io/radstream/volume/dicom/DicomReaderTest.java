package io.radstream.volume.dicom;

import io.radstream.volume.testdata.Corpus;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The Part 10 reader on hand-made edge cases (bytes written out in the test) and on the corpus. */
class DicomReaderTest {

    /** Writes elements byte by byte, in a chosen encoding, so each test states its input exactly. */
    static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final boolean explicit, big;

        Bytes(boolean explicit, boolean big) {
            this.explicit = explicit;
            this.big = big;
        }

        Bytes u16(int v) {
            if (big) { out.write(v >>> 8); out.write(v); } else { out.write(v); out.write(v >>> 8); }
            return this;
        }

        Bytes u32(long v) {
            if (big) { u16((int) (v >>> 16)); u16((int) v); } else { u16((int) v); u16((int) (v >>> 16)); }
            return this;
        }

        Bytes tag(int tag) {
            return u16(tag >>> 16).u16(tag & 0xFFFF);
        }

        Bytes raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Bytes ascii(String s) {
            return raw(s.getBytes(StandardCharsets.US_ASCII));
        }

        /** An element header; length -1 means undefined (0xFFFFFFFF). */
        Bytes header(int tag, String vr, long length) {
            tag(tag);
            if (explicit) {
                ascii(vr);
                VR v = VR.valueOf(vr);
                if (v.longHeader()) u16(0).u32(length < 0 ? 0xFFFFFFFFL : length);
                else u16((int) length);
            } else {
                u32(length < 0 ? 0xFFFFFFFFL : length);
            }
            return this;
        }

        Bytes string(int tag, String vr, String value) {
            if (value.length() % 2 == 1) value += vr.equals("UI") ? "\0" : " ";
            return header(tag, vr, value.length()).ascii(value);
        }

        Bytes us(int tag, int v) {
            return header(tag, "US", 2).u16(v);
        }

        Bytes item(long length) {
            return tag(Tag.Item).u32(length < 0 ? 0xFFFFFFFFL : length);
        }

        Bytes itemEnd() {
            return tag(Tag.ItemDelimitationItem).u32(0);
        }

        Bytes seqEnd() {
            return tag(Tag.SequenceDelimitationItem).u32(0);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A Part 10 file: preamble, DICM, file meta (explicit LE) naming the transfer syntax, then the data set. */
    static byte[] part10(String tsUid, byte[] dataSet) {
        Bytes meta = new Bytes(true, false);
        meta.string(Tag.MediaStorageSOPClassUID, "UI", UID.SecondaryCaptureImageStorage)
                .string(Tag.MediaStorageSOPInstanceUID, "UI", "1.2.3.4")
                .string(Tag.TransferSyntaxUID, "UI", tsUid);
        byte[] m = meta.bytes();
        Bytes file = new Bytes(true, false);
        file.raw(new byte[128]).ascii("DICM").header(Tag.FileMetaInformationGroupLength, "UL", 4).u32(m.length).raw(m).raw(dataSet);
        return file.bytes();
    }

    @Test
    void explicitLittleEndianWithNestedSequencesOfBothLengthKinds() throws Exception {
        Bytes b = new Bytes(true, false);
        b.string(Tag.PatientName, "PN", "DOE^JANE");
        // undefined-length sequence with an undefined-length item holding a defined-length sequence
        b.header(Tag.ReferencedStudySequence, "SQ", -1).item(-1);
        b.string(Tag.ReferencedSOPInstanceUID, "UI", "1.2.3");
        byte[] code = new Bytes(true, false).string(Tag.CodeValue, "SH", "T-04000").bytes();
        byte[] innerBytes = new Bytes(true, false).item(code.length).raw(code).bytes();
        b.header(Tag.AnatomicRegionSequence, "SQ", innerBytes.length).raw(innerBytes);
        b.itemEnd().seqEnd();
        b.us(Tag.Rows, 2).us(Tag.Columns, 2);
        b.header(Tag.PixelData, "OW", 8).u16(1).u16(2).u16(3).u16(65535);

        DicomFile f = DicomReader.read(part10(UID.ExplicitVRLittleEndian, b.bytes()));
        Attributes ds = f.dataSet();
        assertEquals("DOE^JANE", ds.getString(Tag.PatientName));
        Attributes item = ds.getItem(Tag.ReferencedStudySequence);
        assertEquals("1.2.3", item.getString(Tag.ReferencedSOPInstanceUID));
        assertEquals("T-04000", item.getItem(Tag.AnatomicRegionSequence).getString(Tag.CodeValue));
        assertEquals(2, ds.getInt(Tag.Rows, 0));
        assertEquals(UID.ExplicitVRLittleEndian, f.transferSyntax().uid());
        assertEquals("1.2.3.4", f.fileMeta().getString(Tag.MediaStorageSOPInstanceUID));
        // pixel data is never read with the header, however small
        DicomValue.BulkData px = assertInstanceOf(DicomValue.BulkData.class, ds.get(Tag.PixelData).value());
        assertArrayEquals(new byte[]{1, 0, 2, 0, 3, 0, -1, -1}, f.read(px));
    }

    @Test
    void implicitLittleEndianWithoutPreambleTakesVrFromTheDictionary() throws Exception {
        Bytes b = new Bytes(false, false);
        b.string(Tag.SOPInstanceUID, "UI", "1.2.840.99");
        b.header(Tag.Rows, "US", 2).u16(512);
        b.header(Tag.WindowCenter, "DS", 4).ascii("40\\0");
        // a sequence of undefined length in implicit VR is recognised from the dictionary
        b.header(Tag.ReferencedImageSequence, "SQ", -1).item(-1).string(Tag.ReferencedSOPInstanceUID, "UI", "9.8").itemEnd().seqEnd();
        DicomFile f = DicomReader.read(b.bytes());
        assertEquals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, f.transferSyntax());
        assertEquals(VR.US, f.dataSet().get(Tag.Rows).vr());
        assertEquals(512, f.dataSet().getInt(Tag.Rows, 0));
        assertArrayEquals(new double[]{40, 0}, f.dataSet().getDoubles(Tag.WindowCenter));
        assertEquals("9.8", f.dataSet().getItem(Tag.ReferencedImageSequence).getString(Tag.ReferencedSOPInstanceUID));
    }

    @Test
    void explicitBigEndianValuesAreSwapped() throws Exception {
        Bytes b = new Bytes(true, true);
        b.us(Tag.Rows, 0x0102).header(Tag.ReferencedFrameNumber, "IS", 2).ascii("7 ");
        b.header(Tag.PixelSpacing, "DS", 8).ascii("0.5\\0.7 ");
        DicomFile f = DicomReader.read(part10(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid(), b.bytes()));
        assertTrue(f.transferSyntax().bigEndian());
        assertEquals(0x0102, f.dataSet().getInt(Tag.Rows, 0));
        assertArrayEquals(new double[]{0.5, 0.7}, f.dataSet().getDoubles(Tag.PixelSpacing));
    }

    @Test
    void unknownVrOfUndefinedLengthIsReadAsAnImplicitVrSequence() throws Exception {
        Bytes b = new Bytes(true, false);
        b.string(0x00090010, "LO", "ACME 1.0"); // private creator
        b.header(0x00091010, "UN", -1);
        // its items are implicit VR little endian whatever the transfer syntax (PS3.5 §6.2.2)
        Bytes inner = new Bytes(false, false);
        inner.item(-1).string(Tag.CodeMeaning, "LO", "liver").itemEnd().seqEnd();
        b.raw(inner.bytes());
        b.us(Tag.Rows, 4);
        DicomFile f = DicomReader.read(part10(UID.ExplicitVRLittleEndian, b.bytes()));
        assertEquals("ACME 1.0", f.dataSet().getString(0x00090010));
        Element un = f.dataSet().get(0x00091010);
        assertEquals(VR.SQ, un.vr());
        assertEquals("liver", f.dataSet().getItem(0x00091010).getString(Tag.CodeMeaning));
        assertEquals(4, f.dataSet().getInt(Tag.Rows, 0), "parsing resumed after the UN sequence");
    }

    @Test
    void encapsulatedPixelDataIsAListOfFragmentsLeftInTheFile() throws Exception {
        Bytes b = new Bytes(true, false);
        b.header(Tag.PixelData, "OB", -1).item(4).u32(0).item(6).raw(new byte[]{1, 2, 3, 4, 5, 6}).item(2).raw(new byte[]{7, 8}).seqEnd();
        byte[] file = part10("1.2.840.10008.1.2.4.70", b.bytes());
        DicomFile f = DicomReader.read(file);
        DicomValue.Fragments frags = assertInstanceOf(DicomValue.Fragments.class, f.dataSet().get(Tag.PixelData).value());
        assertEquals(4, frags.offsetTable().length());
        assertEquals(2, frags.fragments().size());
        assertArrayEquals(new byte[]{1, 2, 3, 4, 5, 6}, f.read(frags.fragments().get(0)));
        assertArrayEquals(new byte[]{7, 8}, f.read(frags.fragments().get(1)));
    }

    @Test
    void largeValuesAreNotReadUntilAskedFor() throws Exception {
        Bytes b = new Bytes(true, false);
        byte[] big = new byte[DicomReader.BULK_THRESHOLD + 2];
        big[5] = 42;
        b.header(Tag.PixelData, "OB", big.length).raw(big);
        DicomFile f = DicomReader.read(part10(UID.ExplicitVRLittleEndian, b.bytes()));
        DicomValue.BulkData bulk = assertInstanceOf(DicomValue.BulkData.class, f.dataSet().get(Tag.PixelData).value());
        assertEquals(big.length, bulk.length());
        assertEquals(42, f.read(bulk)[5]);
    }

    @Test
    void truncatedValueIsAnErrorNamingTheOffset() {
        Bytes b = new Bytes(true, false);
        b.string(Tag.PatientID, "LO", "12345678");
        b.header(Tag.PixelData, "OW", 1000).raw(new byte[10]);
        byte[] file = part10(UID.ExplicitVRLittleEndian, b.bytes());
        DicomParseException e = assertThrows(DicomParseException.class, () -> DicomReader.read(file));
        int pixelHeader = file.length - 10 - 12;
        assertEquals(pixelHeader, e.offset());
        assertTrue(e.reason().contains("value length 1000 of (7FE0,0010) exceeds the 10 bytes left"), e.reason());
    }

    @Test
    void hugeLengthDoesNotAllocate() {
        Bytes b = new Bytes(true, false);
        b.header(Tag.ImageComments, "UT", 0xFFFFFFF0L).ascii("x");
        DicomParseException e = assertThrows(DicomParseException.class,
                () -> DicomReader.read(part10(UID.ExplicitVRLittleEndian, b.bytes())));
        assertTrue(e.reason().contains("exceeds"), e.reason());
    }

    @Test
    void deepSequenceNestingIsRejected() {
        Bytes b = new Bytes(true, false);
        int depth = DicomReader.MAX_DEPTH + 5;
        for (int i = 0; i < depth; i++) b.header(Tag.ContentSequence, "SQ", -1).item(-1);
        for (int i = 0; i < depth; i++) b.itemEnd().seqEnd();
        DicomParseException e = assertThrows(DicomParseException.class,
                () -> DicomReader.read(part10(UID.ExplicitVRLittleEndian, b.bytes())));
        assertTrue(e.reason().contains("nested deeper"), e.reason());
    }

    @Test
    void notDicomIsAnError() {
        DicomParseException e = assertThrows(DicomParseException.class,
                () -> DicomReader.read("hello, this is a text file and not a DICOM object at all".getBytes()));
        assertTrue(e.reason().startsWith("not a DICOM file"), e.reason());
    }

    @Test
    void emptyValueReadsAsAbsent() throws Exception {
        Bytes b = new Bytes(true, false).header(Tag.PatientBirthDate, "DA", 0);
        DicomFile f = DicomReader.read(part10(UID.ExplicitVRLittleEndian, b.bytes()));
        assertTrue(f.dataSet().contains(Tag.PatientBirthDate));
        assertNull(f.dataSet().getString(Tag.PatientBirthDate));
    }

    /** Every corpus file the manifest says is readable parses; geometry agrees with the manifest. */
    @Test
    void everyReadableCorpusFileParsesWithTheManifestsAttributes() {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (JsonNode e : Corpus.all("files")) {
            String name = e.get("file").asText();
            JsonNode ds = e.get("dataset");
            try (DicomFile f = DicomReader.read(Corpus.file(name))) {
                n++;
                Attributes a = f.dataSet();
                if (!f.transferSyntax().uid().equals(ds.get("transfer_syntax_uid").asText())) failures.add(name + ": transfer syntax");
                if (a.getInt(Tag.Rows, -1) != ds.get("rows").asInt()) failures.add(name + ": rows");
                if (a.getInt(Tag.Columns, -1) != ds.get("columns").asInt()) failures.add(name + ": columns");
                JsonNode ipp = ds.get("image_position_patient");
                if (ipp != null && ipp.isArray()) {
                    double[] got = a.getDoubles(Tag.ImagePositionPatient);
                    for (int i = 0; i < ipp.size(); i++) {
                        if (got.length <= i || Math.abs(got[i] - ipp.get(i).asDouble()) > 1e-6) {
                            failures.add(name + ": ImagePositionPatient");
                            break;
                        }
                    }
                }
            } catch (Exception ex) {
                failures.add(name + ": " + ex.getMessage());
            }
        }
        System.out.println("parsed " + n + " corpus files");
        if (!failures.isEmpty()) fail(failures.size() + " problems:\n" + String.join("\n", failures));
    }
}
