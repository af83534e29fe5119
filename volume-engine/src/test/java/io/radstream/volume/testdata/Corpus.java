package io.radstream.volume.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared real-DICOM corpus (../shared/testdata/corpus, never copied into the repository) and
 * its manifest of reference values computed by independent decoders.
 */
public final class Corpus {
    public static final Set<String> NATIVE_TRANSFER_SYNTAXES = Set.of(
            "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99");

    private static JsonNode manifest;

    private Corpus() {}

    /** The corpus folder; skips the calling test with a clear message when it is absent. */
    public static Path dir() {
        String base = System.getProperty("radstream.testdata", "../../shared/testdata");
        Path dir = Path.of(base, "corpus").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("manifest.json")),
                "shared DICOM corpus not found at " + dir + ": corpus tests skipped");
        return dir;
    }

    public static synchronized JsonNode manifest() {
        if (manifest == null) {
            try {
                manifest = new ObjectMapper().readTree(dir().resolve("manifest.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return manifest;
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    /** Entries of {@code files[]} whose transfer syntax is native (uncompressed). */
    public static List<JsonNode> nativeEntries() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : manifest().get("files")) {
            if (NATIVE_TRANSFER_SYNTAXES.contains(f.path("dataset").path("transfer_syntax_uid").asText())) out.add(f);
        }
        return out;
    }

    public static List<JsonNode> all(String section) {
        List<JsonNode> out = new ArrayList<>();
        manifest().get(section).forEach(out::add);
        return out;
    }

    /** The text values of a JSON array (e.g. a list of frame hashes). */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Judges a {@code radstream pixels} report against a manifest entry: "ok" for the reference
     * hashes, "ok (alt_rgb)" for the RGB-converting decoder's, and for lossy transfer syntaxes
     * "ok (= decoder X, lossy)" when it equals a decoder that read the file; else why not.
     */
    public static String verdict(JsonNode entry, Map<String, Object> report) {
        if (report.containsKey("error")) return "ERROR " + report.get("error");
        JsonNode ds = entry.path("dataset");
        if (!report.get("rows").equals(ds.path("rows").asInt()) || !report.get("columns").equals(ds.path("columns").asInt())) {
            return "SIZE " + report.get("rows") + "x" + report.get("columns");
        }
        @SuppressWarnings("unchecked")
        List<String> got = (List<String>) report.get("frameSha256");
        JsonNode ref = entry.path("reference");
        if (got.equals(strings(ref.path("frames_sha256")))) return "ok";
        if (got.equals(strings(ref.path("alt_rgb").path("frames_sha256")))) return "ok (alt_rgb)";
        if (entry.path("crosscheck").path("lossy_transfer_syntax").asBoolean()) {
            for (Map.Entry<String, JsonNode> d : entry.path("decoders").properties()) {
                if ("ok".equals(d.getValue().path("status").asText())
                        && got.equals(strings(d.getValue().path("frames_sha256")))) {
                    return "ok (= " + d.getKey() + ", lossy)";
                }
            }
        }
        return "MISMATCH " + got;
    }
}
