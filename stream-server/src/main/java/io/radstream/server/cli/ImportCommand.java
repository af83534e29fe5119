package io.radstream.server.cli;

import io.radstream.volume.store.ImportError;
import io.radstream.volume.store.ImportReport;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code radstream import [--data DIR] PATH...}: files (folders recursively) into the study store
 * and index. One line per bad file; exit status 0 only if every file was imported.
 */
final class ImportCommand {
    static final String USAGE = "import [--data DIR] PATH...  ingest DICOM files/folders into the store and index (default DIR ./data)";

    static int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args args = new Args(argv, 1, Set.of("data"), Set.of());
        if (args.positional().isEmpty()) throw new Args.UsageException("import needs at least one PATH");
        Path data = Path.of(args.get("data", "data"));
        List<Path> paths = args.positional().stream().map(Path::of).toList();
        ImportReport report;
        try (StudyIndex index = StudyIndex.open(StudyStore.open(data))) {
            report = new Importer(index).importPaths(paths);
            io.radstream.volume.series.OpenPlans.ensureAll(index); // so the first open reads one row per series
        }
        for (ImportError e : report.errors()) err.println("error: " + e);
        out.println("imported " + report.imported() + " file(s), " + report.errors().size() + " error(s), into " + data.toAbsolutePath());
        return report.errors().isEmpty() ? 0 : 1;
    }
}
