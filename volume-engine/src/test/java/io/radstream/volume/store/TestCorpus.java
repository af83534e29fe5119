package io.radstream.volume.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/** The shared real-DICOM corpus (read-only, outside the repository) and its manifest. */
final class TestCorpus {
    private static Map<String, JsonNode> entries;

    private TestCorpus() {}

    /** The corpus folder; skips the calling test with a clear message when it is absent. */
    static Path dir() {
        String base = System.getProperty("radstream.testdata");
        Assumptions.assumeTrue(base != null, "system property radstream.testdata not set: corpus tests skipped");
        Path dir = Path.of(base, "corpus").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("manifest.json")),
                "shared DICOM corpus not found at " + dir + ": corpus tests skipped");
        return dir;
    }

    static Path file(String name) {
        Path f = dir().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(f), "corpus file " + name + " missing: test skipped");
        return f;
    }

    /** The manifest's {@code dataset} object of a corpus file. */
    static synchronized JsonNode dataset(String name) {
        if (entries == null) {
            try {
                JsonNode m = new ObjectMapper().readTree(dir().resolve("manifest.json").toFile());
                Map<String, JsonNode> map = new HashMap<>();
                for (JsonNode f : m.get("files")) map.put(f.get("file").asText(), f.get("dataset"));
                entries = map;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonNode d = entries.get(name);
        if (d == null) throw new IllegalArgumentException(name + " is not in manifest.json files[]");
        return d;
    }

    /** Copies corpus files into {@code folder} (a test's temporary directory, never the repository). */
    static void copyInto(Path folder, String... names) throws IOException {
        Files.createDirectories(folder);
        for (String n : names) Files.copy(file(n), folder.resolve(n), StandardCopyOption.REPLACE_EXISTING);
    }
}
