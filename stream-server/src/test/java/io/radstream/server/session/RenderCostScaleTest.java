package io.radstream.server.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RenderCostScaleTest {
    private static final long MS = 1_000_000L;

    @Test
    void aSlowViewStepsDownUntilItFitsAndACheapOneClimbsBackWithinASecond() {
        RenderCostScale c = new RenderCostScale();
        long now = 0;
        assertEquals(1, c.scale());
        c.observe(1, 3000 * MS, now += 3000 * MS); // a full-volume MIP at full size
        assertEquals(0.5, c.scale());
        c.observe(0.5, 300 * MS, now += 300 * MS);
        assertEquals(0.25, c.scale());
        long changed = now;
        c.observe(0.25, 35 * MS, now += 35 * MS); // fits: stays
        assertEquals(0.25, c.scale());
        // back to a cheap view: no climb within the interval after the last change
        c.observe(0.25, 2 * MS, now = changed + 100 * MS);
        assertEquals(0.25, c.scale(), "not within the interval after the last change");
        c.observe(0.25, 30 * MS, now = changed + 600 * MS); // under budget but not far under: stays
        assertEquals(0.25, c.scale());
        c.observe(0.25, 2 * MS, now += 10 * MS); // far under budget: one step up
        assertEquals(0.5, c.scale());
        c.observe(0.5, 4 * MS, now += 500 * MS);
        assertEquals(1, c.scale());
    }

    @Test
    void framesTheLinkMadeSmallerTeachNothingAndTheScaleNeverDropsBelowAnEighth() {
        RenderCostScale c = new RenderCostScale();
        c.observe(0.5, 1 * MS, 0); // the link chose ½ while the renderer allows 1: nothing to learn
        assertEquals(1, c.scale());
        long now = 0;
        for (int i = 0; i < 10; i++) c.observe(c.scale(), 5000 * MS, now += 5000 * MS);
        assertEquals(RenderCostScale.MIN_SCALE, c.scale());
    }

    @Test
    void aSmallViewportIsNeverScaledBelow128Pixels() {
        RenderCostScale c = new RenderCostScale();
        long now = 0;
        for (int i = 0; i < 5; i++) c.observe(c.scale(), 5000 * MS, now += 5000 * MS);
        assertEquals(RenderCostScale.MIN_SCALE, c.scaleFor(2048));
        assertEquals(0.25, c.scaleFor(512));
        assertEquals(1, c.scaleFor(100));
    }
}
