package io.radstream.server.session;

import io.radstream.server.client.ViewerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** H.264 negotiation: offered in hello → interactive frames are codec 3 with IDRs where required; stills stay PNG. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H264SessionTest {
    private PhantomStudyServer study;

    @BeforeAll
    void start() throws Exception {
        study = PhantomStudyServer.start("h264", 12, 256);
    }

    @AfterAll
    void stop() {
        if (study != null) study.close();
    }

    private static int lastSeq(ViewerClient c) {
        return c.texts.stream().filter(t -> t.path("type").asText().equals("state")).mapToInt(t -> t.get("seq").asInt()).max().orElseThrow();
    }

    /** Scrolls in small steps so several interactive frames go out, then waits for the still of the last state. */
    private static ViewerClient.FrameInfo scrollThenStill(ViewerClient c, int delta) throws Exception {
        for (int i = 0; i < 5; i++) {
            c.wheel(delta);
            Thread.sleep(40);
        }
        Thread.sleep(50);
        int seq = lastSeq(c);
        return c.awaitFrame(f -> f.lossless() && f.seq() == seq, 10_000);
    }

    @Test
    void offeredH264GivesH264InteractiveFramesWithIdrsAfterStillsAndPngStills() throws Exception {
        try (ViewerClient c = ViewerClient.open("127.0.0.1", study.port(), study.studyKey, 301, 200, true, true,
                List.of("h264", "jpeg", "png"))) {
            ViewerClient.FrameInfo first = c.awaitFrame(f -> true, 10_000);
            assertTrue(first.lossless());
            assertEquals(2, first.codec(), "the first frame is a PNG still");
            ViewerClient.FrameInfo still1 = scrollThenStill(c, 1);
            assertEquals(2, still1.codec(), "still is PNG");
            ViewerClient.FrameInfo still2 = scrollThenStill(c, -1);
            assertEquals(2, still2.codec());

            List<ViewerClient.FrameInfo> frames = List.copyOf(c.frames);
            boolean previousWasStill = true;
            int pFrames = 0, interactive = 0;
            for (ViewerClient.FrameInfo f : frames) {
                if (f.lossless()) {
                    assertEquals(2, f.codec(), "stills stay PNG");
                    previousWasStill = true;
                    continue;
                }
                interactive++;
                assertEquals(3, f.codec(), "interactive frames are H.264 when offered");
                if (previousWasStill) assertTrue(f.keyFrame(), "first interactive frame after a still is an IDR: frame " + f.id());
                if (!f.keyFrame()) pFrames++;
                previousWasStill = false;
            }
            assertTrue(interactive >= 2, "interactive frames: " + interactive);
            assertTrue(pFrames >= 1, "P frames follow the IDR within a burst; frames " + frames);
        }
    }

    @Test
    void withoutTheOfferInteractiveFramesStayJpeg() throws Exception {
        try (ViewerClient c = ViewerClient.open("127.0.0.1", study.port(), study.studyKey, 300, 200, true, true,
                List.of("jpeg", "png"))) {
            c.awaitFrame(f -> true, 10_000);
            c.wheel(1);
            ViewerClient.FrameInfo lossy = c.awaitFrame(f -> !f.lossless(), 5_000);
            assertEquals(1, lossy.codec());
            assertTrue(lossy.keyFrame());
        }
    }
}
