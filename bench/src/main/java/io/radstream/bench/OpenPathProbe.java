package io.radstream.bench;

import io.radstream.render.CpuRenderer;
import io.radstream.render.Frame;
import io.radstream.render.ViewState;
import io.radstream.server.encode.PngEncoder;
import io.radstream.server.session.StudyVolumes;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.series.IndexedStacks;
import io.radstream.volume.series.OpenPlan;
import io.radstream.volume.series.OpenPlans;
import io.radstream.volume.series.ProgressiveLoad;
import io.radstream.volume.series.SeriesPartition;
import io.radstream.volume.series.SeriesSlice;
import io.radstream.volume.series.Stack;
import io.radstream.volume.series.StackLoader;
import io.radstream.volume.series.VolumeLoader;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.InstanceRecord;
import io.radstream.volume.store.OpenPlanRow;
import io.radstream.volume.store.SeriesRecord;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import io.radstream.volume.store.StudySummary;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's open path, step by step, for phantom CT studies of several sizes: what of the time
 * to the first lossless frame grows with the number of slices. Two measurements per size, each on a
 * cold study (a fresh {@link StudyVolumes}, so no volume is resident; the index stays open as in a
 * running server):
 * <ul>
 * <li><b>open</b>: {@code StudyVolumes.open} (what the server does on {@code hello}) until the middle
 *     slice is decoded, then that slice rendered (CPU, 512²) and PNG-encoded as the first lossless
 *     frame is;</li>
 * <li><b>plan</b>: the open plan path split into its steps (what {@code StudyVolumes} does);</li>
 * <li><b>rows</b>: the per-row path split into its steps (index queries, row decoding, partition,
 *     volume allocation, first slice), the work an open did before open plans and the background
 *     still does when a plan must be built.</li>
 * </ul>
 * Studies are written once under {@code root/N} and reused by later runs (delete the folder for a
 * fresh import).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.radstream.bench.OpenPathProbe [runs] [root] N...</pre>
 */
