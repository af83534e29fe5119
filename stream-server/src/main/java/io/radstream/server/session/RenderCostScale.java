package io.radstream.server.session;

/**
 * Caps an interactive frame's resolution scale by what the renderer can do in time, as
 * {@link RatePolicy} caps it by what the link can carry. A view can cost a hundred times more
 * than another (a thin reformat against a full-volume MIP, whose 512² frame takes seconds on
 * two cores): while input arrives, such a view is rendered at ½, ¼ or ⅛ of the viewport, where
 * the CPU renderer's MIP pyramid also makes each ray shorter, and the lossless still is full size
 * as always.
 *
 * <p>A frame over {@link #BUDGET_NANOS} halves the scale for the next one; a frame well under
 * budget ({@link #UP_SHARE}) doubles it again, at most every {@link #UP_INTERVAL_NANOS}, so a
 * cheap view goes back to full size within a second. Thread-safe.
 */
final class RenderCostScale {
    /** Render time an interactive frame may take: about 25 frames per second. */
    static final long BUDGET_NANOS = 40_000_000L;
    /** Going up multiplies pixels by 4 (more with a finer pyramid level): only when far under budget. */
    static final double UP_SHARE = 0.15;
    static final long UP_INTERVAL_NANOS = 500_000_000L;
    static final double MIN_SCALE = 0.125;

    private double scale = 1;
    private long lastChangeNanos = Long.MIN_VALUE / 2;

    /** Below this many pixels on its short side a frame says too little to be worth the speed. */
    static final int MIN_SIDE = 128;

    /** The largest scale the renderer can currently afford, 1 down to {@link #MIN_SCALE}. */
    synchronized double scale() {
        return scale;
    }

    /** {@link #scale()}, but never below {@link #MIN_SIDE} pixels for a viewport of this short side. */
    double scaleFor(int shortSide) {
        return Math.max(scale(), Math.min(1, (double) MIN_SIDE / Math.max(1, shortSide)));
    }

    /** An interactive frame at {@code usedScale} took {@code renderNanos} to render. */
    synchronized void observe(double usedScale, long renderNanos, long nowNanos) {
        if (usedScale > scale) return; // the link chose the scale; nothing learned about ours
        if (renderNanos > BUDGET_NANOS && scale > MIN_SCALE) {
            scale = Math.max(MIN_SCALE, usedScale / 2);
            lastChangeNanos = nowNanos;
        } else if (renderNanos < BUDGET_NANOS * UP_SHARE && scale < 1 && usedScale >= scale
                && nowNanos - lastChangeNanos >= UP_INTERVAL_NANOS) {
            scale = Math.min(1, scale * 2);
            lastChangeNanos = nowNanos;
        }
    }
}
