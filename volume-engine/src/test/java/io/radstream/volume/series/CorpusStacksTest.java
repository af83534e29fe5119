package io.radstream.volume.series;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.testdata.Corpus;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The partition on real data: the corpus's {@code volumes[]} and its enhanced multi-frame objects. */
class CorpusStacksTest {

    @Test
    void corpusVolumesAreOneStackInTheManifestsOrder() throws Exception {
        int checked = 0;
        for (JsonNode v : Corpus.all("volumes")) {
            List<String> names = new ArrayList<>();
            v.get("files_in_slice_order").forEach(n -> names.add(n.asText()));
            List<Path> files = new ArrayList<>(names.stream().map(Corpus::file).toList());
            Collections.shuffle(files, new Random(5));
            SeriesPartition p = SeriesPartition.of(FileSlices.read(files));
            assertEquals(1, p.stacks().size(), v.get("series_instance_uid").asText());
            assertTrue(p.excluded().isEmpty() && p.frameStacks().isEmpty());
            Stack s = p.stacks().getFirst();
            assertEquals(v.get("slices").asInt(), s.slices().size());
            assertEquals(v.get("rows").asInt(), s.first().pixels().rows());
            assertEquals(v.get("columns").asInt(), s.first().pixels().columns());
            // the stack's order is the manifest's, or its reverse when the manifest runs against the normal
            List<String> sops = new ArrayList<>();
            for (String n : names) sops.add(sopOf(Corpus.file(n)));
            List<String> stackSops = s.slices().stream().map(x -> x.ref().sopInstanceUid()).toList();
            List<String> reversed = new ArrayList<>(sops);
            Collections.reverse(reversed);
            assertTrue(stackSops.equals(sops) || stackSops.equals(reversed), "slice order of " + v.get("series_instance_uid"));
            StackReport r = s.report();
            assertEquals(v.get("slice_spacing_min").asDouble(), r.minSpacingMm(), 1e-3);
            assertEquals(v.get("slice_spacing_max").asDouble(), r.maxSpacingMm(), 1e-3);
            assertTrue(r.gaps().isEmpty() && r.duplicates().isEmpty() && !r.sheared(), r.summary());
            checked++;
        }
        assertTrue(checked >= 3);
    }

    private static String sopOf(Path file) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            return f.dataSet().getString(Tag.SOPInstanceUID);
        }
    }

    /** fo-dicom's Bruker enhanced MR: four frames at z −6.2, −5.2, −4.2, −3.2 become a 4-slice volume. */
    @Test
    void corpusEnhancedMrBecomesAVolumeOfItsFrames() throws Exception {
        Path file = Corpus.file("fo-dicom__mr_brucker.dcm");
        SeriesPartition p = SeriesPartition.of(FileSlices.read(List.of(file)));
        Stack s = p.stacks().getFirst();
        assertEquals(4, s.slices().size());
        assertEquals(1.0, s.report().nominalSpacingMm(), 1e-9);
        assertTrue(s.report().clean(), s.report().summary());
        try (VolumeLoader loader = new VolumeLoader(2); DicomFile f = DicomReader.read(file)) {
            Volume v = StackLoader.load(s, loader);
            try {
                assertEquals(0.1, v.geometry().columnSpacing(), 0);
                assertEquals(0.2, v.geometry().rowSpacing(), 0);
                FrameReader frames = new FrameReader(f);
                for (int k = 0; k < 4; k++) {
                    // normal (1,0,0) x (0,1,0) = +z, and z rises with the frame number: slice k is frame k + 1
                    ByteBuffer b = ByteBuffer.wrap(frames.frame(k)).order(ByteOrder.LITTLE_ENDIAN);
                    for (int j = 0; j < v.rows(); j += 5) {
                        for (int i = 0; i < v.columns(); i += 7) {
                            assertEquals(b.getShort(2 * (j * v.columns() + i)), v.stored(i, j, k));
                        }
                    }
                }
            } finally {
                v.release();
            }
        }
    }

    @Test
    void corpusCineMrAndMultiFrameWithoutPlanesAreFrameStacks() throws Exception {
        SeriesPartition knee = SeriesPartition.of(FileSlices.read(List.of(Corpus.file("fo-dicom__MOVEKNEE.dcm"))));
        assertTrue(knee.stacks().isEmpty());
        assertEquals(FrameStack.Reason.ONE_POSITION, knee.frameStacks().getFirst().reason());
        assertEquals(19, knee.frameStacks().getFirst().frames().size());
        SeriesPartition emri = SeriesPartition.of(FileSlices.read(List.of(Corpus.file("pydicom-data__emri_small.dcm"))));
        assertEquals(FrameStack.Reason.NO_PLANE, emri.frameStacks().getFirst().reason());
        assertEquals(10, emri.frameStacks().getFirst().frames().size());
    }
}
