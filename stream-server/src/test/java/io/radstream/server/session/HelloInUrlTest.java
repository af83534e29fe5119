package io.radstream.server.session;

import io.radstream.server.client.ViewerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hello carried by the WebSocket upgrade URL (what the web client does, so the study opens when
 * the handshake completes): the same first image as a hello message, and the same checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelloInUrlTest {
    private PhantomStudyServer study;

    @BeforeAll
    void start() throws Exception {
        study = PhantomStudyServer.start("hello-url", 8, 256);
    }

    @AfterAll
    void stop() {
        if (study != null) study.close();
    }

    @Test
    void theFirstImageComesWithoutAnyMessageAndEqualsTheHelloMessagesOne() throws Exception {
        byte[] viaUrl, viaMessage;
        try (ViewerClient c = ViewerClient.openWithHelloInUrl(study.port(),
                "study=" + study.studyKey + "&width=128&height=96&dpr=1&codecs=jpeg,png")) {
            ViewerClient.FrameInfo f = c.awaitFrame(ViewerClient.FrameInfo::lossless, 20_000);
            assertNotNull(f, "a lossless first frame with no message sent");
            assertEquals(128, f.width());
            assertEquals(96, f.height());
            assertTrue(c.texts.stream().anyMatch(t -> t.path("type").asText().equals("state")), "the state follows too");
            viaUrl = c.losslessPayloads.get(f.id());
        }
        try (ViewerClient c = ViewerClient.openLayout(study.port(), study.studyKey, 128, 96, "1x1", List.of("jpeg", "png"))) {
            ViewerClient.FrameInfo f = c.awaitFrame(ViewerClient.FrameInfo::lossless, 20_000);
            assertNotNull(f);
            viaMessage = c.losslessPayloads.get(f.id());
        }
        assertArrayEquals(viaMessage, viaUrl, "the same view, the same PNG");
    }

    @Test
    void aSecondHelloAndBadFieldsAreRefusedAsForTheMessage() throws Exception {
        try (ViewerClient c = ViewerClient.openWithHelloInUrl(study.port(), "study=" + study.studyKey + "&width=64&height=64")) {
            assertNotNull(c.awaitFrame(ViewerClient.FrameInfo::lossless, 20_000));
            c.send("{\"type\":\"hello\",\"study\":\"" + study.studyKey + "\",\"width\":64,\"height\":64}");
            assertEquals(4400, awaitClose(c));
            assertTrue(c.texts.stream().anyMatch(t -> t.path("message").asText().contains("sent twice")), c.texts.toString());
        }
        try (ViewerClient c = ViewerClient.openWithHelloInUrl(study.port(), "study=" + study.studyKey + "&width=abc&height=64")) {
            assertEquals(4400, awaitClose(c));
            assertTrue(c.texts.stream().anyMatch(t -> t.path("message").asText().contains("width")), c.texts.toString());
        }
        try (ViewerClient c = ViewerClient.openWithHelloInUrl(study.port(), "study=0123456789abcdef&width=64&height=64")) {
            assertEquals(4404, awaitClose(c));
        }
    }

    private static int awaitClose(ViewerClient c) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (c.closeCode() < 0 && System.currentTimeMillis() < end) Thread.sleep(10);
        return c.closeCode();
    }
}
