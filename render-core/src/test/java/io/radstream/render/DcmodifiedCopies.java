package io.radstream.render;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Copies of DICOM files rewritten by DCMTK's {@code dcmodify} (an independent tool puts the
 * attribute under test into real files); the test is skipped, not failed, where dcmodify is missing.
 */
final class DcmodifiedCopies {
    private DcmodifiedCopies() {}

    /**
     * Copies {@code files} into {@code folder} (created) and inserts or replaces each of
     * {@code edits} ("(gggg,eeee)=value") in every copy.
     */
    static void write(Path folder, Collection<Path> files, String... edits) throws Exception {
        Files.createDirectories(folder);
        List<String> cmd = new ArrayList<>(List.of("dcmodify", "-nb"));
        for (String e : edits) cmd.addAll(List.of("-i", e));
        for (Path p : files) {
            Path copy = folder.resolve(p.getFileName());
            Files.copy(p, copy);
            cmd.add(copy.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "dcmodify failed: " + log);
    }
}
