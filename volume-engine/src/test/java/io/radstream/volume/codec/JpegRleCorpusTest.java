package io.radstream.volume.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.pixel.PixelsReport;
import io.radstream.volume.testdata.Corpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * RLE, Deflated Image Frame and JPEG files of the shared corpus against the manifest's references:
 * {@code radstream pixels} must hash every frame to {@code reference.frames_sha256}, to
 * {@code reference.alt_rgb} or, for lossy syntaxes, to one of the listed decoders' hashes. Files
 * we cannot match are listed with a reason in {@code codec-waivers.tsv}, which may only name
 * files whose decoders disagree or that only one decoder reads; a waiver that is no longer needed
 * fails the test too. Malformed files of these syntaxes must give an error.
 */
class JpegRleCorpusTest {
    static final Set<String> SYNTAXES = Set.of(
            "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.8.1",
            "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.53",
            "1.2.840.10008.1.2.4.55", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70");
    private static final Set<String> WAIVABLE = Set.of("disagreement", "single-decoder");

    @Test
    void everyFileMatchesAReferenceDecoderOrHasAJustifiedWaiver() throws IOException {
        List<JsonNode> entries = entries("files");
        assertTrue(entries.size() >= 60, "expected the corpus's RLE/deflate/JPEG files, found " + entries.size());
        Map<String, String> waivers = waivers();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder(String.format("%-62s %-24s %-7s %s%n", "file", "transfer syntax", "frames", "result"));
        for (JsonNode e : entries) {
            String name = e.get("file").asText();
            Map<String, Object> report = PixelsReport.of(Corpus.file(name));
            String result = Corpus.verdict(e, report);
            String waiver = waivers.get(name);
            String status = e.path("crosscheck").path("status").asText();
            if (waiver != null) {
                if (result.startsWith("ok")) failures.add(name + ": waived but matches now (" + result + "); remove the waiver");
                else if (!WAIVABLE.contains(status)) failures.add(name + ": waiver not allowed for crosscheck status " + status);
                else result = "waived (" + status + "): " + waiver;
            } else if (!result.startsWith("ok")) {
                failures.add(name + ": " + result);
            }
            counts.merge(result.startsWith("ok") ? "matched" : result.startsWith("waived") ? "waived" : "failed", 1, Integer::sum);
            table.append(String.format("%-62s %-24s %-7s %s%n", name, e.path("dataset").path("transfer_syntax_uid").asText(),
                    e.path("dataset").path("number_of_frames").asText(), result));
        }
        for (String w : waivers.keySet()) {
            if (entries.stream().noneMatch(e -> e.get("file").asText().equals(w))) failures.add(w + ": waiver for a file not in the corpus");
        }
        System.out.println(table);
        System.out.println("RLE/deflate/JPEG corpus: " + counts);
        if (!failures.isEmpty()) fail(failures.size() + " of " + entries.size() + " files:\n" + String.join("\n", failures));
    }

    @Test
    void malformedFilesOfTheseSyntaxesGiveAClearError() {
        List<JsonNode> entries = entries("malformed");
        assertTrue(!entries.isEmpty(), "expected malformed RLE/JPEG files in the corpus");
        List<String> failures = new ArrayList<>();
        for (JsonNode e : entries) {
            String name = e.get("file").asText();
            Map<String, Object> report = PixelsReport.of(Corpus.file(name));
            System.out.println(name + " -> " + report.getOrDefault("error", "PIXELS"));
            if (!report.containsKey("error")) {
                failures.add(name + " produced pixels");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> err = (Map<String, Object>) report.get("error");
            String reason = String.valueOf(err.get("reason"));
            if (reason.isBlank() || reason.startsWith("internal error")) failures.add(name + ": unclear error " + reason);
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
    }

    /**
     * A waived file whose reference decoder converted YBR to RGB: our samples, converted with the
     * same IJG formula, must give the reference hashes; where the frame's JPEG is smaller than
     * Rows x Columns, the reference must be that smaller image's rows laid one after another
     * (DCMTK's layout) and ours the same image at the top left.
     */
    @Test
    void waivedFilesDifferOnlyByColourConversionAndTileLayout() throws Exception {
        Map<String, String> waivers = waivers();
        int checked = 0;
        for (JsonNode e : entries("files")) {
            String name = e.get("file").asText();
            JsonNode ref = e.path("reference");
            if (!waivers.containsKey(name) || ref.path("color_conversion").asText("none").equals("none")) continue;
            List<String> want = Corpus.strings(ref.path("frames_sha256"));
            try (DicomFile dicom = DicomReader.read(Corpus.file(name))) {
                FrameReader reader = new FrameReader(dicom);
                PixelDescription d = reader.description();
                DicomValue.Fragments fragments = (DicomValue.Fragments) dicom.dataSet().get(Tag.PixelData).value();
                int smaller = 0;
                for (int i = 0; i < d.frames(); i++) {
                    byte[] rgb = IjgYcc.toRgb(reader.frame(i));
                    int[] size = jpegSize(EncapsulatedFrames.frame(fragments, i, d.frames(), dicom::read));
                    if (size[0] < d.columns() || size[1] < d.rows()) {
                        smaller++;
                        byte[] packed = new byte[rgb.length];
                        for (int y = 0; y < size[1]; y++) {
                            System.arraycopy(rgb, y * d.columns() * 3, packed, y * size[0] * 3, size[0] * 3);
                        }
                        rgb = packed;
                    }
                    assertEquals(want.get(i), sha256(rgb), name + " frame " + (i + 1));
                }
                System.out.println(name + ": " + d.frames() + " frames equal the reference after YBR->RGB, "
                        + smaller + " of them after DCMTK's contiguous layout of a smaller JPEG");
            }
            checked++;
        }
        assertTrue(checked > 0 || waivers.isEmpty(), "no waiver was checked");
    }

    /** Width and height from the first SOFn of a JPEG codestream. */
    private static int[] jpegSize(byte[] jpeg) {
        for (int i = 2; i + 9 < jpeg.length; ) {
            int m = jpeg[i + 1] & 0xFF;
            if (m >= 0xC0 && m <= 0xC3) {
                return new int[]{(jpeg[i + 7] & 0xFF) << 8 | jpeg[i + 8] & 0xFF, (jpeg[i + 5] & 0xFF) << 8 | jpeg[i + 6] & 0xFF};
            }
            i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF);
        }
        throw new AssertionError("no SOF marker");
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static List<JsonNode> entries(String section) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : Corpus.all(section)) {
            if (SYNTAXES.contains(f.path("dataset").path("transfer_syntax_uid").asText())) out.add(f);
        }
        return out;
    }

    /** file -> reason, from the checked-in waiver list (# comments and blank lines ignored). */
    static Map<String, String> waivers() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = JpegRleCorpusTest.class.getResourceAsStream("/codec-waivers.tsv")) {
            if (in == null) return out;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.split("\t", 2);
                if (parts.length != 2 || parts[1].isBlank()) throw new IllegalStateException("waiver without a reason: " + line);
                out.put(parts[0].trim(), parts[1].trim());
            }
        }
        return out;
    }
}
