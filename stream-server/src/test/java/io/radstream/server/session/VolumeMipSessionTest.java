package io.radstream.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.server.client.ViewerClient;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rotating full-volume MIP over a real socket: key 5 then spinning. A full-size frame costs
 * far more than the 40 ms render budget on the CPU backend, so while the volume turns frames come
 * back smaller (render-cost scaling), and when it stops one lossless frame of the full viewport.
 */
class VolumeMipSessionTest {

    @Test
    void spinningTheVolumeStreamsSmallerFramesThenAFullSizeLosslessStill(@TempDir Path dir) throws Exception {
        CtPhantom.write(CtPhantom.Spec.defaults(64).withMatrix(256, 256), dir.resolve("ct"));
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            assertTrue(new Importer(index).importPaths(List.of(dir.resolve("ct"))).errors().isEmpty());
            ServerConfig config = ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1").withBackend("cpu");
            try (RadstreamServer server = RadstreamServer.start(config, index);
                 ViewerClient c = ViewerClient.open(server.port(), index.listStudies().getFirst().studyKey(), 384, 384, true, true)) {
                c.awaitFrame(ViewerClient.FrameInfo::lossless, 30_000);
                c.send("{\"type\":\"input\",\"kind\":\"view\",\"view\":\"volume\"}");
                JsonNode state = awaitState(c, "volume", 30_000);
                assertNotNull(state, "a state with view=volume");
                assertEquals("MIP", state.path("projection").asText());
                int before = c.frames.size();
                // 3° a step, 15 steps a second, as key r does, until a few frames came back (a
                // loaded machine renders the first, full-size one slowly)
                long give = System.nanoTime() + 60_000_000_000L;
                for (int i = 0; i < 40 || (interactiveSince(c, before) < 4 && System.nanoTime() < give); i++) {
                    c.drag("rotate", 6, 0);
                    Thread.sleep(66);
                }
                long stillAfter = System.nanoTime();
                ViewerClient.FrameInfo still = c.awaitFrame(f -> f.lossless() && f.receivedNanos() > stillAfter, 60_000);
                assertNotNull(still, "a lossless still after the spin");
                assertEquals(384, still.width());
                assertEquals(384, still.height());
                List<ViewerClient.FrameInfo> spin = c.frames.subList(before, c.frames.size()).stream().filter(f -> !f.lossless()).toList();
                assertTrue(spin.size() >= 3, "interactive frames while spinning: " + spin.size());
                int smallest = spin.stream().mapToInt(ViewerClient.FrameInfo::width).min().orElseThrow();
                System.out.printf("volume MIP spin: %d interactive frames, widths %s, still render %d ms%n", spin.size(),
                        spin.stream().map(f -> String.valueOf(f.width())).distinct().toList(), still.renderMicros() / 1000);
                assertTrue(smallest <= 192, "a full-size volume MIP is over the render budget, so the spin comes back at ½ or less: " + smallest);
            }
        }
    }

    private static long interactiveSince(ViewerClient c, int before) {
        return c.frames.subList(before, c.frames.size()).stream().filter(f -> !f.lossless()).count();
    }

    private static JsonNode awaitState(ViewerClient c, String view, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            for (JsonNode t : c.texts) if ("state".equals(t.path("type").asText()) && view.equals(t.path("view").asText())) return t;
            Thread.sleep(20);
        }
        return null;
    }
}
