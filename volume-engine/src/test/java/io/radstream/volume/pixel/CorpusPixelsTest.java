package io.radstream.volume.pixel;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.volume.testdata.Corpus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code radstream pixels} against the corpus references: every uncompressed file must hash
 * bit-exactly to {@code reference.frames_sha256} (or {@code reference.alt_rgb}), and every
 * {@code malformed} entry must give an error, never pixels, unless they are exactly the pixels a
 * decoder listed for that entry read.
 */
class CorpusPixelsTest {

    @Test
    void everyUncompressedFileMatchesTheReferenceHashes() {
        List<JsonNode> entries = Corpus.nativeEntries();
        assertTrue(entries.size() > 50, "expected the corpus's uncompressed files");
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format("%-60s %-8s %s%n", "file", "frames", "result"));
        for (JsonNode e : entries) {
            String name = e.get("file").asText();
            Map<String, Object> report = PixelsReport.of(Corpus.file(name));
            String result;
            if (report.containsKey("error")) {
                result = "ERROR " + report.get("error");
            } else {
                @SuppressWarnings("unchecked")
                List<String> got = (List<String>) report.get("frameSha256");
                List<String> want = Corpus.strings(e.path("reference").path("frames_sha256"));
                List<String> alt = Corpus.strings(e.path("reference").path("alt_rgb").path("frames_sha256"));
                result = got.equals(want) ? "ok" : got.equals(alt) ? "ok (alt_rgb)" : "MISMATCH";
                JsonNode ds = e.get("dataset");
                assertEquals(ds.get("rows").asInt(), report.get("rows"), name);
                assertEquals(ds.get("columns").asInt(), report.get("columns"), name);
            }
            if (!result.startsWith("ok")) failures.add(name + ": " + result);
            table.append(String.format("%-60s %-8s %s%n", name, e.path("dataset").path("number_of_frames").asText(), result));
        }
        System.out.println(table);
        if (!failures.isEmpty()) fail(failures.size() + " of " + entries.size() + " files differ:\n" + String.join("\n", failures));
    }

    @Test
    void malformedFilesGiveAClearErrorNeverPixels() {
        List<String> failures = new ArrayList<>();
        for (JsonNode e : Corpus.all("malformed")) {
            String name = e.get("file").asText();
            Map<String, Object> report = PixelsReport.of(Corpus.file(name));
            String agreeing = decoderWithSameHashes(e, report);
            System.out.println(name + " -> " + report.getOrDefault("error",
                    agreeing != null ? "PIXELS identical to " + agreeing + "'s" : "PIXELS"));
            if (!report.containsKey("error")) {
                // a file one trusted decoder did read (e.g. GH1376: a valid JPEG lossless object the manifest
                // judged by stray group 0002 elements inside its data set) may decode, but only to its pixels
                if (agreeing == null) failures.add(name + " produced pixels");
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> err = (Map<String, Object>) report.get("error");
                if (String.valueOf(err.get("reason")).isBlank()) failures.add(name + " error without reason");
            }
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
    }

    /** The manifest decoder that read this malformed file to exactly our hashes, or null. */
    private static String decoderWithSameHashes(JsonNode entry, Map<String, Object> report) {
        Object got = report.get("frameSha256");
        if (got == null) return null;
        for (Map.Entry<String, JsonNode> d : entry.path("decoders").properties()) {
            List<String> hashes = Corpus.strings(d.getValue().path("frames_sha256"));
            if (d.getValue().path("status").asText().equals("ok") && hashes.equals(got)) return d.getKey();
        }
        return null;
    }
}
