package io.radstream.volume.codec;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Test helper: runs a command-line encoder found on PATH, or skips the test naming the package. */
final class ExternalTool {
    private ExternalTool() {}

    /** Skips the calling test unless {@code name} is an executable on PATH. */
    static void require(String name, String debianPackage) {
        Assumptions.assumeTrue(find(name), name + " not found: install Debian package " + debianPackage
                + " (scripts/install-test-deps.sh); test skipped");
    }

    static boolean find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return true;
        }
        return false;
    }

    /** Runs the command (60 s at most); a non-zero exit fails the test with the tool's output. */
    static void run(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        Path log = Files.createTempFile("tool", ".log"); // a file, not a pipe: a chatty tool cannot block
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                fail(String.join(" ", cmd) + " exited with " + p.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
