package io.radstream.render.display;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDescription;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The display pipeline (modality LUT or rescale, VOI window with its function or VOI LUT,
 * MONOCHROME1) against pydicom's {@code apply_modality_lut} + {@code apply_voi_lut} on the corpus
 * files that carry those attributes, frame 1, every pixel: at most 1 gray level apart.
 */
class DisplayLutCorpusTest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void matchesPydicomOnCorpusFilesWithWindowsAndLuts(@TempDir Path tmp) throws Exception {
        Path corpus = Path.of(System.getProperty("radstream.testdata", "../../shared/testdata"), "corpus").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(corpus.resolve("manifest.json")), "shared DICOM corpus not found at " + corpus);
        Assumptions.assumeTrue(new ProcessBuilder(PYTHON, "-c", "import pydicom, numpy").start().waitFor() == 0,
                "python3-pydicom/numpy not installed");
        Path script = Path.of(getClass().getResource("/reference/display_reference.py").toURI());
        JsonNode manifest = new ObjectMapper().readTree(corpus.resolve("manifest.json").toFile());
        List<String> failures = new ArrayList<>();
        int checked = 0, windows = 0;
        StringBuilder table = new StringBuilder();
        for (JsonNode e : manifest.get("files")) {
            JsonNode ds = e.get("dataset");
            String tags = e.get("tags").toString();
            boolean lutSeq = tags.contains("lut-sequence");
            boolean window = tags.contains("feature:window");
            if (!ds.path("photometric_interpretation").asText().startsWith("MONOCHROME") || !(lutSeq || window)) continue;
            if (!lutSeq && windows++ % 8 != 0) continue; // every LUT file, an eighth of the windowed ones: seconds, not minutes
            Path file = corpus.resolve(e.get("file").asText());
            int[] stored;
            DisplayLut lut;
            try (DicomFile f = DicomReader.read(file)) {
                FrameReader reader = new FrameReader(f);
                PixelDescription d = reader.description();
                if (d.bitsAllocated() > 16 || d.bitsAllocated() < 8) {
                    table.append(String.format("%-60s skipped: %d-bit%n", file.getFileName(), d.bitsAllocated()));
                    continue;
                }
                stored = storedValues(reader.frame(0), d);
                lut = DisplayLut.of(f.dataSet());
            } catch (Exception ex) {
                failures.add(file.getFileName() + ": " + ex.getMessage());
                continue;
            }
            if (lut.voi() == null) {
                table.append(String.format("%-60s skipped: no VOI in the object%n", file.getFileName()));
                continue;
            }
            Path in = tmp.resolve("stored.raw"), out = tmp.resolve("display.raw");
            ByteBuffer b = ByteBuffer.allocate(stored.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : stored) b.putInt(v);
            Files.write(in, b.array());
            Process p = new ProcessBuilder(PYTHON, script.toString(), file.toString(), in.toString(), out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                table.append(String.format("%-60s reference failed: %s%n", file.getFileName(), log.lines().reduce((x, y) -> y).orElse("")));
                continue;
            }
            byte[] ref = Files.readAllBytes(out);
            int max = 0, off = 0;
            for (int i = 0; i < stored.length; i++) {
                int diff = Math.abs(lut.apply(stored[i]) - (ref[i] & 0xFF));
                max = Math.max(max, diff);
                if (diff > 0) off++;
            }
            checked++;
            table.append(String.format("%-60s %-14s max %d, %d px differ%n", file.getFileName(),
                    lut.voi().getClass().getSimpleName() + (lut.modality() instanceof ModalityTransform.Table ? "+MLUT" : ""), max, off));
            if (max > 1) failures.add(file.getFileName() + ": max difference " + max);
        }
        System.out.print(table);
        if (checked < 10) failures.add("only " + checked + " files checked");
        if (!failures.isEmpty()) fail(String.join("\n", failures));
    }

    /** The canonical little-endian container back to ints (signed per Pixel Representation). */
    private static int[] storedValues(byte[] frame, PixelDescription d) {
        int n = d.rows() * d.columns();
        int[] out = new int[n];
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            out[i] = d.containerBytes() == 1 ? (d.signed() ? b.get(i) : b.get(i) & 0xFF)
                    : (d.signed() ? b.getShort(2 * i) : b.getShort(2 * i) & 0xFFFF);
        }
        return out;
    }
}
