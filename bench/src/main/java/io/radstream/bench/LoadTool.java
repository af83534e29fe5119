package io.radstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.server.client.ViewerClient;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * N concurrent headless viewers (the protocol client, no browser) replaying a scroll and
 * window/level script against a server on loopback. Each input changes the view, so the k-th state
 * the server announces answers the k-th input; input-to-frame is the time from sending input k to
 * receiving the first frame that shows state k or a later one.
 *
 * <pre>java [-Dradstream.load.codecs=jpeg,png,h264] -cp bench/target/benchmarks.jar io.radstream.bench.LoadTool [seconds] [viewport] [N...]</pre>
 * The clients offer the codecs in {@code radstream.load.codecs} (default: none, i.e. JPEG + PNG).
 */
public final class LoadTool {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int viewport = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int[] counts = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray() : new int[]{1, 4, 8, 16};
        Path dir = Files.createTempDirectory("radstream-load");
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            CtPhantom.write(CtPhantom.Spec.defaults(120), dir.resolve("ct"));
            new Importer(index).importPaths(List.of(dir.resolve("ct")));
            String study = index.listStudies().getFirst().studyKey();
            try (RadstreamServer server = RadstreamServer.start(ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index)) {
                System.out.printf(Locale.ROOT, "| clients | viewport | fps per client (median, min) | input-to-frame p50 / p99 ms | Mbit/s per client |%n|---|---|---|---|---|%n");
                for (int n : counts) run(server.port(), study, n, viewport, seconds);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private record Result(double fps, List<Double> latenciesMs, double mbitPerSecond) {}

    private static void run(int port, String study, int n, int viewport, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Result>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) futures.add(pool.submit(() -> client(port, study, viewport, seconds)));
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) results.add(f.get());
        pool.shutdown();
        double[] fps = results.stream().mapToDouble(Result::fps).sorted().toArray();
        List<Double> lat = new ArrayList<>();
        results.forEach(r -> lat.addAll(r.latenciesMs()));
        lat.sort(null);
        double mbit = results.stream().mapToDouble(Result::mbitPerSecond).average().orElse(0);
        System.out.printf(Locale.ROOT, "| %d | %d² | %.1f, %.1f | %.1f / %.1f | %.2f |%n", n, viewport, fps[fps.length / 2], fps[0],
                pct(lat, 0.5), pct(lat, 0.99), mbit);
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size())));
    }

    /** One viewer: wheel at 60 Hz, a window/level drag every 4th event; ~{@code seconds} long. */
    private static Result client(int port, String study, int viewport, int seconds) throws Exception {
        String offered = System.getProperty("radstream.load.codecs", "");
        List<String> codecs = offered.isBlank() ? List.of() : List.of(offered.split(","));
        try (ViewerClient c = ViewerClient.open("127.0.0.1", port, study, viewport, viewport, true, true, codecs)) {
            c.awaitFrame(f -> f.lossless(), 30_000);
            int statesBefore = states(c);
            int framesBefore = c.frames.size();
            List<Long> sent = new ArrayList<>();
            long t0 = System.nanoTime(), end = t0 + seconds * 1_000_000_000L;
            int i = 0;
            while (System.nanoTime() < end) {
                sent.add(System.nanoTime());
                if (i % 4 == 3) c.drag("windowLevel", i % 8 == 3 ? 2 : -2, 1);
                else c.wheel((i / 20) % 2 == 0 ? 1 : -1); // stay inside the stack
                i++;
                Thread.sleep(16);
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(300);
            List<ViewerClient.FrameInfo> frames = c.frames.subList(framesBefore, c.frames.size());
            long interactive = frames.stream().filter(f -> f.receivedNanos() <= end).count();
            long bytes = frames.stream().filter(f -> f.receivedNanos() <= end).mapToLong(ViewerClient.FrameInfo::payloadLength).sum();
            List<Double> lat = new ArrayList<>();
            int base = statesBefore; // state seq k (k > base) answers input k - base - 1
            for (int k = 0; k < sent.size(); k++) {
                int seq = base + k + 1;
                for (ViewerClient.FrameInfo f : frames) {
                    if (f.seq() >= seq) {
                        lat.add((f.receivedNanos() - sent.get(k)) / 1e6);
                        break;
                    }
                }
            }
            return new Result(interactive / elapsed, lat, bytes * 8 / elapsed / 1e6);
        }
    }

    private static int states(ViewerClient c) {
        int max = 0;
        for (JsonNode t : c.texts) if (t.path("type").asText().equals("state")) max = Math.max(max, t.get("seq").asInt());
        return max;
    }
}
