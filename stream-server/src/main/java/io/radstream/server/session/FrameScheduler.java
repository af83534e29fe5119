package io.radstream.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.radstream.render.Frame;
import io.radstream.render.Renderer;
import io.radstream.render.ViewState;
import io.radstream.server.ServerMetrics;
import io.radstream.server.encode.InteractiveEncoder;
import io.radstream.server.encode.JpegInteractiveEncoder;
import io.radstream.server.encode.PngEncoder;
import io.radstream.volume.series.Volume;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Decides which frame a viewport gets next. The newest state always wins: there is one slot for the
 * wanted frame, overwritten by every state change, and at most one frame is rendered or written at
 * a time, so nothing stale queues up anywhere. While input arrives, frames are lossy (JPEG, or
 * H.264 when the client offered it); once input
 * has been quiet for {@code stillDelay}, one PNG of exactly the renderer's output follows.
 *
 * <p>Flow control: the next frame starts only when the previous one has been handed to the kernel
 * and the channel is writable; {@link #channelWritable()} resumes after back-pressure.
 *
 * <p>One scheduler per viewport. The viewports of a session share its {@link SessionLink} (frame
 * ids, the window of unacknowledged frames, the link estimate and rate policy), since they share
 * one socket; the wanted slot, the still timer and the interactive encoder (an H.264 stream) are
 * the viewport's own.
 */
public final class FrameScheduler {
    private static final System.Logger LOG = System.getLogger(FrameScheduler.class.getName());

    /** @param inputNanos when the input that produced this state was applied; 0 for non-interactive states */
    private record Request(ViewState state, int seq, boolean lossless, long inputNanos) {}

    private final Channel channel;
    private final Renderer renderer;
    private final Executor renderPool;
    private final Volume volume;
    private final SliceLoad load;
    private final ServerMetrics metrics;
    private final long stillDelayNanos;
    private final InteractiveEncoder interactive;
    private final PngEncoder png = new PngEncoder(1);
    private final SessionLink link;
    private final int viewport;
    private final Runnable pumpTask = this::pump;

    // guarded by this
    private Request wanted;
    private boolean busy;
    private boolean closed;
    private ViewState latestState;
    private int latestSeq = -1;
    private int sentSeq = -1;
    private boolean sentLossless;
    /** The last frame produced was a still, or a frame failed: the next interactive frame must be a key frame. */
    private boolean restartInteractive;
    private long lastInputNanos;
    private ScheduledFuture<?> stillTimer;
    private Runnable onFirstLossless;
    /** What the renderer affords while input arrives (a full-volume MIP costs seconds at full size). */
    private final RenderCostScale renderCost = new RenderCostScale();

    /** The volume's background load, as frames need it. */
    interface SliceLoad {
        /** Decode this slice next: the reader scrolled to a slice not in memory yet. */
        void focus(int slice);

        /** Decode every slice as fast as possible: a lossless reformat waits for the whole volume. */
        void wholeVolume();
    }

    /**
     * A scheduler for viewport {@code viewport} (0..255) of a session whose viewports share {@code link}.
     */
    FrameScheduler(Channel channel, Renderer renderer, Executor renderPool, Volume volume, SliceLoad load,
                   Duration stillDelay, ServerMetrics metrics, InteractiveEncoder interactive, SessionLink link, int viewport) {
        if (viewport < 0 || viewport > 255) throw new IllegalArgumentException("viewport id must fit one byte: " + viewport);
        this.link = link;
        this.viewport = viewport;
        link.register(pumpTask);
        this.interactive = interactive;
        this.load = load;
        this.metrics = metrics;
        this.channel = channel;
        this.renderer = renderer;
        this.renderPool = renderPool;
        this.volume = volume;
        this.stillDelayNanos = stillDelay.toNanos();
    }

    /**
     * A new state to show. {@code interactive}: it comes from user input, so show it fast and lossy
     * now and lossless once input stops; otherwise (opening, resize) show it lossless at once.
     */
    public void show(ViewState state, int seq, boolean interactive) {
        synchronized (this) {
            if (closed) return;
            latestState = state;
            latestSeq = seq;
            if (interactive) {
                lastInputNanos = System.nanoTime();
                if (wanted != null) metrics.frameDropped(); // never shown: a newer state replaced it
                wanted = new Request(state, seq, false, lastInputNanos);
                armStillTimer(stillDelayNanos);
            } else {
                wanted = new Request(state, seq, true, 0);
            }
        }
        pump();
    }

    /** Keeps the interactive stream under {@code bitsPerSecond} even when the link allows more (the whole session's link). */
    public void capInteractiveBitrate(double bitsPerSecond) {
        link.capInteractiveBitrate(bitsPerSecond);
    }

    /** Called once, when the first lossless frame has been handed to the socket. */
    public synchronized void onFirstLosslessWritten(Runnable callback) {
        this.onFirstLossless = callback;
    }

    /** The client painted frame {@code id} (and every frame before it). */
    public void acknowledged(int id) {
        acknowledged(id, -1);
    }

    /** As {@link #acknowledged(int)}, with the client's decode+paint time (ms, negative if unknown). */
    public void acknowledged(int id, double decodeMs) {
        link.acknowledged(id, decodeMs); // pumps every viewport of the session, this one included
    }

    /** For metrics and tests: the current estimate and choice. */
    public String adaptationSummary() {
        return link.summary();
    }

    /** Back-pressure released: send what is wanted now. */
    public void channelWritable() {
        pump();
    }

    public void close() {
        synchronized (this) {
            closed = true;
            wanted = null;
            link.unregister(pumpTask);
            if (stillTimer != null) stillTimer.cancel(false);
        }
    }

    private void armStillTimer(long delayNanos) {
        if (stillTimer != null && !stillTimer.isDone()) return; // the running timer re-checks the quiet time
        stillTimer = channel.eventLoop().schedule(this::onStillTimer, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void onStillTimer() {
        synchronized (this) {
            if (closed) return;
            long quiet = System.nanoTime() - lastInputNanos;
            if (quiet < stillDelayNanos) {
                stillTimer = null;
                armStillTimer(stillDelayNanos - quiet);
                return;
            }
            boolean alreadyLossless = sentSeq == latestSeq && sentLossless;
            boolean lossyPending = wanted != null && !wanted.lossless;
            if (!alreadyLossless && (wanted == null || lossyPending)) wanted = new Request(latestState, latestSeq, true, 0);
        }
        pump();
    }

    private void pump() {
        Request next;
        synchronized (this) {
            if (busy || closed || wanted == null || !channel.isActive() || !channel.isWritable()) return;
            if (!link.tryReserve()) return; // resumed by the next ack (or the ack timeout)
            next = wanted;
            wanted = null;
            busy = true;
        }
        int slice = Math.max(0, Math.min(volume.slices() - 1, next.state.slice()));
        if (!volume.isSliceReady(slice)) {
            // not decoded yet: move it to the front of the load, and render once it is in memory
            link.release(); // waiting for a slice must not hold a place in the window
            load.focus(slice);
            retryWhen(volume.whenSliceReady(slice), next);
            return;
        }
        Request frame = next;
        if (next.lossless && next.state.mpr() != null && volume.readySlices() < volume.slices()) {
            // a reformat of a volume still loading shows black where slices are missing: sent
            // now as an interactive (LOSSY-badged) frame of what is loaded, and the lossless still
            // follows once the load completes (at full speed from now on), unless a newer state
            // came meanwhile; a still must never show a partly loaded volume
            load.wholeVolume();
            volume.whenComplete().thenRun(() -> {
                synchronized (this) {
                    if (closed || latestSeq != next.seq || (sentSeq == next.seq && sentLossless)
                            || (wanted != null && wanted.seq != next.seq)) return;
                    wanted = next;
                }
                pump();
            });
            frame = new Request(next.state, next.seq, false, next.inputNanos);
        }
        Request chosen = frame;
        renderPool.execute(() -> produce(chosen));
    }

    /** Asks for {@code request} again once {@code ready} completes, unless a newer state came meanwhile. */
    private void retryWhen(java.util.concurrent.CompletableFuture<Void> ready, Request request) {
        ready.thenRun(() -> {
            synchronized (this) {
                busy = false;
                if (wanted == null) wanted = request; // a newer state, if any, wins
            }
            pump();
        });
    }

    /**
     * The same view rendered into a viewport {@code scale} times the size: zoom is relative to
     * fit-to-viewport, so it stays; pan is in device pixels, so it scales. The client stretches
     * the frame back over the canvas.
     */
    static ViewState scaled(ViewState s, double scale) {
        if (scale >= 1) return s;
        int w = Math.max(1, (int) Math.round(s.viewportWidth() * scale));
        int h = Math.max(1, (int) Math.round(s.viewportHeight() * scale));
        return s.withViewport(w, h).withPan(s.panX() * scale, s.panY() * scale);
    }

    private void produce(Request r) {
        ByteBuf buf = null;
        boolean written = false; // the window place became a frame id
        try {
            volume.retain();
            long t0 = System.nanoTime();
            ViewState view = r.state;
            RatePolicy.Level level = null;
            boolean costCapped = false; // rendered smaller than the link allowed: its size teaches the policy nothing
            long viewportPixels = (long) view.viewportWidth() * view.viewportHeight();
            if (!r.lossless) {
                synchronized (link) {
                    level = link.policy().choose(link.estimator.bitsPerSecond(), link.estimator.queueNanos(),
                            link.estimator.minRttNanos(), viewportPixels, t0);
                }
                double affordable = renderCost.scaleFor(Math.min(view.viewportWidth(), view.viewportHeight()));
                costCapped = affordable < level.scale();
                view = scaled(view, Math.min(level.scale(), affordable));
            }
            Frame frame;
            try {
                frame = renderer.render(view, volume);
            } finally {
                volume.release();
            }
            long t1 = System.nanoTime();
            // stills teach it too: a view that took seconds as a still starts its next interaction small
            renderCost.observe((double) view.viewportWidth() / r.state.viewportWidth(), t1 - t0, t1);
            // lossless: always the full viewport, exactly the renderer's output
            byte[] payload;
            boolean key = true;
            FrameHeader.Codec codec = FrameHeader.Codec.PNG;
            if (r.lossless) {
                payload = png.encode(frame); // gray or RGB
            } else {
                synchronized (this) {
                    // a new GOP for the first interactive frame after a still or after a frame that
                    // never reached the socket; a size change (resize, rate-ladder scale) makes one too
                    if (restartInteractive) interactive.restart();
                    restartInteractive = false;
                }
                InteractiveEncoder.Encoded e = interactive.encode(frame, level.quality());
                payload = e.data();
                key = e.keyFrame();
                codec = FrameHeader.Codec.of(interactive.codecId());
            }
            long t2 = System.nanoTime();
            String codecName = codec.name().toLowerCase(java.util.Locale.ROOT);
            // the id is taken and the frame written under the link's lock, so that the viewports'
            // frames reach the socket in id order (acks are cumulative, the estimator wants order)
            synchronized (link) {
                int id = link.assignId();
                written = true;
                if (level != null && !costCapped) link.policy().observe(level, viewportPixels, payload.length);
                FrameHeader header = new FrameHeader(id, viewport, codec, r.lossless, key, frame.width(), frame.height(), (int) ((t1 - t0) / 1000), (int) ((t2 - t1) / 1000),
                        r.seq, payload.length);
                buf = channel.alloc().buffer(FrameHeader.SIZE + payload.length);
                header.writeTo(buf);
                buf.writeBytes(payload);
                ByteBuf out = buf;
                buf = null; // ownership passes to the channel
                channel.writeAndFlush(new BinaryWebSocketFrame(out)).addListener(f -> {
                    Runnable firstLossless = null;
                    synchronized (this) {
                        busy = false;
                        if (!f.isSuccess() || r.lossless) restartInteractive = true;
                        if (f.isSuccess()) {
                            synchronized (link) {
                                link.estimator.sent(id, System.nanoTime(), FrameHeader.SIZE + payload.length);
                            }
                            sentSeq = r.seq;
                            sentLossless = r.lossless;
                            if (r.lossless && onFirstLossless != null) {
                                firstLossless = onFirstLossless;
                                onFirstLossless = null;
                            }
                        }
                    }
                    if (f.isSuccess()) {
                        metrics.frameSent(codecName, t1 - t0, t2 - t1, payload.length);
                        if (r.inputNanos > 0) metrics.inputToFrame(System.nanoTime() - r.inputNanos);
                    }
                    if (firstLossless != null) firstLossless.run();
                    if (f.isSuccess()) pump();
                });
            }
        } catch (RuntimeException e) {
            if (buf != null) buf.release();
            LOG.log(System.Logger.Level.WARNING, "frame failed: " + e);
            if (!written) link.release();
            synchronized (this) {
                busy = false;
                restartInteractive = true; // the encoder may have advanced past a frame nobody received
            }
        }
    }
}
