package io.radstream.server.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AdaptiveLinkEstimatorTest {
    private static final long MS = 1_000_000;

    /** Simulates a link of {@code bps} with {@code rttMs} propagation, frames sent back to back (window 2). */
    private static LinkEstimator simulate(double bps, double rttMs, int frameBytes, int frames) {
        LinkEstimator e = new LinkEstimator();
        long linkFree = 0;
        long now = 0;
        long[] ackAt = new long[frames + 1];
        for (int id = 1; id <= frames; id++) {
            long send = id <= 2 ? now : ackAt[id - 2]; // window of two: next send when frame id-2 is acked
            e.sent(id, send, frameBytes);
            long start = Math.max(send + (long) (rttMs / 2 * MS), linkFree);
            long done = start + (long) (frameBytes * 8e9 / bps);
            linkFree = done;
            ackAt[id] = done + (long) (rttMs / 2 * MS);
            if (id >= 2) e.acked(id - 1, ackAt[id - 1], 0);
        }
        e.acked(frames, ackAt[frames], 0);
        return e;
    }

    @Test
    void nothingKnownBeforeTheFirstAck() {
        LinkEstimator e = new LinkEstimator();
        assertTrue(Double.isNaN(e.bitsPerSecond()));
        assertTrue(Double.isNaN(e.srttNanos()));
        assertEquals(0, e.minRttNanos());
    }

    @Test
    void findsTheBandwidthOfASaturatedSlowLink() {
        LinkEstimator e = simulate(1e6, 100, 10_000, 40);
        assertEquals(1e6, e.bitsPerSecond(), 0.15e6);
        assertTrue(e.minRttNanos() >= 100 * MS, "min rtt " + e.minRttNanos());
    }

    @Test
    void findsTheBandwidthOfAMediumLink() {
        LinkEstimator e = simulate(5e6, 80, 20_000, 60);
        assertEquals(5e6, e.bitsPerSecond(), 0.75e6);
    }

    @Test
    void queueingShowsAsQueueDelay() {
        LinkEstimator e = new LinkEstimator();
        long t = 0;
        for (int id = 1; id <= 40; id++) { // RTT grows by 5 ms per frame: a queue building up
            e.sent(id, t, 1000);
            e.acked(id, t + (50 + 5L * id) * MS, 0);
            t += 10 * MS;
        }
        assertTrue(e.queueNanos() > 50 * MS, "queue " + e.queueNanos() / 1e6);
    }

    @Test
    void aFastLinkReadsAsFast() {
        LinkEstimator e = simulate(1e9, 0.2, 30_000, 60);
        assertTrue(e.bitsPerSecond() > 100e6, "bw " + e.bitsPerSecond());
    }

    @Test
    void cumulativeAckCoversSkippedFramesAndDecodeTimeIsSubtracted() {
        LinkEstimator e = new LinkEstimator();
        e.sent(1, 0, 1000);
        e.sent(2, 10 * MS, 1000);
        e.acked(2, 60 * MS, 10); // painted 10 ms after arrival
        assertEquals(40 * MS, (long) e.srttNanos());
        assertEquals(0, e.bytesInFlight());
        e.acked(2, 70 * MS, 0); // duplicate: ignored
        assertEquals(1, e.samples());
    }

    @Test
    void ackForUnknownFrameIsIgnored() {
        LinkEstimator e = new LinkEstimator();
        e.acked(5, 10 * MS, 0);
        assertEquals(0, e.samples());
    }
}
