package io.radstream.volume.series;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Fills a volume slice by slice in the background, nearest to the viewed slice first, so the first
 * image needs one decoded slice whatever the study's size. {@link #focus(int)} moves the front of
 * the queue when the reader scrolls to a slice not loaded yet. A slice that fails to decode is
 * zero-filled and reported to the error listener; the others still load.
 */
public final class ProgressiveLoad {
    private final Volume volume;
    private final List<SliceSource> sorted;
    private final boolean widen8;
    private final BiConsumer<Integer, Exception> onSliceError;
    private final boolean[] claimed;
    private final AtomicInteger remainingWorkers;
    private final CompletableFuture<Volume> done = new CompletableFuture<>();
    private int focus;
    /** Decoder threads not started yet, until {@link #resumeAll}; guarded by this. */
    private int heldWorkers;
    private Executor decoders;

    ProgressiveLoad(Volume volume, List<SliceSource> sorted, boolean widen8, int focus,
                    BiConsumer<Integer, Exception> onSliceError) {
        this.volume = volume;
        this.sorted = sorted;
        this.widen8 = widen8;
        this.onSliceError = onSliceError;
        this.claimed = new boolean[sorted.size()];
        this.focus = Math.max(0, Math.min(sorted.size() - 1, focus));
        this.remainingWorkers = new AtomicInteger();
    }

    void start(Executor decoders, int workers) {
        start(decoders, workers, false);
    }

    /**
     * @param oneUntilResumed start one decoder thread only: it decodes the focus slice, then waits
     *                        (for a new focus, {@link #resumeAll} or {@link #pauseNanos}), and the
     *                        others start at {@link #resumeAll}: while the first frame is rendered,
     *                        sent and decoded by the viewer, the rest of the volume takes no core
     */
    void start(Executor decoders, int workers, boolean oneUntilResumed) {
        int n = Math.max(1, Math.min(workers, sorted.size()));
        int now = oneUntilResumed ? 1 : n;
        synchronized (this) {
            this.decoders = decoders;
            this.heldWorkers = n - now;
        }
        remainingWorkers.set(now);
        for (int i = 0; i < now; i++) decoders.execute(this::work);
    }

    /** Ends the pause and lets the decoder threads held back at start join the load; does nothing when none are held. */
    public void resumeAll() {
        int more;
        synchronized (this) {
            more = heldWorkers;
            heldWorkers = 0;
            notifyAll(); // a paused worker goes on
        }
        if (more == 0 || done.isDone()) return;
        // added before they start, so the count cannot reach 0 while the running worker still decodes
        remainingWorkers.addAndGet(more);
        for (int i = 0; i < more; i++) decoders.execute(this::work);
    }

    public Volume volume() { return volume; }

    /** Completes when every slice is ready (decoded or failed). */
    public CompletableFuture<Volume> done() { return done; }

    /** Decode slices nearest {@code slice} next (while paused: that slice, then wait again). */
    public synchronized void focus(int slice) {
        focus = Math.max(0, Math.min(sorted.size() - 1, slice));
        notifyAll(); // a paused worker decodes the new focus
    }

    /** The next slice to decode, after the pause while workers are held. */
    private int nextAfterPause() {
        try {
            pauseWhileHeld();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return claimNext();
    }

    /** The unclaimed slice nearest the focus, or −1 when all are claimed. */
    private synchronized int claimNext() {
        int n = claimed.length;
        for (int d = 0; d < n; d++) {
            int after = focus + d, before = focus - d;
            if (after < n && !claimed[after]) {
                claimed[after] = true;
                return after;
            }
            if (before >= 0 && !claimed[before]) {
                claimed[before] = true;
                return before;
            }
        }
        return -1;
    }

    /**
     * While workers are held, the one running worker decodes the focus slice and then waits, at most
     * this long from its first wait (never forever: a prefetched study nobody opens still loads).
     * Measured (ViewerBrowserBenchmark, docs/benchmarks.md): on two cores shared with the browser,
     * even one background decoder slowed the browser's decode of the first image; 300 ms is the
     * server's own limit for the viewer's first acknowledgement. Tests shorten or lengthen it.
     */
    static volatile long pauseNanos = 300_000_000L;
    private long pauseUntil;

    /** Held: wait, before claiming another slice, while the focus slice is taken, until resumeAll or the deadline. */
    private synchronized void pauseWhileHeld() throws InterruptedException {
        if (pauseUntil == 0) pauseUntil = System.nanoTime() + pauseNanos;
        for (long left; heldWorkers > 0 && claimed[focus] && (left = pauseUntil - System.nanoTime()) > 0; ) {
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private void work() {
        try {
            for (int k = claimNext(); k >= 0; k = nextAfterPause()) {
                if (!volume.tryRetain()) return; // released while loading: stop quietly
                try {
                    byte[] stored = sorted.get(k).pixels().read();
                    volume.fillSlice(k, widen8 ? widen(stored) : stored);
                } catch (Exception | OutOfMemoryError e) {
                    volume.failSlice(k);
                    onSliceError.accept(k, e instanceof Exception ex ? ex : new RuntimeException(e));
                } finally {
                    volume.release();
                }
            }
        } finally {
            if (remainingWorkers.decrementAndGet() == 0) done.complete(volume);
        }
    }

    /** 8-bit unsigned stored values widened to 16-bit little endian, so one voxel type serves all. */
    private static byte[] widen(byte[] in) {
        byte[] out = new byte[in.length * 2];
        for (int i = 0; i < in.length; i++) out[2 * i] = in[i];
        return out;
    }
}
