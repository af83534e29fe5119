package io.radstream.volume.testdata;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the independent tools tests compare against (dicom3tools, GDCM, OpenJPH, pydicom). */
public final class Tools {
    public static final String PYTHON = "/usr/bin/python3";

    private Tools() {}

    public record Result(int exit, String output) {}

    public static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    public static boolean pydicom() {
        try {
            return Files.isExecutable(Path.of(PYTHON)) && run(PYTHON, "-c", "import pydicom, numpy").exit() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
