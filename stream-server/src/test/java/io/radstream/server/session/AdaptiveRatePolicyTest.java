package io.radstream.server.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AdaptiveRatePolicyTest {
    private static final long PX = 512L * 512;
    private static final long S = 1_000_000_000L;
    private static final double Q = 20e6; // some queue: the estimate is the link rate
    private static final long RTT = 80_000_000L;

    @Test
    void unknownOrFastLinkGetsFullResolutionBestQuality() {
        RatePolicy p = new RatePolicy(Double.POSITIVE_INFINITY);
        assertEquals(RatePolicy.LADDER.getFirst(), p.choose(Double.NaN, Q, RTT, PX, 0));
        assertEquals(RatePolicy.LADDER.getFirst(), p.choose(1e9, Q, RTT, PX, S));
    }

    @Test
    void slowLinkDropsAtOnceAndFramesFitTheBudget() {
        for (double bps : new double[]{50e6, 5e6, 1e6, 0.3e6}) {
            RatePolicy p = new RatePolicy(Double.POSITIVE_INFINITY);
            RatePolicy.Level l = p.choose(bps, Q, RTT, PX, 0);
            int i = p.levelIndex();
            assertTrue(i == RatePolicy.LADDER.size() - 1 || p.predictedBytes(i, PX) <= p.budgetBytes(bps),
                    bps + " -> " + l);
        }
        RatePolicy p = new RatePolicy(Double.POSITIVE_INFINITY);
        assertEquals(0.25, p.choose(1e6, Q, RTT, PX, 0).scale(), "1 Mbit/s at 512²: quarter resolution");
        assertTrue(p.choose(5e6, Q, RTT, PX, 1).scale() < 1 || p.choose(5e6, Q, RTT, PX, 1).quality() < 0.85f);
    }

    @Test
    void goesUpOneLevelAtATimeNotTooOften() {
        RatePolicy p = new RatePolicy(Double.POSITIVE_INFINITY);
        p.choose(0.5e6, Q, RTT, PX, 0);
        int low = p.levelIndex();
        p.choose(1e9, Q, RTT, PX, 1); // too soon after the drop
        assertEquals(low, p.levelIndex());
        p.choose(1e9, Q, RTT, PX, RatePolicy.UP_INTERVAL_NANOS + 1);
        assertEquals(low - 1, p.levelIndex());
        p.choose(1e9, Q, RTT, PX, RatePolicy.UP_INTERVAL_NANOS + 2);
        assertEquals(low - 1, p.levelIndex());
    }

    @Test
    void learnsThatContentIsLargerThanThePrior() {
        RatePolicy p = new RatePolicy(Double.POSITIVE_INFINITY);
        double bps = 20e6;
        p.choose(bps, Q, RTT, PX, 0);
        int before = p.levelIndex();
        RatePolicy.Level used = RatePolicy.LADDER.get(before);
        for (int k = 0; k < 20; k++) p.observe(used, PX, (int) (3 * used.priorBytesPerPixel() * PX));
        assertEquals(3, p.contentFactor(), 0.1);
        p.choose(bps, Q, RTT, PX, 1);
        assertTrue(p.levelIndex() > before, "bigger frames than expected: step down");
    }

    @Test
    void noQueueMeansTheEstimateIsALowerBoundSoItProbesUp() {
        RatePolicy p = new RatePolicy(Double.POSITIVE_INFINITY);
        p.choose(1e6, Q, RTT, PX, 0);
        int low = p.levelIndex();
        p.choose(1e6, 0, RTT, PX, 1); // app-limited: no reason to go down, too soon to go up
        assertEquals(low, p.levelIndex());
        p.choose(1e6, 0, RTT, PX, S);
        assertEquals(low - 1, p.levelIndex());
    }

    @Test
    void longQueueStepsDownEvenWhenTheEstimateFits() {
        RatePolicy p = new RatePolicy(Double.POSITIVE_INFINITY);
        p.choose(1e9, 100e6, RTT, PX, 0);
        assertEquals(1, p.levelIndex());
    }

    @Test
    void capLimitsEvenAFastLink() {
        RatePolicy p = new RatePolicy(4e6);
        p.choose(1e9, Q, RTT, PX, 0);
        assertTrue(p.predictedBytes(p.levelIndex(), PX) <= p.budgetBytes(1e9));
        assertEquals(4e6 * RatePolicy.BUDGET_SHARE / 8 / RatePolicy.TARGET_FPS, p.budgetBytes(1e9), 1e-6);
    }
}
