package io.radstream.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.radstream.volume.pixel.PixelsReport;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code radstream pixels FILE...}: one JSON line per file with the pixel module and a SHA-256 per
 * decoded frame (the corpus convention), or an {@code error} object; later files are still read.
 * Exit status 1 if any file failed.
 */
final class PixelsCommand {
    static final String USAGE = "pixels FILE...              one JSON line per file: pixel module and per-frame SHA-256";

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(argv, 1, Set.of(), Set.of());
        if (args.positional().isEmpty()) throw new Args.UsageException("pixels needs at least one FILE");
        ObjectMapper json = new ObjectMapper();
        int status = 0;
        for (String f : args.positional()) {
            Map<String, Object> report = PixelsReport.of(Path.of(f));
            if (report.containsKey("error")) status = 1;
            out.println(json.writeValueAsString(report));
            out.flush();
        }
        return status;
    }
}
