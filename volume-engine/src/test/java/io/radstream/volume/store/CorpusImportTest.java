package io.radstream.volume.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Imports the whole shared corpus (about 260 real files from ten sources, plus its manifest and
 * license text): every file is accounted for exactly once, nothing aborts the batch, and the
 * import speed is printed.
 */
class CorpusImportTest {

    @Test
    void wholeCorpusIsAccountedForFileByFile(@TempDir Path tmp) throws IOException {
        Path corpus = TestCorpus.dir();
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        long bytes = 0;
        for (Path f : files) bytes += Files.size(f);

        try (StudyIndex index = StudyIndex.open(StudyStore.open(tmp.resolve("data")))) {
            long t0 = System.nanoTime();
            ImportReport report = new Importer(index).importPaths(List.of(corpus));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("corpus import: %d files (%.1f MB) in %.2f s = %.0f files/s, %.0f MB/s; "
                            + "%d imported, %d skipped, %d errors%n",
                    files.size(), bytes / 1e6, seconds, files.size() / seconds, bytes / 1e6 / seconds,
                    report.imported(), report.skipped(), report.errors().size());

            assertEquals(files.size(), report.filesSeen());
            Set<Path> withError = new HashSet<>();
            for (ImportError e : report.errors()) {
                assertTrue(withError.add(e.file()), "two errors for " + e.file());
                assertTrue(e.reason() != null && !e.reason().isBlank(), e::toString);
            }
            assertTrue(withError.contains(corpus.resolve("manifest.json")));
            assertEquals(report.imported(), index.countInstances());
            // most of the corpus is valid DICOM; the rest are known-malformed files and text
            assertTrue(report.imported() > 150, "imported only " + report.imported());

            ImportReport again = new Importer(index).importPaths(List.of(corpus));
            assertEquals(0, again.imported());
            assertEquals(report.imported() + report.skipped(), again.skipped());
            assertEquals(report.errors(), again.errors());
        }
    }
}
