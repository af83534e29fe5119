package io.radstream.server.session;

import java.util.List;

/**
 * Chooses the interactive frame's JPEG quality and resolution scale from the estimated link
 * bandwidth, so that frames fit the link at {@link #TARGET_FPS}. Pure and single-threaded (the
 * caller synchronizes); lossless stills never go through it (always full resolution PNG).
 *
 * <p>The ladder runs from full resolution at quality 0.85 down to a quarter of the viewport at
 * 0.4. Each level has a prior size relative to level 0 (measured on the CT phantom); one content
 * factor, learned from the frames actually sent ({@link #observe}), scales all priors, so the
 * prediction follows the image being viewed. The chosen level is the best one whose predicted
 * frame fits the per-frame budget ({@link #BUDGET_SHARE} of the bandwidth / target fps).
 *
 * <p>Queueing delay decides how far to trust that estimate: with frames queued, the estimate is
 * the link's rate and the policy goes down to the level that fits at once (one level more when
 * the queue is long); with no queue, the link idles between frames, the estimate is only a lower
 * bound, and the policy probes one level up. Going up is one level at a time, at most every
 * {@link #UP_INTERVAL_NANOS}, so a noisy estimate does not make the picture flicker.
 */
public final class RatePolicy {
    public record Level(double scale, float quality, double priorBytesPerPixel) {}

    /** Priors: bytes per viewport pixel (full-resolution pixels) on the CT phantom, 512². */
    static final List<Level> LADDER = List.of(
            new Level(1, 0.85f, 0.115),
            new Level(1, 0.7f, 0.080),
            new Level(1, 0.5f, 0.058),
            new Level(0.5, 0.8f, 0.030),
            new Level(0.5, 0.6f, 0.022),
            new Level(0.5, 0.4f, 0.017),
            new Level(0.25, 0.7f, 0.0085),
            new Level(0.25, 0.4f, 0.0060));
    public static final double TARGET_FPS = 30;
    static final double BUDGET_SHARE = 0.75;
    static final double UP_HEADROOM = 0.7;
    static final long UP_INTERVAL_NANOS = 500_000_000L;
    static final long CLEAR_NANOS = 10_000_000L;
    static final long CONGESTED_NANOS = 40_000_000L;
    private static final double FACTOR_GAIN = 0.25;

    private final double maxBitsPerSecond;
    private int level;
    private double contentFactor = 1;
    private long lastChangeNanos = Long.MIN_VALUE / 2;

    /** @param maxBitsPerSecond cap on the interactive stream even on a fast link; infinity for none */
    public RatePolicy(double maxBitsPerSecond) {
        this.maxBitsPerSecond = maxBitsPerSecond;
    }

    /** Bytes a frame may take at the given bandwidth (bits/s, NaN = unknown). */
    public double budgetBytes(double bitsPerSecond) {
        double bw = Math.min(Double.isNaN(bitsPerSecond) ? Double.POSITIVE_INFINITY : bitsPerSecond, maxBitsPerSecond);
        return bw * BUDGET_SHARE / 8 / TARGET_FPS;
    }

    public double predictedBytes(int levelIndex, long viewportPixels) {
        return LADDER.get(levelIndex).priorBytesPerPixel * viewportPixels * contentFactor;
    }

    /**
     * The level for the next interactive frame of a viewport of {@code viewportPixels}.
     *
     * @param bitsPerSecond delivered bandwidth estimate (NaN = none yet)
     * @param queueNanos    smoothed RTT above the minimum: frames waiting in the path
     * @param minRttNanos   RTT without queueing
     */
    public Level choose(double bitsPerSecond, double queueNanos, long minRttNanos, long viewportPixels, long nowNanos) {
        double budget = budgetBytes(bitsPerSecond);
        int fit = LADDER.size() - 1;
        for (int i = 0; i < LADDER.size(); i++) {
            if (predictedBytes(i, viewportPixels) <= budget) {
                fit = i;
                break;
            }
        }
        boolean clear = queueNanos < Math.max(CLEAR_NANOS, 0.15 * minRttNanos);
        boolean congested = queueNanos > Math.max(CONGESTED_NANOS, 0.5 * minRttNanos);
        boolean capped = !(bitsPerSecond <= maxBitsPerSecond);
        int next = level;
        if (congested) {
            next = Math.max(fit, level + 1);
        } else if (fit > level && (!clear || capped)) {
            // the estimate is the link's rate only while frames queue; an idle link's acks only
            // show what we sent, so without a queue it is no reason to go down (unless over the cap)
            next = fit;
        } else if (level > 0 && nowNanos - lastChangeNanos >= UP_INTERVAL_NANOS) {
            boolean fitsWithHeadroom = predictedBytes(level - 1, viewportPixels) <= budget * UP_HEADROOM;
            boolean probe = clear && predictedBytes(level - 1, viewportPixels) <= budgetBytes(Double.NaN);
            if (fitsWithHeadroom || probe) next = level - 1;
        }
        next = Math.min(LADDER.size() - 1, next);
        if (next != level) {
            level = next;
            lastChangeNanos = nowNanos;
        }
        return LADDER.get(level);
    }

    /** A frame at {@code levelIndex} came out {@code bytes} long: learn how compressible the content is. */
    public void observe(Level used, long viewportPixels, int bytes) {
        int i = LADDER.indexOf(used);
        if (i < 0 || viewportPixels <= 0) return;
        double ratio = bytes / (LADDER.get(i).priorBytesPerPixel * viewportPixels);
        contentFactor += FACTOR_GAIN * (Math.max(0.05, Math.min(20, ratio)) - contentFactor);
    }

    public int levelIndex() {
        return level;
    }

    public double contentFactor() {
        return contentFactor;
    }
}
