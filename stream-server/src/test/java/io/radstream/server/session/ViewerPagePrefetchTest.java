package io.radstream.server.session;

import io.radstream.server.client.ViewerClient;
import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requesting the viewer page starts opening the study it names, before any WebSocket exists, and
 * the viewer's own open then shares that volume instead of loading a second one.
 */
class ViewerPagePrefetchTest {
    private static final int SLICES = 8, SIZE = 256;
    private static final long VOLUME_BYTES = (long) SLICES * SIZE * SIZE * 2;

    private PhantomStudyServer study;

    @BeforeEach
    void start() throws Exception {
        study = PhantomStudyServer.start("prefetch", SLICES, SIZE);
    }

    @AfterEach
    void stop() {
        if (study != null) study.close();
    }

    @Test
    void thePageRequestLoadsTheStudyAndTheViewerSharesIt() throws Exception {
        long before = Volume.residentBytes();
        HttpResponse<String> page = get("/viewer.html?study=" + study.studyKey);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("radstreamBoot"), "the page itself is served unchanged");

        long deadline = System.currentTimeMillis() + 20_000;
        while (Volume.residentBytes() - before < VOLUME_BYTES && System.currentTimeMillis() < deadline) Thread.sleep(10);
        assertEquals(VOLUME_BYTES, Volume.residentBytes() - before, "the study's volume is in memory with no viewer connected");

        try (ViewerClient viewer = ViewerClient.open(study.port(), study.studyKey, 128, 128, true, true)) {
            assertNotNull(viewer.awaitFrame(ViewerClient.FrameInfo::lossless, 20_000), "the viewer gets its first image");
            assertEquals(VOLUME_BYTES, Volume.residentBytes() - before, "the viewer's open reused the prefetched volume");
        }
    }

    @Test
    void anUnknownStudyInThePageUrlIsHarmless() throws Exception {
        long before = Volume.residentBytes();
        assertEquals(200, get("/viewer.html?study=0123456789abcdef").statusCode(), "the page shows (and reports the error itself)");
        assertEquals(200, get("/viewer.html").statusCode());
        assertEquals(200, get("/healthz").statusCode());
        try (ViewerClient viewer = ViewerClient.open(study.port(), study.studyKey, 128, 128, true, true)) {
            assertNotNull(viewer.awaitFrame(ViewerClient.FrameInfo::lossless, 20_000), "other studies still open");
        }
        assertEquals(VOLUME_BYTES, Volume.residentBytes() - before, "nothing but the viewed study was loaded");
    }

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + study.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
