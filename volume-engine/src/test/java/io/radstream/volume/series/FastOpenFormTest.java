package io.radstream.volume.series;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.UID;
import io.radstream.volume.phantom.DbtPhantom;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.store.FastForm;
import io.radstream.volume.store.ImportReport;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.InstanceRecord;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.testdata.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fast-open forms: a JPEG 2000 DBT object gets its frames decoded once at import into a sidecar
 * file; opening from the index reads them from there, bit-identical to decoding the original, with
 * no header parse; the original file is untouched, and a missing form falls back to the original.
 */
class FastOpenFormTest {
    /** 300 x 240 x 16 bits = 144,000 bytes per frame: above FastOpenRule's threshold. */
    static final DbtPhantom.Spec SPEC = DbtPhantom.Spec.defaults().withMatrix(300, 240, 3);

    @TempDir
    Path dir;
    Path data, j2k;
    DbtPhantom.PhantomObject dbt;

    @BeforeEach
    void writeJ2k() throws Exception {
        Assumptions.assumeTrue(Tools.onPath("gdcmconv"), "gdcmconv not installed: apt-get install libgdcm-tools");
        dbt = DbtPhantom.write(SPEC, dir.resolve("native"), 2);
        Files.createDirectories(dir.resolve("in"));
        j2k = dir.resolve("in/dbt-j2k.dcm");
        Tools.Result r = Tools.run("gdcmconv", "-K", dbt.file().toString(), j2k.toString());
        assertEquals(0, r.exit(), r.output());
        data = dir.resolve("data");
    }

    @Test
    void importWritesAFastFormThatOpensWithoutParseOrDecode() throws Exception {
        try (StudyIndex index = StudyIndex.open(data)) {
            ImportReport report = new Importer(index).importPaths(List.of(dir.resolve("in")));
            assertEquals(1, report.imported(), report.toString());

            InstanceRecord r = index.instancesOf(dbt.seriesInstanceUid()).getFirst();
            assertEquals(UID.JPEG2000Lossless, r.transferSyntaxUid());
            Map<String, FastForm> forms = index.fastFormsOf(dbt.seriesInstanceUid());
            FastForm form = forms.get(dbt.sopInstanceUid());
            long expected = (long) SPEC.rows() * SPEC.columns() * 2 * SPEC.frames();
            assertEquals(FastForm.RAW, form.format());
            assertEquals(expected, form.length());
            assertEquals(expected, Files.size(form.file()));
            assertArrayEquals(Files.readAllBytes(j2k), Files.readAllBytes(r.file()), "the original is stored unchanged");

            long parses = DicomReader.parseCount();
            SeriesPartition opened = IndexedStacks.open(index, dbt.seriesInstanceUid());
            List<byte[]> viaIndex = read(slices(index));
            assertEquals(parses, DicomReader.parseCount(), "open and frame reads parsed no header");
            assertTrue(opened.stacks().size() + opened.frameStacks().size() > 0);

            List<byte[]> decoded = decodeOriginal(r.file());
            assertEquals(SPEC.frames(), viaIndex.size());
            for (int k = 0; k < decoded.size(); k++) {
                assertArrayEquals(decoded.get(k), viaIndex.get(k), "frame " + (k + 1) + " via the fast form");
            }

            // the frames really come from the form: a form of zeros (same size) reads as zeros
            byte[] original = Files.readAllBytes(form.file());
            Files.write(form.file(), new byte[original.length]);
            assertArrayEquals(new byte[decoded.getFirst().length], read(slices(index)).getFirst());

            // and a missing or damaged form falls back to decoding the original
            Files.write(form.file(), new byte[10]);
            List<byte[]> fallback = read(slices(index));
            for (int k = 0; k < decoded.size(); k++) assertArrayEquals(decoded.get(k), fallback.get(k));
            Files.delete(form.file());
            assertArrayEquals(decoded.getLast(), read(slices(index)).getLast());
            Files.write(form.file(), original);
        }
    }

