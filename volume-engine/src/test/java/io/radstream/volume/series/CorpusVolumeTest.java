package io.radstream.volume.series;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
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

/** The corpus's {@code volumes[]}: shuffled files become volumes in the manifest's slice order. */
class CorpusVolumeTest {

    @Test
    void corpusSeriesBecomeVolumesInSliceOrder() throws Exception {
        int checked = 0;
        try (VolumeLoader loader = new VolumeLoader(2)) {
            for (JsonNode v : Corpus.all("volumes")) {
                List<String> names = new ArrayList<>();
                v.get("files_in_slice_order").forEach(n -> names.add(n.asText()));
                List<Path> shuffled = new ArrayList<>(names.stream().map(Corpus::file).toList());
                Collections.shuffle(shuffled, new Random(42));
                Volume vol = SeriesFiles.load(shuffled, loader);
                try {
                    assertEquals(v.get("slices").asInt(), vol.slices());
                    assertEquals(v.get("rows").asInt(), vol.rows());
                    assertEquals(v.get("columns").asInt(), vol.columns());
                    double min = v.get("slice_spacing_min").asDouble(), max = v.get("slice_spacing_max").asDouble();
                    assertTrue(vol.geometry().sliceSpacing() >= min - 1e-3 && vol.geometry().sliceSpacing() <= max + 1e-3,
                            "spacing " + vol.geometry().sliceSpacing() + " within [" + min + ", " + max + "]");
                    // slice k of the volume holds the pixels of the k-th file in the manifest's order
                    // (or the reverse, when the manifest lists them against the normal)
                    boolean forward = sameSlice(vol, 0, Corpus.file(names.getFirst()));
                    for (int k = 0; k < names.size(); k++) {
                        Path expected = Corpus.file(names.get(forward ? k : names.size() - 1 - k));
                        assertTrue(sameSlice(vol, k, expected), v.get("series_instance_uid") + " slice " + k);
                    }
                    checked++;
                } finally {
                    vol.release();
                }
            }
        }
        assertTrue(checked > 0);
    }

    private static boolean sameSlice(Volume vol, int k, Path file) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            byte[] frame = new FrameReader(f).frame(0);
            ByteBuffer bb = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
            for (int j = 0; j < vol.rows(); j += 7) {
                for (int i = 0; i < vol.columns(); i += 5) {
                    int v = bb.getShort(2 * (j * vol.columns() + i));
                    if (!vol.signed()) v &= 0xFFFF;
                    if (vol.stored(i, j, k) != v) return false;
                }
            }
            return true;
        }
    }
}
