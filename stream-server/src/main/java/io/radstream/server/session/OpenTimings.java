package io.radstream.server.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The server's share of time to first image: from a viewer's {@code hello} arriving to its first
 * lossless frame handed to the socket. Keeps the most recent values for benchmarks and status.
 */
public final class OpenTimings {
    private static final int KEEP = 256;
    private static final Deque<Double> RECENT = new ArrayDeque<>();

    private OpenTimings() {}

    static synchronized void record(long nanos) {
        if (RECENT.size() == KEEP) RECENT.removeFirst();
        RECENT.addLast(nanos / 1e6);
    }

    /** Milliseconds, oldest first. */
    public static synchronized List<Double> recentMillis() {
        return new ArrayList<>(RECENT);
    }
}