    @Test
    void reimportIsIdempotent() throws Exception {
        try (StudyIndex index = StudyIndex.open(data)) {
            Importer importer = new Importer(index);
            assertEquals(1, importer.importPaths(List.of(dir.resolve("in"))).imported());
            FastForm first = index.fastFormsOf(dbt.seriesInstanceUid()).get(dbt.sopInstanceUid());
            byte[] bytes = Files.readAllBytes(first.file());
            long modified = Files.getLastModifiedTime(first.file()).toMillis();

            ImportReport again = new Importer(index).importPaths(List.of(dir.resolve("in")));
            assertEquals(0, again.imported());
            assertEquals(1, again.skipped());
            assertEquals(1, index.countInstances());
            assertEquals(Map.of(dbt.sopInstanceUid(), first), index.fastFormsOf(dbt.seriesInstanceUid()));
            assertArrayEquals(bytes, Files.readAllBytes(first.file()));
            assertEquals(modified, Files.getLastModifiedTime(first.file()).toMillis(), "not rewritten");
        }
    }

    @Test
    void smallJ2kObjectsAndNativeObjectsGetNoFastForm() throws Exception {
        DbtPhantom.PhantomObject small = DbtPhantom.write(DbtPhantom.Spec.defaults().withMatrix(96, 74, 2).withSeed(7),
                dir.resolve("small-native"), 2);
        Path smallJ2k = dir.resolve("in2/small.dcm");
        Files.createDirectories(smallJ2k.getParent());
        assertEquals(0, Tools.run("gdcmconv", "-K", small.file().toString(), smallJ2k.toString()).exit());
        try (StudyIndex index = StudyIndex.open(data)) {
            ImportReport report = new Importer(index).importPaths(List.of(dir.resolve("in2"), dbt.file()));
            assertEquals(2, report.imported(), report.toString());
            assertTrue(index.fastFormsOf(small.seriesInstanceUid()).isEmpty(), "small frames decode fast enough");
            assertTrue(index.fastFormsOf(dbt.seriesInstanceUid()).isEmpty(), "native needs no fast form");
            assertFalse(Files.exists(index.store().fastFormPathOf(
                    index.instancesOf(dbt.seriesInstanceUid()).getFirst().storageKey())));
        }
    }

    /** A version 2 index gains the fast-form columns on open; its instances open from their originals. */
    @Test
    void versionTwoIndexIsMigrated() throws Exception {
        try (StudyIndex index = StudyIndex.open(data)) {
            assertEquals(1, new Importer(index).importPaths(List.of(dbt.file())).imported());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("index.db"));
             Statement st = c.createStatement()) {
            st.execute("ALTER TABLE instance DROP COLUMN fast_form");
            st.execute("ALTER TABLE instance DROP COLUMN fast_form_length");
            st.execute("PRAGMA user_version = 2");
        }
        try (StudyIndex index = StudyIndex.open(data)) {
            assertTrue(index.fastFormsOf(dbt.seriesInstanceUid()).isEmpty());
            assertEquals(SPEC.frames(), read(slices(index)).size());
            // the J2K copy has the same SOP Instance UID: first copy wins, no form (no back-fill yet)
            assertEquals(1, new Importer(index).importPaths(List.of(dir.resolve("in"))).skipped(), "same SOP UID: skipped");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("index.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            assertEquals(5, rs.getInt(1), "migrated to the current schema version (5: open plans)");
        }
    }

    private List<SeriesSlice> slices(StudyIndex index) throws Exception {
        String series = dbt.seriesInstanceUid();
        return IndexedStacks.slices(index.instancesOf(series), index.framesOf(series), index.fastFormsOf(series));
    }

    private static List<byte[]> read(List<SeriesSlice> slices) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (SeriesSlice s : slices) out.add(s.reader().read());
        return out;
    }

    private static List<byte[]> decodeOriginal(Path file) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            FrameReader reader = new FrameReader(f);
            List<byte[]> out = new ArrayList<>();
            for (int k = 0; k < reader.description().frames(); k++) out.add(reader.frame(k));
            return out;
        }
    }
}
