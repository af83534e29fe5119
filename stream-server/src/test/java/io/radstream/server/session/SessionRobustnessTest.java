package io.radstream.server.session;

import io.radstream.server.client.ViewerClient;
import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions against real sockets: stalled readers, vanished clients and session churn must not
 * grow server memory or leak off-heap volumes, and /metrics must count what happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionRobustnessTest {
    private PhantomStudyServer study;

    @BeforeAll
    void start() throws Exception {
        study = PhantomStudyServer.start("sessions", 8, 256);
    }

    @AfterAll
    void stop() {
        if (study != null) study.close();
    }

    @Test
    void firstFrameIsLosslessThenInputGivesLossyFramesThenAStill() throws Exception {
        try (ViewerClient c = ViewerClient.open(study.port(), study.studyKey, 300, 200, true, true)) {
            ViewerClient.FrameInfo first = c.awaitFrame(f -> true, 10_000);
            assertTrue(first.lossless());
            assertEquals(2, first.codec(), "PNG");
            assertEquals(300, first.width());
            assertEquals(200, first.height());
            for (int i = 0; i < 3; i++) c.wheel(1);
            long lastInput = System.nanoTime();
            ViewerClient.FrameInfo lossy = c.awaitFrame(f -> !f.lossless(), 5_000);
            assertEquals(1, lossy.codec(), "JPEG while interacting");
            int lastSeq = c.texts.stream().filter(t -> t.path("type").asText().equals("state")).mapToInt(t -> t.get("seq").asInt()).max().orElseThrow();
            ViewerClient.FrameInfo still = c.awaitFrame(f -> f.lossless() && f.seq() == lastSeq, 5_000);
            assertTrue(still.receivedNanos() - lastInput >= 140_000_000L, "the still follows 150 ms of quiet");
        }
        String metrics = get("/metrics");
        assertTrue(value(metrics, "radstream_frames_sent_total\\{codec=\"png\"}") >= 2, metrics);
        assertTrue(value(metrics, "radstream_frames_sent_total\\{codec=\"jpeg\"}") >= 1);
        assertTrue(value(metrics, "radstream_ttfi_server_seconds_count") >= 1);
        assertTrue(value(metrics, "radstream_client_decode_paint_seconds_count") >= 1, "acks reach the metrics");
        assertTrue(value(metrics, "radstream_volumes_resident_bytes") >= 8 * 256 * 256 * 2);
        String status = get("/api/status");
        assertTrue(status.contains("\"backend\":\"cpu\"") && status.contains("\"residentVolumeBytes\":"), status);
    }

    @Test
    void aClientThatStopsReadingGetsFramesDroppedNotQueued() throws Exception {
        double droppedBefore = value(get("/metrics"), "radstream_frames_dropped_total");
        double sentBefore = value(get("/metrics"), "radstream_frames_sent_total\\{codec=\"jpeg\"}");
        try (ViewerClient c = ViewerClient.open(study.port(), study.studyKey, 512, 512, false, false)) {
            Thread.sleep(500);
            for (int i = 0; i < 400; i++) {
                c.wheel(i % 2 == 0 ? 1 : -1);
                c.drag("windowLevel", 1, 1);
            }
            // wait until the server has worked through the 800 inputs (the drop count settles)
            double last = -1, now = value(get("/metrics"), "radstream_frames_dropped_total");
            long deadline = System.currentTimeMillis() + 20_000;
            while (now != last && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                last = now;
                now = value(get("/metrics"), "radstream_frames_dropped_total");
            }
        }
        String m = get("/metrics");
        double sent = value(m, "radstream_frames_sent_total\\{codec=\"jpeg\"}") - sentBefore;
        double dropped = value(m, "radstream_frames_dropped_total") - droppedBefore;
        // no acks, no reading: only the unacknowledged window (plus one per ack timeout) goes out
        assertTrue(sent <= 10, "frames sent to a stalled client: " + sent);
        assertTrue(dropped >= 800 - sent - 10, "states replaced instead of queued: " + dropped + " (sent " + sent + ")");
    }

    @Test
    void sessionChurnAndVanishedClientsLeakNoOffHeapMemory() throws Exception {
        try (ViewerClient warm = ViewerClient.open(study.port(), study.studyKey, 64, 64, true, true)) {
            warm.awaitFrame(f -> f.lossless(), 10_000);
        }
        long resident = Volume.residentBytes();
        List<ViewerClient> clients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ViewerClient c = ViewerClient.open(study.port(), study.studyKey, 64, 64, true, true);
            clients.add(c);
            if (i % 10 == 9) {
                for (ViewerClient open : clients) open.awaitFrame(f -> true, 10_000);
                for (int k = 0; k < clients.size(); k++) {
                    if (k % 2 == 0) clients.get(k).abort(); // vanish mid-stream
                    else clients.get(k).close();
                }
                clients.clear();
            }
        }
        long deadline = System.currentTimeMillis() + 5_000;
        while (value(get("/metrics"), "radstream_sessions") > 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertEquals(0, value(get("/metrics"), "radstream_sessions"), "every session closed");
        assertEquals(resident, Volume.residentBytes(), "the cached volume is shared; sessions add no off-heap bytes");
        try (ViewerClient after = ViewerClient.open(study.port(), study.studyKey, 64, 64, true, true)) {
            assertTrue(after.awaitFrame(f -> f.lossless(), 10_000).lossless(), "the server still serves");
        }
    }

    @Test
    void unknownStudyClosesWithAnApplicationCode() throws Exception {
        try (ViewerClient c = ViewerClient.open(study.port(), "0123456789abcdef", 64, 64, true, true)) {
            long end = System.currentTimeMillis() + 5_000;
            while (c.closeCode() < 0 && System.currentTimeMillis() < end) Thread.sleep(10);
            assertEquals(4404, c.closeCode());
            assertTrue(c.texts.stream().anyMatch(t -> t.path("type").asText().equals("error")));
        }
    }

    private String get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + study.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
