package io.radstream.bench;

import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.server.browser.HeadlessChromium;
import io.radstream.server.session.OpenTimings;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import io.radstream.volume.store.StudySummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Time to first image and frames delivered while wheel-scrolling, in real headless Chromium against
 * a real server on loopback. TTFI is MISSION.md's definition: navigation start → first lossless
 * frame painted, with the study cold (a fresh server per run, so the volume is not in memory). The
 * server's share (hello received → first lossless frame written) is reported beside it.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.radstream.bench.ViewerBrowserBenchmark [runs] [slices]</pre>
 */
public final class ViewerBrowserBenchmark {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Where the browser's part of TTFI went: navigation timing plus the client's own marks. */
    private static final String OPEN_BREAKDOWN = """
            (() => {
              const n = performance.getEntriesByType('navigation')[0];
              const r = (x) => Math.round(x * 10) / 10;
              const out = {htmlStart: r(n.requestStart), htmlEnd: r(n.responseEnd), domInteractive: r(n.domInteractive)};
              for (const [k, v] of Object.entries(radstreamStats.openMarks)) out[k] = r(v);
              out.resources = performance.getEntriesByType('resource')
                .map((e) => e.name.split('/').pop() + ' ' + r(e.startTime) + '-' + r(e.responseEnd)).join(', ');
              return out;
            })()""";

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int slices = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("radstream-browser-bench");
        try {
            CtPhantom.write(CtPhantom.Spec.defaults(slices), dir.resolve("phantom"));
            try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")));
                 HeadlessChromium chromium = HeadlessChromium.launch()) {
                new Importer(index).importPaths(List.of(dir.resolve("phantom")));
                io.radstream.volume.series.OpenPlans.ensureAll(index); // as `radstream import` does
                StudySummary study = index.listStudies().getFirst();
                System.out.printf(Locale.ROOT, "phantom CT 512x512x%d, %d runs per viewport, %d cores%n", slices, runs,
                        Runtime.getRuntime().availableProcessors());
                for (int viewport : new int[]{512, 1024}) {
                    List<Double> ttfi = new ArrayList<>(), server = new ArrayList<>(), fps = new ArrayList<>();
                    for (int run = 0; run < runs; run++) {
                        try (RadstreamServer s = RadstreamServer.start(
                                ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index)) {
                            chromium.setViewport(viewport, viewport, 1);
                            chromium.navigate("about:blank");
                            chromium.navigate("http://127.0.0.1:" + s.port() + "/viewer.html?study=" + study.studyKey());
                            chromium.waitFor("window.radstreamStats && radstreamStats.firstFrameMs !== null", WAIT);
                            ttfi.add(chromium.evaluate("radstreamStats.firstFrameMs").asDouble());
                            if (System.getenv("RADSTREAM_BENCH_DEBUG") != null) {
                                System.out.println("  " + chromium.evaluate(OPEN_BREAKDOWN));
                            }
                            List<Double> opens = OpenTimings.recentMillis();
                            server.add(opens.getLast());
                            fps.add(scrollFps(chromium, viewport));
                        }
                    }
                    report(viewport, "time to first image, ms (browser)", ttfi);
                    report(viewport, "server share of TTFI, ms", server);
                    report(viewport, "frames painted per second while wheel-scrolling", fps);
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Wheel events at 125 Hz for 3 s, dispatched inside the page (CDP's Input.dispatchMouseEvent
     * waits for each event's round trip and manages only ~28/s headless, which would measure the
     * injector); frames painted per second in that time.
     */
    private static double scrollFps(HeadlessChromium chromium, int viewport) throws Exception {
        String js = """
                new Promise(done => {
                  const canvas = document.getElementById('image');
                  const before = radstreamStats.framesPainted, t0 = performance.now();
                  let n = 0;
                  const timer = setInterval(() => {
                    const dir = Math.floor(n++ / 60) % 2 === 0 ? 1 : -1; // stay inside the stack
                    canvas.dispatchEvent(new WheelEvent('wheel', {deltaY: 100 * dir, bubbles: true, cancelable: true}));
                    if (performance.now() - t0 >= 3000) {
                      clearInterval(timer);
                      done({frames: radstreamStats.framesPainted - before, ms: performance.now() - t0, events: n});
                    }
                  }, 8);
                })""";
        var r = chromium.evaluate(js);
        if (System.getenv("RADSTREAM_BENCH_DEBUG") != null) System.out.println("  " + r);
        return r.get("frames").asDouble() / (r.get("ms").asDouble() / 1000);
    }

    private static void report(int viewport, String what, List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
        System.out.printf(Locale.ROOT, "| %dx%d | %s | median %.1f | min %.1f | max %.1f | n=%d |%n", viewport, viewport,
                what, median, v.getFirst(), v.getLast(), v.size());
    }
}