public final class OpenPathProbe {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path root = Path.of(args.length > 1 ? args[1] : "/tmp/radstream-open-probe");
        List<Integer> sizes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) sizes.add(Integer.parseInt(args[i]));
        if (sizes.isEmpty()) sizes = List.of(100, 800, 2000);
        System.out.printf(Locale.ROOT, "%d cores, load average %.2f at start%n", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int n : sizes) probe(root.resolve(String.valueOf(n)), n, runs);
        System.out.printf(Locale.ROOT, "load average %.2f at end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void probe(Path dir, int slices, int runs) throws Exception {
        boolean fresh = !Files.exists(dir.resolve("data").resolve("index.db"));
        long t0 = System.nanoTime();
        if (fresh) CtPhantom.write(CtPhantom.Spec.defaults(slices), dir.resolve("phantom"));
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            if (fresh) {
                new Importer(index).importPaths(List.of(dir.resolve("phantom")));
                System.out.printf(Locale.ROOT, "N=%d: phantom written and imported in %.1f s%n", slices, (System.nanoTime() - t0) / 1e9);
            }
            long p0 = System.nanoTime();
            int built = OpenPlans.ensureAll(index); // as `radstream import` does; builds the plans of an index of schema 4
            System.out.printf(Locale.ROOT, "N=%d: %d open plan(s) built in %.1f ms%n", slices, built, (System.nanoTime() - p0) / 1e6);
            StudySummary study = index.listStudies().getFirst();
            Map<String, List<Double>> open = new LinkedHashMap<>(), rows = new LinkedHashMap<>(), plan = new LinkedHashMap<>();
            // one extra run first, dropped: JIT and page cache (the browser benchmark's first runs show the same)
            for (int run = 0; run <= runs; run++) {
                Map<String, Double> o = openOnce(index, study.studyKey());
                Map<String, Double> r = rowsOnce(index, study.studyKey());
                Map<String, Double> p = planOnce(index, study.studyKey());
                if (run == 0) continue;
                p.forEach((k, v) -> plan.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                o.forEach((k, v) -> open.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                r.forEach((k, v) -> rows.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
            print("N=" + slices + " open (StudyVolumes, first lossless frame)", open);
            print("N=" + slices + " plan path, by step", plan);
            print("N=" + slices + " rows path, by step", rows);
        }
    }

    /** What the server does from hello to the first lossless frame's bytes, minus the socket. */
    private static Map<String, Double> openOnce(StudyIndex index, String key) throws Exception {
        Map<String, Double> t = new LinkedHashMap<>();
        long a = System.nanoTime();
        try (StudyVolumes volumes = new StudyVolumes(index, Runtime.getRuntime().availableProcessors(), Long.MAX_VALUE)) {
            StudySummary study = volumes.study(key).orElseThrow();
            StudyVolumes.Opened opened = volumes.open(study).get();
            long b = System.nanoTime();
            Frame f = opened.display().renderer(new CpuRenderer()).render(
                    new ViewState(opened.volume().slices() / 2, 40, 400, 1, 0, 0, 512, 512), opened.volume());
            long c = System.nanoTime();
            byte[] png = new PngEncoder(1).encode(f);
            long d = System.nanoTime();
            opened.load().resumeAll(); // as ViewerSession does once the first frame is written
            if (png.length == 0) throw new IllegalStateException("empty PNG");
            t.put("open to middle slice decoded", ms(a, b));
            t.put("render 512²", ms(b, c));
            t.put("PNG encode", ms(c, d));
            t.put("total to first lossless frame", ms(a, d));
            opened.load().done().join(); // let the background finish before the next cold open
            opened.volume().release();
        }
        return t;
    }

    /** The open plan path, step by step (what StudyVolumes does now). */
    private static Map<String, Double> planOnce(StudyIndex index, String key) throws Exception {
        Map<String, Double> t = new LinkedHashMap<>();
        long a = System.nanoTime();
        StudySummary study = index.studyByKey(key).orElseThrow();
        long b = System.nanoTime();
        List<OpenPlanRow> rows = index.openPlansOf(study.studyInstanceUid());
        long c = System.nanoTime();
        String uid = rows.getFirst().series().seriesInstanceUid();
        byte[] blob = index.openPlan(uid, OpenPlan.FORMAT).orElseThrow();
        long d = System.nanoTime();
        OpenPlan plan = OpenPlan.decode(blob, index.store());
        long e = System.nanoTime();
        var stack = plan.stack();
        try (VolumeLoader loader = new VolumeLoader(Runtime.getRuntime().availableProcessors())) {
            ProgressiveLoad load = stack.open(loader, stack.size() / 2, (x, y) -> {});
            long f = System.nanoTime();
            load.volume().whenSliceReady(load.volume().slices() / 2).join();
            long g = System.nanoTime();
            t.put("studyByKey", ms(a, b));
            t.put("openPlansOf (series + plan headers)", ms(b, c));
            t.put("openPlan (one BLOB, " + blob.length / 1024 + " KiB)", ms(c, d));
            t.put("OpenPlan.decode", ms(d, e));
            t.put("PlannedStack.open (allocate, start decoders)", ms(e, f));
            t.put("middle slice read + decoded", ms(f, g));
            t.put("total plan path to decoded slice", ms(a, g));
            load.done().join();
            load.volume().release();
        }
        return t;
    }

    /** The per-row path, step by step (what StudyVolumes did for every open before open plans). */
    private static Map<String, Double> rowsOnce(StudyIndex index, String key) throws Exception {
        Map<String, Double> t = new LinkedHashMap<>();
        long a = System.nanoTime();
        StudySummary study = index.studyByKey(key).orElseThrow();
        long b = System.nanoTime();
        SeriesRecord series = index.seriesOf(study.studyInstanceUid()).getFirst();
        long c = System.nanoTime();
        String uid = series.seriesInstanceUid();
        List<InstanceRecord> instances = index.instancesOf(uid);
        long d = System.nanoTime();
        var frames = index.framesOf(uid);
        long e = System.nanoTime();
        var fast = index.fastFormsOf(uid);
        long f = System.nanoTime();
        var display = index.displayAttributesOf(uid);
        long g = System.nanoTime();
        List<SeriesSlice> sl = IndexedStacks.slices(instances, frames, fast, display);
        long h = System.nanoTime();
        Stack stack = SeriesPartition.of(sl).largestStack();
        long i = System.nanoTime();
        var graphics = index.graphicsOf(uid);
        long j = System.nanoTime();
        String notice = index.lossinessOf(uid).notice();
        long k = System.nanoTime();
        try (VolumeLoader loader = new VolumeLoader(Runtime.getRuntime().availableProcessors())) {
            ProgressiveLoad load = StackLoader.open(stack, loader, stack.slices().size() / 2, (x, y) -> {});
            long l = System.nanoTime();
            load.volume().whenSliceReady(load.volume().slices() / 2).join();
            long m = System.nanoTime();
            t.put("studyByKey", ms(a, b));
            t.put("seriesOf", ms(b, c));
            t.put("instancesOf (rows → records)", ms(c, d));
            t.put("framesOf", ms(d, e));
            t.put("fastFormsOf", ms(e, f));
            t.put("displayAttributesOf", ms(f, g));
            t.put("IndexedStacks.slices", ms(g, h));
            t.put("SeriesPartition.of", ms(h, i));
            t.put("graphicsOf", ms(i, j));
            t.put("lossinessOf", ms(j, k));
            t.put("StackLoader.open (sources, sort, allocate)", ms(k, l));
            t.put("middle slice read + decoded", ms(l, m));
            t.put("total rows path to decoded slice", ms(a, m));
            if (graphics.size() + (notice == null ? 0 : 1) < 0) throw new AssertionError();
            load.done().join();
            load.volume().release();
        }
        return t;
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }

    private static void print(String title, Map<String, List<Double>> steps) {
        System.out.println("### " + title);
        System.out.println("| step | median ms | min | max | n |");
        System.out.println("|---|---|---|---|---|");
        steps.forEach((name, values) -> {
            List<Double> v = new ArrayList<>(values);
            v.sort(null);
            double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %d |%n", name, median, v.getFirst(), v.getLast(), v.size());
        });
    }
}
