package io.radstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.server.client.ViewerClient;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Constrained-link measurement with headless protocol clients (scripts/constrained-link.sh).
 *
 * <pre>
 * LinkBench serve ADDR PORT KEYFILE              phantom CT 512²×120, server on ADDR:PORT, study key to KEYFILE
 * LinkBench run HOST PORT KEY LABEL RTT_MS MBIT SECONDS RUNS [VIEWPORT]
 *     RTT_MS: added by an in-process delay proxy (0: none); MBIT: the proxy also limits the rate
 *     (0: no limit, e.g. when tbf in the kernel does it)
 * LinkBench local LABEL RTT_MS MBIT SECONDS RUNS   server in-process on loopback, proxy shapes both
 * </pre>
 * Each run opens a fresh viewer: time to first image = WebSocket open until the first lossless
 * frame has arrived; then 60 Hz input (wheel, window/level every 4th event) for SECONDS; fps and
 * Mbit/s count interactive frames received, input-to-frame as in {@link LoadTool}.
 */
public final class LinkBench {
    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "serve" -> serve(a[1], Integer.parseInt(a[2]), Path.of(a[3]));
            case "run" -> runAll(a[1], Integer.parseInt(a[2]), a[3], a[4], Double.parseDouble(a[5]), Double.parseDouble(a[6]),
                    Integer.parseInt(a[7]), Integer.parseInt(a[8]), a.length > 9 ? Integer.parseInt(a[9]) : 512);
            case "local" -> local(a[1], Double.parseDouble(a[2]), Double.parseDouble(a[3]), Integer.parseInt(a[4]),
                    Integer.parseInt(a[5]), a.length > 6 ? Integer.parseInt(a[6]) : 512);
            default -> throw new IllegalArgumentException("serve | run | local");
        }
    }

    private static Path phantomIndex(Path dir) throws Exception {
        CtPhantom.write(CtPhantom.Spec.defaults(120), dir.resolve("ct"));
        return dir;
    }

    private static void serve(String addr, int port, Path keyFile) throws Exception {
        Path dir = Files.createTempDirectory("radstream-link");
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            phantomIndex(dir);
            new Importer(index).importPaths(List.of(dir.resolve("ct")));
            String study = index.listStudies().getFirst().studyKey();
            try (RadstreamServer server = RadstreamServer.start(ServerConfig.defaults().withPort(port).withBindAddress(addr), index)) {
                Files.writeString(keyFile, study);
                System.out.println("serving " + study + " on " + addr + ":" + server.port());
                Thread.sleep(Long.MAX_VALUE); // until killed
            }
        }
    }

    private static void local(String label, double rttMs, double mbit, int seconds, int runs, int viewport) throws Exception {
        Path dir = Files.createTempDirectory("radstream-link");
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            phantomIndex(dir);
            new Importer(index).importPaths(List.of(dir.resolve("ct")));
            String study = index.listStudies().getFirst().studyKey();
            try (RadstreamServer server = RadstreamServer.start(ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index)) {
                runAll("127.0.0.1", server.port(), study, label, rttMs, mbit, seconds, runs, viewport);
            }
        }
    }

    private record Run(double ttfiMs, double fps, double mbit, double p50, double p99, double meanWidth) {}

    private static void runAll(String host, int port, String study, String label, double rttMs, double mbit,
                               int seconds, int runs, int viewport) throws Exception {
        ShapingProxy proxy = rttMs > 0 || mbit > 0 ? new ShapingProxy(new InetSocketAddress(host, port), rttMs, mbit * 1e6) : null;
        String h = proxy != null ? "127.0.0.1" : host;
        int p = proxy != null ? proxy.port() : port;
        List<Run> results = new ArrayList<>();
        client(h, p, study, viewport, 2); // warm-up (JIT, volume in server memory); not counted
        for (int i = 0; i < runs; i++) {
            Run r = client(h, p, study, viewport, seconds);
            results.add(r);
            System.out.printf(Locale.ROOT, "# %s run %d: ttfi %.0f ms, %.1f fps, %.2f Mbit/s, input-to-frame p50 %.0f p99 %.0f ms, mean frame width %.0f%n",
                    label, i + 1, r.ttfiMs, r.fps, r.mbit, r.p50, r.p99, r.meanWidth);
        }
        if (proxy != null) proxy.close();
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", label,
                stat(results, Run::ttfiMs, "%.0f"), stat(results, Run::fps, "%.1f"), stat(results, Run::mbit, "%.2f"),
                stat(results, Run::p50, "%.0f"), stat(results, Run::meanWidth, "%.0f"));
    }

    private static String stat(List<Run> runs, java.util.function.ToDoubleFunction<Run> f, String fmt) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return String.format(Locale.ROOT, fmt + " [" + fmt + "–" + fmt + "]", v[v.length / 2], v[0], v[v.length - 1]);
    }

    private static Run client(String host, int port, String study, int viewport, int seconds) throws Exception {
        long open = System.nanoTime();
        try (ViewerClient c = ViewerClient.open(host, port, study, viewport, viewport, true, true)) {
            ViewerClient.FrameInfo first = c.awaitFrame(ViewerClient.FrameInfo::lossless, 60_000);
            double ttfi = (first.receivedNanos() - open) / 1e6;
            Thread.sleep(300);
            int statesBefore = 0;
            for (JsonNode t : c.texts) if (t.path("type").asText().equals("state")) statesBefore = Math.max(statesBefore, t.get("seq").asInt());
            int framesBefore = c.frames.size();
            List<Long> sent = new ArrayList<>();
            long t0 = System.nanoTime(), end = t0 + seconds * 1_000_000_000L;
            int i = 0;
            while (System.nanoTime() < end) {
                sent.add(System.nanoTime());
                if (i % 4 == 3) c.drag("windowLevel", i % 8 == 3 ? 2 : -2, 1);
                else c.wheel((i / 20) % 2 == 0 ? 1 : -1);
                i++;
                Thread.sleep(16);
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(500);
            List<ViewerClient.FrameInfo> frames = c.frames.subList(framesBefore, c.frames.size());
            List<ViewerClient.FrameInfo> during = frames.stream().filter(f -> f.receivedNanos() <= end && !f.lossless()).toList();
            long bytes = frames.stream().filter(f -> f.receivedNanos() <= end).mapToLong(f -> f.payloadLength() + 32L).sum();
            List<Double> lat = new ArrayList<>();
            for (int k = 0; k < sent.size(); k++) {
                int seq = statesBefore + k + 1;
                for (ViewerClient.FrameInfo f : frames) {
                    if (f.seq() >= seq) {
                        lat.add((f.receivedNanos() - sent.get(k)) / 1e6);
                        break;
                    }
                }
            }
            lat.sort(null);
            double meanWidth = during.stream().mapToInt(ViewerClient.FrameInfo::width).average().orElse(0);
            return new Run(ttfi, during.size() / elapsed, bytes * 8 / elapsed / 1e6, pct(lat, 0.5), pct(lat, 0.99), meanWidth);
        }
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size())));
    }
}
