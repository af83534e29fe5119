package io.radstream.volume.series;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.UID;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.frames.FrameAttributesReader;
import io.radstream.volume.phantom.DbtPhantom;
import io.radstream.volume.store.ImportReport;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.testdata.SyntheticImages;
import io.radstream.volume.testdata.SyntheticImages.Plane;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fast open: the index keeps what opening needs (per-frame geometry, pixel offsets, fragment lists),
 * so a series becomes volumes without parsing one header. Header parses are counted by
 * {@link DicomReader#parseCount()}.
 */
class IndexedStacksTest {
    private static final String STUDY = "2.25.777";
    private static final String CT = STUDY + ".1", ENHANCED = STUDY + ".2", CINE = STUDY + ".3";

    @TempDir
    Path dir;
    Path data;
    String dbtSeries;
    List<Path> ctFiles, enhancedFiles, dbtFiles;

    @BeforeEach
    void importStudy() throws Exception {
        List<Plane> planes = new ArrayList<>();
        for (int phase = 1; phase <= 2; phase++) {
            for (int k = 0; k < 6; k++) planes.add(Plane.axial(5 * k).instance(10 * phase + k).temporal(phase));
        }
        planes.add(Plane.axial(10).instance(99).temporal(1)); // a duplicate
        planes.add(Plane.axial(0).orient(new double[]{1, 0, 0, 0, 0, -1}).instance(1).type("ORIGINAL", "PRIMARY", "LOCALIZER"));
        ctFiles = SyntheticImages.writeSeries(dir.resolve("in/ct"), STUDY, CT, planes);
        List<Plane> frames = new ArrayList<>();
        for (int k = 0; k < 5; k++) frames.add(Plane.axial(20 - 4 * k).rescale(1, -1024 + k));
        enhancedFiles = List.of(SyntheticImages.writeEnhancedCt(dir.resolve("in/enhanced.dcm"), STUDY, ENHANCED, frames));
        SyntheticImages.writeCine(dir.resolve("in/us.dcm"), STUDY, CINE, UID.UltrasoundMultiFrameImageStorage, "US", 6, 16, 20);
        DbtPhantom.PhantomObject dbt = DbtPhantom.write(DbtPhantom.Spec.defaults().withMatrix(80, 62, 6), dir.resolve("in/dbt"), 2);
        dbtSeries = dbt.seriesInstanceUid();
        dbtFiles = List.of(dbt.file());
        data = dir.resolve("data");
        try (StudyIndex index = StudyIndex.open(data)) {
            ImportReport report = new Importer(index).importPaths(List.of(dir.resolve("in")));
            assertEquals(List.of(), report.errors());
            assertEquals(ctFiles.size() + 3, report.imported());
        }
    }

    @Test
    void seriesOpenFromTheIndexWithoutParsingAHeader() throws Exception {
        try (StudyIndex index = StudyIndex.open(data); VolumeLoader loader = new VolumeLoader(2)) {
            for (var series : List.of(Map.entry(CT, ctFiles), Map.entry(ENHANCED, enhancedFiles), Map.entry(dbtSeries, dbtFiles))) {
                long before = DicomReader.parseCount();
                SeriesPartition fromIndex = IndexedStacks.open(index, series.getKey());
                List<Volume> volumes = new ArrayList<>();
                for (Stack s : fromIndex.stacks()) volumes.add(StackLoader.load(s, loader));
                assertEquals(before, DicomReader.parseCount(), "headers parsed while opening " + series.getKey());

                SeriesPartition fromFiles = SeriesPartition.of(FileSlices.read(series.getValue()));
                try {
                    assertSamePartition(fromFiles, fromIndex);
                    for (int i = 0; i < volumes.size(); i++) {
                        Volume expected = StackLoader.load(fromFiles.stacks().get(i), loader);
                        try {
                            assertSameVoxels(expected, volumes.get(i));
                        } finally {
                            expected.release();
                        }
                    }
                } finally {
                    volumes.forEach(Volume::release);
                }
            }
            // the CT series: two phases, the duplicate and the localizer reported
            SeriesPartition ct = IndexedStacks.open(index, CT);
            assertEquals(2, ct.stacks().size());
            assertEquals(1, ct.excluded().size());
            assertEquals(1, ct.stacks().getFirst().report().duplicates().size());
            // the cine: a frame stack whose frames read without a parse too
            long before = DicomReader.parseCount();
            FrameStack cine = IndexedStacks.open(index, CINE).frameStacks().getFirst();
            for (SeriesSlice f : cine.frames()) {
                byte[] pixels = f.reader().read();
                assertEquals(SyntheticImages.cineValue(f.ref().frameNumber() - 1, 3, 5), pixels[3 * 20 + 5] & 0xFF);
            }
            assertEquals(before, DicomReader.parseCount());
        }
    }

    @Test
    void indexKeepsEveryFramesAttributes() throws Exception {
        List<FrameAttributes> expected;
        try (DicomFile f = DicomReader.read(dbtFiles.getFirst())) {
            expected = FrameAttributesReader.read(f.dataSet());
        }
        try (StudyIndex index = StudyIndex.open(data)) {
            Map<String, List<FrameAttributes>> frames = index.framesOf(dbtSeries);
            assertEquals(1, frames.size());
            assertEquals(expected, frames.values().iterator().next());
            assertEquals(6, expected.size());
        }
    }

    /** A version 1 index (no frame table) is migrated on open: each image file parsed once, then never again. */
    @Test
    void versionOneIndexIsMigratedAndBackFilledOnce() throws Exception {
        Map<String, List<FrameAttributes>> before;
        try (StudyIndex index = StudyIndex.open(data)) {
            before = index.framesOf(ENHANCED);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("index.db"));
             Statement st = c.createStatement()) {
            st.execute("DROP TABLE frame");
            st.execute("PRAGMA user_version = 1");
        }
        int images = ctFiles.size() + 3;
        long parses = DicomReader.parseCount();
        try (StudyIndex index = StudyIndex.open(data)) {
            assertEquals(parses + images, DicomReader.parseCount(), "back-fill parses each image once");
            assertEquals(before, index.framesOf(ENHANCED));
        }
        parses = DicomReader.parseCount();
        try (StudyIndex index = StudyIndex.open(data); VolumeLoader loader = new VolumeLoader(2)) {
            Volume v = StackLoader.load(IndexedStacks.open(index, ENHANCED).stacks().getFirst(), loader);
            v.release();
        }
        assertEquals(parses, DicomReader.parseCount(), "reopened and opened a series without a parse");
    }

    private static void assertSamePartition(SeriesPartition expected, SeriesPartition actual) {
        assertEquals(expected.stacks().size(), actual.stacks().size());
        for (int i = 0; i < expected.stacks().size(); i++) {
            Stack e = expected.stacks().get(i), a = actual.stacks().get(i);
            assertEquals(e.slices().stream().map(SeriesSlice::ref).toList(), a.slices().stream().map(SeriesSlice::ref).toList());
            assertEquals(e.report(), a.report());
            for (int k = 0; k < e.slices().size(); k++) assertArrayEquals(e.geometry().origin(k), a.geometry().origin(k), 0);
        }
        assertEquals(expected.excluded().stream().map(x -> x.slice().ref()).toList(),
                actual.excluded().stream().map(x -> x.slice().ref()).toList());
        assertEquals(expected.frameStacks().size(), actual.frameStacks().size());
    }

    private static void assertSameVoxels(Volume e, Volume a) {
        assertEquals(e.slices(), a.slices());
        assertTrue(e.voxels().mismatch(a.voxels()) < 0, "voxels differ");
        for (int k = 0; k < e.slices(); k++) {
            assertEquals(e.rescaleSlope(k), a.rescaleSlope(k));
            assertEquals(e.rescaleIntercept(k), a.rescaleIntercept(k));
        }
    }
}
