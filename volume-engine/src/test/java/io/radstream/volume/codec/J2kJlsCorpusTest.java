package io.radstream.volume.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.volume.codec.j2k.J2kDecoders;
import io.radstream.volume.codec.jls.JpegLsDecoders;
import io.radstream.volume.dicom.TransferSyntax;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelsReport;
import io.radstream.volume.testdata.Corpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code radstream pixels} on every corpus file in JPEG 2000, HTJ2K or JPEG-LS against the
 * manifest: frame hashes must equal {@code reference.frames_sha256} (or {@code alt_rgb}); a lossy
 * file may instead equal what one of its listed {@code decoders} produced. A file that matches
 * neither may be waived in {@code codec-waivers-j2k.tsv} only when the manifest's crosscheck is
 * itself a disagreement or a single decoder. Every {@code malformed[]} entry of these syntaxes
 * must give an error, never pixels.
 */
class J2kJlsCorpusTest {
    static final Set<String> SYNTAXES = Set.copyOf(concat(J2kDecoders.PART_1, J2kDecoders.HIGH_THROUGHPUT, JpegLsDecoders.ALL));
    private static final Set<String> WAIVABLE = Set.of("disagreement", "single-decoder");

    static List<JsonNode> entries(String section) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : Corpus.all(section)) {
            if (SYNTAXES.contains(e.path("dataset").path("transfer_syntax_uid").asText())) out.add(e);
        }
        return out;
    }

    @Test
    void everyFileMatchesTheReferenceOrIsWaivedWithAReason() throws IOException {
        List<JsonNode> entries = entries("files");
        assertTrue(entries.size() >= 60, "expected the corpus's JPEG 2000, HTJ2K and JPEG-LS files, found " + entries.size());
        Map<String, String> waivers = waivers();
        Set<String> waiversUsed = new HashSet<>();
        List<String> failures = new ArrayList<>();
        int matched = 0, waived = 0;
        StringBuilder table = new StringBuilder(String.format("%-58s %-5s %-38s %7s  %s%n", "file", "ts", "decoder", "ms", "result"));
        for (JsonNode e : entries) {
            String name = e.get("file").asText();
            String ts = e.path("dataset").path("transfer_syntax_uid").asText();
            long t0 = System.nanoTime();
            Map<String, Object> report = PixelsReport.of(Corpus.file(name));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String result = Corpus.verdict(e, report);
            if (result.startsWith("ok")) {
                matched++;
            } else if (waivers.containsKey(name)) {
                String status = e.path("crosscheck").path("status").asText();
                if (!WAIVABLE.contains(status)) {
                    failures.add(name + ": waived but the manifest crosscheck is '" + status + "' (" + result + ")");
                } else {
                    waived++;
                    result = "WAIVED (" + result + "): " + waivers.get(name);
                }
                waiversUsed.add(name);
            } else {
                failures.add(name + ": " + result);
            }
            table.append(String.format("%-58s %-5s %-38s %7d  %s%n", name, ts.substring(ts.lastIndexOf('.') + 1),
                    decoderName(ts), ms, result));
        }
        for (String name : waivers.keySet()) {
            if (!waiversUsed.contains(name)) failures.add(name + ": waiver is stale (the file matches now, or is gone): remove it");
        }
        table.append(String.format("%d files: %d matched, %d waived, %d failed%n", entries.size(), matched, waived,
                entries.size() - matched - waived));
        System.out.println(table);
        if (!failures.isEmpty()) fail(failures.size() + " of " + entries.size() + " files:\n" + String.join("\n", failures));
    }

    @Test
    void malformedFilesOfTheseSyntaxesGiveAnErrorNeverPixels() {
        List<String> failures = new ArrayList<>();
        for (JsonNode e : entries("malformed")) {
            String name = e.get("file").asText();
            Map<String, Object> report = PixelsReport.of(Corpus.file(name));
            System.out.println(name + " -> " + report.getOrDefault("error", "PIXELS"));
            if (!report.containsKey("error")) failures.add(name + " produced pixels");
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
    }

    private static String decoderName(String ts) {
        try {
            return Codecs.decoderFor(TransferSyntax.of(ts)).name();
        } catch (PixelDataException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** file TAB reason, one a line; '#' starts a comment. */
    static Map<String, String> waivers() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = J2kJlsCorpusTest.class.getResourceAsStream("/codec-waivers-j2k.tsv")) {
            if (in == null) return out;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] cols = line.split("\t", 2);
                assertEquals(2, cols.length, "waiver line needs file<TAB>reason: " + line);
                assertFalse(cols[1].isBlank(), "waiver without a reason: " + line);
                out.put(cols[0].trim(), cols[1].trim());
            }
        }
        return out;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> out = new ArrayList<>();
        for (List<String> l : lists) out.addAll(l);
        return out;
    }
}
