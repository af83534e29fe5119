package io.radstream.server.session;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window shared by a session's viewports: what one viewport could do alone, never more per extra viewport. */
class SessionLinkTest {

    @Test
    void framesInFlightStayWithinTheWindowPlusOneWhateverTheViewports() {
        SessionLink link = new SessionLink(new EmbeddedChannel());
        int w = link.window();
        assertEquals(SessionLink.WINDOW, w, "no RTT measured yet");
        // three viewports each start a frame: window + 1 in production at most
        for (int i = 0; i < w + 1; i++) assertTrue(link.tryReserve(), "place " + i);
        assertFalse(link.tryReserve(), "a fourth frame would exceed window + 1");
        // they are written: w + 1 unacknowledged frames, nothing more may start
        for (int i = 0; i < w + 1; i++) assertEquals(i + 1, link.assignId(), "ids increase across viewports");
        assertFalse(link.tryReserve());
        // the client painted the first two: one unacknowledged, so two may start (1 + 2 = w + 1)
        link.acknowledged(2, 1.0);
        assertTrue(link.tryReserve());
        assertTrue(link.tryReserve());
        assertFalse(link.tryReserve());
        // a frame that waits for its slice gives its place back
        link.release();
        assertTrue(link.tryReserve());
    }

    @Test
    void aSingleViewportKeepsItsOldWindow() {
        // alone, a viewport starts a frame while fewer than `window` frames are unacknowledged
        // (so the frame in production is the one beyond the window), as before layouts
        SessionLink link = new SessionLink(new EmbeddedChannel());
        for (int i = 0; i < link.window(); i++) {
            assertTrue(link.tryReserve(), "frame " + (i + 1));
            link.assignId();
        }
        assertFalse(link.tryReserve(), "window full: wait for an ack");
        link.acknowledged(1, 1);
        assertTrue(link.tryReserve());
    }

    @Test
    void anAckPumpsEveryViewportStartingWithADifferentOneEachTime() {
        SessionLink link = new SessionLink(new EmbeddedChannel());
        StringBuilder order = new StringBuilder();
        for (String v : new String[]{"0", "1", "2"}) link.register(() -> order.append(v));
        AtomicInteger id = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            link.tryReserve();
            id.set(link.assignId());
        }
        link.acknowledged(1, 1);
        link.acknowledged(2, 1);
        link.acknowledged(3, 1);
        assertEquals("012120201", order.toString());
    }
}
