package io.radstream.server.session;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Round-trip time, queueing delay and delivered bandwidth of one session's link, estimated from
 * frame acks only (no kernel statistics): pure, single-threaded (the caller synchronizes), clock
 * passed in.
 *
 * <p>For each ack that newly covers frames (acks are cumulative), with {@code a} = ack arrival
 * minus the client's decode+paint time (roughly "last byte arrived + return trip"):
 * <ul>
 *   <li>RTT sample = {@code a - sent(newest covered frame)}; smoothed like TCP's SRTT (gain 1/8).
 *       The minimum over the last {@value #MIN_WINDOW} samples is the RTT without queueing, and
 *       {@link #queueNanos()} = SRTT − that minimum says whether frames are piling up.</li>
 *   <li>Bandwidth sample = covered bytes / (a − previous a): while the link is busy, acks come
 *       back at the rate the bottleneck delivers. The estimate is the median of the last
 *       {@value #BW_WINDOW} samples, so one bunched pair of acks cannot inflate it. While the
 *       sender is app-limited (the link idles between frames) the samples only say "at least the
 *       rate we send"; {@link RatePolicy} probes upward when it sees no queue.</li>
 * </ul>
 */
public final class LinkEstimator {
    static final int MIN_WINDOW = 32;
    private static final double RTT_GAIN = 1.0 / 8;
    static final int BW_WINDOW = 9;
    private static final long MIN_DELIVERY_NANOS = 500_000;

    private record Sent(int id, long nanos, int bytes) {}

    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    private final long[] rttRing = new long[MIN_WINDOW];
    private int rttCount;
    private double srttNanos = Double.NaN;
    private final double[] bwRing = new double[BW_WINDOW];
    private long lastAckNanos = Long.MIN_VALUE;
    private int samples;

    /** Frame {@code id} was handed to the socket at {@code nanos}. Ids must increase. */
    public void sent(int id, long nanos, int bytes) {
        inFlight.addLast(new Sent(id, nanos, bytes));
        while (inFlight.size() > 256) inFlight.removeFirst(); // a client that never acks
    }

    /** The client acknowledged frame {@code id} (and all before it); ack read at {@code nanos}. */
    public void acked(int id, long nanos, double decodeMs) {
        long a = nanos - (decodeMs > 0 && decodeMs < 1000 ? (long) (decodeMs * 1e6) : 0);
        long bytes = 0;
        Sent first = null, last = null;
        while (!inFlight.isEmpty() && inFlight.peekFirst().id <= id) {
            Sent s = inFlight.removeFirst();
            if (first == null) first = s;
            last = s;
            bytes += s.bytes;
        }
        if (last == null) return;
        long rtt = Math.max(1, a - last.nanos);
        rttRing[rttCount++ % MIN_WINDOW] = rtt;
        srttNanos = Double.isNaN(srttNanos) ? rtt : srttNanos + RTT_GAIN * (rtt - srttNanos);
        long delivery = lastAckNanos == Long.MIN_VALUE ? a - first.nanos : a - lastAckNanos;
        lastAckNanos = Math.max(lastAckNanos, a);
        bwRing[samples % BW_WINDOW] = bytes * 8e9 / Math.max(MIN_DELIVERY_NANOS, delivery);
        samples++;
    }

    /** Smoothed RTT in nanoseconds, NaN before the first ack. */
    public double srttNanos() {
        return srttNanos;
    }

    /** Smallest recent RTT sample (the path without queueing), 0 before the first ack. */
    public long minRttNanos() {
        int n = Math.min(rttCount, MIN_WINDOW);
        return n == 0 ? 0 : Arrays.stream(rttRing, 0, n).min().getAsLong();
    }

    /** Smoothed delivered bandwidth, bits per second; NaN before the first ack. */
    public double bitsPerSecond() {
        int n = Math.min(samples, BW_WINDOW);
        if (n == 0) return Double.NaN;
        double[] v = Arrays.copyOf(bwRing, n);
        Arrays.sort(v);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Smoothed RTT above the recent minimum: time frames spend queued; 0 before the first ack. */
    public double queueNanos() {
        return Double.isNaN(srttNanos) ? 0 : Math.max(0, srttNanos - minRttNanos());
    }

    public int samples() {
        return samples;
    }

    /** Bytes sent and not yet acknowledged. */
    public long bytesInFlight() {
        long b = 0;
        for (Sent s : inFlight) b += s.bytes;
        return b;
    }
}
