package io.radstream.volume.series;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import io.radstream.volume.testdata.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening from the index gives each frame the display attributes a header parse would: VOI LUTs,
 * SIGMOID and the window explanations (recorded at import, schema version 4), and an enhanced
 * object's per-frame windows (its frame rows) — without parsing a header at open.
 */
class IndexedDisplayAttributesTest {

    @Test
    void indexedFramesCarryTheHeadersDisplayAttributes(@TempDir Path dir) throws Exception {
        Path lutAndSigmoid = Corpus.file("fo-dicom__GH133.dcm");        // 3 VOI LUTs, 3 SIGMOID windows named
        Path perFrame = Corpus.file("fo-dicom__MOVEKNEE.dcm");          // Frame VOI LUT Sequence per frame
        Path modalityLut = Corpus.file("pydicom-data__mlut_18.dcm");    // Modality LUT Sequence, signed
        Path in = Files.createDirectories(dir.resolve("in"));
        for (Path p : List.of(lutAndSigmoid, perFrame, modalityLut)) Files.copy(p, in.resolve(p.getFileName()));
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            assertEquals(3, new Importer(index).importPaths(List.of(in)).imported());
            for (Path p : List.of(lutAndSigmoid, perFrame, modalityLut)) {
                List<DisplayAttributes> expected;
                String series;
                try (DicomFile f = DicomReader.read(p)) {
                    series = f.dataSet().getString(io.radstream.volume.dicom.Tag.SeriesInstanceUID);
                    expected = DisplayAttributes.perFrame(f.dataSet(),
                            io.radstream.volume.frames.FrameAttributesReader.numberOfFrames(f.dataSet()));
                }
                long parses = DicomReader.parseCount();
                List<SeriesSlice> slices = IndexedStacks.slices(index.instancesOf(series), index.framesOf(series),
                        index.fastFormsOf(series), index.displayAttributesOf(series));
                assertEquals(parses, DicomReader.parseCount(), "no header parsed at open");
                assertEquals(expected.size(), slices.size());
                for (SeriesSlice s : slices) {
                    DisplayAttributes want = expected.get(s.ref().frameNumber() - 1), got = s.display();
                    assertEquals(want.modalityLut(), got.modalityLut(), p.getFileName() + " modality LUT");
                    assertEquals(want.voiLuts(), got.voiLuts(), p.getFileName() + " VOI LUTs");
                    assertEquals(want.voiLutFunction(), got.voiLutFunction(), p.getFileName() + " function");
                    assertEquals(want.presentationLutShape(), got.presentationLutShape());
                    assertEquals(want.windows().stream().map(w -> List.of(w.center(), w.width())).toList(),
                            got.windows().stream().map(w -> List.of(w.center(), w.width())).toList(),
                            p.getFileName() + " frame " + s.ref().frameNumber() + " windows");
                    if (s.ref().frameNumber() == 1) assertEquals(want, got, p.getFileName() + " frame 1, explanations included");
                }
            }
            DisplayAttributes gh133 = IndexedStacks.slices(index.instancesOf(seriesOf(lutAndSigmoid)),
                    index.framesOf(seriesOf(lutAndSigmoid)), java.util.Map.of(), index.displayAttributesOf(seriesOf(lutAndSigmoid)))
                    .getFirst().display();
            assertEquals(3, gh133.voiLuts().size());
            assertEquals("SIGMOID", gh133.voiLutFunction());
            assertEquals("NORMAL", gh133.windows().getFirst().explanation());
            assertTrue(index.displayAttributesOf(seriesOf(perFrame)).size() == 1);
        }
    }

    private static String seriesOf(Path p) throws Exception {
        try (DicomFile f = DicomReader.read(p)) {
            return f.dataSet().getString(io.radstream.volume.dicom.Tag.SeriesInstanceUID);
        }
    }
}
