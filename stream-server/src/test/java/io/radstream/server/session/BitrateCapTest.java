package io.radstream.server.session;

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

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A configured bitrate cap holds the interactive stream under it on a fast (loopback) link. */
class BitrateCapTest {

    @Test
    void interactiveStreamStaysUnderTheCap(@TempDir Path dir) throws Exception {
        CtPhantom.write(CtPhantom.Spec.defaults(40).withMatrix(256, 256), dir.resolve("ct"));
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            assertTrue(new Importer(index).importPaths(List.of(dir.resolve("ct"))).errors().isEmpty());
            double uncapped = interactiveMbps(index, ServerConfig.defaults());
            double capped = interactiveMbps(index, ServerConfig.defaults().withMaxInteractiveBitsPerSecond(1e6));
            System.out.printf("interactive stream: %.2f Mbit/s uncapped, %.2f Mbit/s with a 1 Mbit/s cap%n", uncapped, capped);
            // the policy learns the content's bytes per pixel from the first frames, so a 3 s scroll
            // overshoots a little (measured 1.22 Mbit/s); half again the cap is still a failure
            assertTrue(capped <= 1.5, "1 Mbit/s cap, measured " + capped + " Mbit/s");
            assertTrue(uncapped > 2 * capped, "without the cap the same scroll uses more: " + uncapped + " vs " + capped);
        }
    }

    /** Mbit/s of interactive frames while scrolling at 60 Hz for 3 s (JPEG client, 512² viewport). */
    private static double interactiveMbps(StudyIndex index, ServerConfig config) throws Exception {
        try (RadstreamServer server = RadstreamServer.start(config.withPort(0).withBindAddress("127.0.0.1"), index);
             ViewerClient c = ViewerClient.open(server.port(), index.listStudies().getFirst().studyKey(), 512, 512, true, true)) {
            c.awaitFrame(ViewerClient.FrameInfo::lossless, 20_000);
            int before = c.frames.size();
            long t0 = System.nanoTime();
            for (int i = 0; i < 180; i++) {
                c.wheel((i / 15) % 2 == 0 ? 1 : -1);
                Thread.sleep(16);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long bytes = c.frames.subList(before, c.frames.size()).stream()
                    .filter(f -> !f.lossless()).mapToLong(ViewerClient.FrameInfo::payloadLength).sum();
            return bytes * 8 / seconds / 1e6;
        }
    }
}
