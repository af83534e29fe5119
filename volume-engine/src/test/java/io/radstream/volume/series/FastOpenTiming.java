package io.radstream.volume.series;

import io.radstream.volume.phantom.DbtPhantom;
import io.radstream.volume.store.FastForm;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.testdata.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The numbers behind docs/benchmarks.md "Fast-open forms": time to read one full-size DBT frame
 * (2457 x 1890, 16 bits) from the index, decoding the JPEG 2000 original vs reading the fast form,
 * and what writing the form adds to import. Not a regular test (it takes about a minute):
 * {@code ./mvnw -o test -pl volume-engine -Dtest=FastOpenTiming -Dfastopen.timing=true}.
 */
@EnabledIfSystemProperty(named = "fastopen.timing", matches = "true")
class FastOpenTiming {
    static final int FRAMES = 4, REPEATS = 7;

    @TempDir
    Path dir;

    @Test
    void fullSizeDbtFrame() throws Exception {
        Assumptions.assumeTrue(Tools.onPath("gdcmconv"), "gdcmconv not installed");
        DbtPhantom.Spec spec = DbtPhantom.Spec.defaults().withMatrix(2457, 1890, FRAMES);
        DbtPhantom.PhantomObject dbt = DbtPhantom.write(spec, dir.resolve("native"), 2);
        Files.createDirectories(dir.resolve("in"));
        Path j2k = dir.resolve("in/dbt.dcm");
        assertEquals(0, Tools.run("gdcmconv", "-K", dbt.file().toString(), j2k.toString()).exit());
        String series = dbt.seriesInstanceUid();
        try (StudyIndex index = StudyIndex.open(dir.resolve("data"))) {
            long t0 = System.nanoTime();
            assertEquals(1, new Importer(index).importPaths(List.of(dir.resolve("in"))).imported());
            double importMs = (System.nanoTime() - t0) / 1e6;
            Map<String, FastForm> forms = index.fastFormsOf(series);
            List<SeriesSlice> fast = IndexedStacks.slices(index.instancesOf(series), index.framesOf(series), forms);
            List<SeriesSlice> original = IndexedStacks.slices(index.instancesOf(series), index.framesOf(series), Map.of());
            int k = FRAMES / 2;
            assertArrayEquals(original.get(k).reader().read(), fast.get(k).reader().read());
            double[] o = new double[REPEATS], f = new double[REPEATS];
            for (int i = 0; i < REPEATS; i++) {
                long a = System.nanoTime();
                original.get(k).reader().read();
                long b = System.nanoTime();
                fast.get(k).reader().read();
                o[i] = (b - a) / 1e6;
                f[i] = (System.nanoTime() - b) / 1e6;
            }
            Arrays.sort(o);
            Arrays.sort(f);
            System.out.printf("FASTOPEN frame %dx%d 16-bit, %d frames; j2k file %d bytes, fast form %d bytes%n",
                    spec.rows(), spec.columns(), FRAMES, Files.size(j2k), forms.values().iterator().next().length());
            System.out.printf("FASTOPEN import incl. fast form: %.0f ms (%.0f ms/frame)%n", importMs, importMs / FRAMES);
            System.out.printf("FASTOPEN read one frame, original J2K: median %.1f ms [min %.1f, max %.1f]%n", o[REPEATS / 2], o[0], o[REPEATS - 1]);
            System.out.printf("FASTOPEN read one frame, fast form:    median %.1f ms [min %.1f, max %.1f]%n", f[REPEATS / 2], f[0], f[REPEATS - 1]);
        }
    }
}
