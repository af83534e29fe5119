package io.radstream.server.session;

import io.netty.channel.Channel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the viewports of one session share: the socket. One frame id sequence (acks are cumulative
 * over all viewports' frames), one window of unacknowledged frames, one link estimate and one
 * rate policy. Each viewport's {@link FrameScheduler} still keeps its own "newest state wins"
 * slot; this class only says whether the pipe has room and which frame id comes next.
 *
 * <p>Threads: everything here is guarded by {@code this}. A scheduler may call in while holding
 * its own lock; this class never calls a scheduler while holding its lock (pumps run after), so
 * the lock order is always scheduler → link.
 */
final class SessionLink {
    static final int WINDOW = 2;
    static final int MAX_WINDOW = 6;
    static final long ACK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FRAME_INTERVAL_NANOS = (long) (1e9 / RatePolicy.TARGET_FPS);

    private final Channel channel;
    /** Each viewport's "send what you want now", run when an ack frees the window. */
    private final List<Runnable> pumps = new CopyOnWriteArrayList<>();
    private int nextFrameId = 1;
    /** Highest frame id the client has acknowledged painting; acks are cumulative. */
    private int ackedId;
    /** Frames being rendered or encoded that already hold a place in the window but no id yet. */
    private int reserved;
    private long lastAckNanos = System.nanoTime();
    private ScheduledFuture<?> ackTimer;
    private int nextPump;
    final LinkEstimator estimator = new LinkEstimator();
    private RatePolicy policy = new RatePolicy(Double.POSITIVE_INFINITY);

    SessionLink(Channel channel) {
        this.channel = channel;
    }

    void register(Runnable pump) {
        pumps.add(pump);
    }

    void unregister(Runnable pump) {
        pumps.remove(pump);
    }

    /** Keeps the interactive stream under {@code bitsPerSecond} even when the link allows more. */
    synchronized void capInteractiveBitrate(double bitsPerSecond) {
        policy = new RatePolicy(bitsPerSecond);
    }

    synchronized RatePolicy policy() {
        return policy;
    }

    /**
     * Takes a place in the window for a frame about to be rendered, or says the window is full.
     * Frames sent but not yet painted plus frames being produced stay within {@link #window()}:
     * enough to keep the link busy (fps is not capped at 1/RTT), while few stale frames can ever
     * be in the pipe, whichever viewports they belong to. A client that stops acknowledging for
     * {@link #ACK_TIMEOUT_NANOS} is treated as having painted them, so an old or busy client slows
     * the stream rather than stopping it; a timer re-pumps after that timeout.
     */
    synchronized boolean tryReserve() {
        if (full() && System.nanoTime() - lastAckNanos > ACK_TIMEOUT_NANOS) ackedId = nextFrameId - 1;
        if (full()) {
            if (ackTimer == null || ackTimer.isDone()) {
                ackTimer = channel.eventLoop().schedule(this::pumpAll, ACK_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
            }
            return false;
        }
        reserved++;
        return true;
    }

    /**
     * A frame may start only while fewer than {@code window} frames are unacknowledged, and sent
     * plus in-production frames never exceed window + 1. For one viewport (at most one frame in
     * production) that is the rule from before layouts; several viewports share it rather than
     * each adding a frame.
     */
    private boolean full() {
        int unacked = nextFrameId - 1 - ackedId;
        int w = window();
        return unacked >= w || unacked + reserved > w;
    }

    /** A reserved place was not used (the frame waits for its slice, or failed). */
    synchronized void release() {
        if (reserved > 0) reserved--;
    }

    /**
     * The id of a reserved frame that is about to be written. Call it and write the frame inside
     * one {@code synchronized (link)} block, so frames reach the socket in id order.
     */
    synchronized int assignId() {
        if (reserved > 0) reserved--;
        return nextFrameId++;
    }

    /**
     * Frames allowed in flight: {@link #WINDOW}, or enough to cover the path's base RTT at the
     * target frame rate on a long link (2 frames per 100 ms RTT would cap fps at 20), at most
     * {@link #MAX_WINDOW}. Frame sizes are chosen to fit the link, so a deeper window does not
     * mean a deeper queue; the policy steps down when a queue shows.
     */
    synchronized int window() {
        long rtt = estimator.minRttNanos();
        return (int) Math.max(WINDOW, Math.min(MAX_WINDOW, 1 + (rtt + FRAME_INTERVAL_NANOS - 1) / FRAME_INTERVAL_NANOS));
    }

    /** The client painted frame {@code id} (and every frame before it); decode+paint ms, negative if unknown. */
    void acknowledged(int id, double decodeMs) {
        synchronized (this) {
            if (id <= ackedId || id >= nextFrameId) return;
            ackedId = id;
            lastAckNanos = System.nanoTime();
            estimator.acked(id, lastAckNanos, decodeMs);
        }
        pumpAll();
    }

    /**
     * Lets every viewport send what it wants, starting with a different one each time so that a
     * viewport with a steady stream of input cannot keep the others out of the window.
     */
    void pumpAll() {
        int n = pumps.size();
        if (n == 0) return;
        int start;
        synchronized (this) {
            start = nextPump++ % n;
        }
        for (int i = 0; i < n; i++) {
            try {
                pumps.get((start + i) % n).run();
            } catch (IndexOutOfBoundsException closedMeanwhile) {
                return;
            }
        }
    }

    synchronized String summary() {
        return String.format(java.util.Locale.ROOT, "bw=%.2fMbit/s srtt=%.1fms minRtt=%.1fms level=%d window=%d",
                estimator.bitsPerSecond() / 1e6, estimator.srttNanos() / 1e6, estimator.minRttNanos() / 1e6,
                policy.levelIndex(), window());
    }
}
