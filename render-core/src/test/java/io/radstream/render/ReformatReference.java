package io.radstream.render;

import io.radstream.volume.series.Volume;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a reference script of {@code src/test/resources/reference} (pydicom + numpy/scipy reading the
 * DICOM files, independent of our code) for a reformatted view. Every script takes the same leading
 * arguments — the files' folder, the output file, the viewport size, the viewport's patient-space
 * mapping (top-left and per-pixel steps) and the slab thickness — then its own.
 */
final class ReformatReference {
    static final String PYTHON = "/usr/bin/python3";

    private ReformatReference() {}

    /** The command up to and including the slab thickness; the caller appends the script's own arguments. */
    static List<String> command(String script, Path folder, Path out, ViewState s, Volume v) throws Exception {
        Path file = Path.of(ReformatReference.class.getResource("/reference/" + script).toURI());
        List<String> cmd = new ArrayList<>(List.of(PYTHON, file.toString(), folder.toString(), out.toString(),
                "" + s.viewportWidth(), "" + s.viewportHeight()));
        MprMapping map = MprMapping.of(v.geometry(), s);
        for (Vec p : new Vec[]{map.topLeft(), map.stepX(), map.stepY()}) {
            for (double x : p.toArray()) cmd.add(String.format(Locale.ROOT, "%.17g", x));
        }
        cmd.add(String.format(Locale.ROOT, "%.17g", s.mpr().slabMm()));
        return cmd;
    }

    /** Runs the command; returns what it printed, failing the test if it fails or hangs. */
    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "reference timed out");
        assertEquals(0, p.exitValue(), Path.of(cmd.get(1)).getFileName() + " failed: " + log);
        return log;
    }
}
