package io.radstream.server.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.radstream.server.encode.H264Encoders;
import io.radstream.server.encode.JpegInteractiveEncoder;
import io.radstream.render.Gestures;
import io.radstream.render.Renderer;
import io.radstream.render.ViewState;
import io.radstream.server.ServerConfig;
import io.radstream.server.ServerMetrics;
import io.radstream.volume.series.Volume;
import io.radstream.volume.store.StudySummary;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One viewer of one study: owns the view state (changed only on the channel's event loop), tells
 * the client each new state, and hands states to its {@link FrameScheduler}.
 */
public final class ViewerSession {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Channel channel;
    private final StudyVolumes.Opened opened;
    private final Volume volume;
    private final FrameScheduler scheduler;
    private final ViewState initial;
    private ViewState state;
    private int seq;
    private boolean closed;
    private boolean stateOwed;
    private boolean sliceErrorShown;
    private ScheduledFuture<?> progressTimer;

    private final ServerMetrics metrics;

    public ViewerSession(Channel channel, StudyVolumes.Opened opened, Renderer renderer, Executor renderPool,
                         ServerConfig config, ServerMetrics metrics, int width, int height,
                         boolean h264) {
        this.metrics = metrics;
        this.channel = channel;
        this.opened = opened;
        this.volume = opened.volume();
        // colour series: colour renderer, overlays and shutters over every series (SeriesDisplay);
        // H.264 here carries gray only, so colour series stream JPEG
        boolean colour = opened.display() != null && opened.display().color();
        Renderer shown = opened.display() != null ? opened.display().renderer(renderer) : renderer;
        this.scheduler = new FrameScheduler(channel, shown, renderPool, volume, opened.load()::focus,
                config.stillDelay(), config.jpegQuality(), metrics,
                h264 && !colour ? H264Encoders.create() : new JpegInteractiveEncoder(config.jpegQuality()));
        if (Double.isFinite(config.maxInteractiveBitsPerSecond())) {
            scheduler.capInteractiveBitrate(config.maxInteractiveBitsPerSecond());
        }
        double[] window = volume.defaultWindow();
        if (window == null) window = new double[]{40, 400};
        // the data's first VOI preset where it has one; the default window otherwise
        this.initial = ViewModes.firstVoi(new ViewState(volume.slices() / 2, window[0], window[1], 1, 0, 0, width, height), volume);
        this.state = initial;
    }

    /**
     * Sends the first state and a lossless first frame.
     *
     * @param helloNanos when the client's hello arrived ({@link System#nanoTime()}), for the
     *                   server's share of time to first image
     */
    public void start(long helloNanos) {
        if (opened.sourceNotice() != null) {
            channel.writeAndFlush(new TextWebSocketFrame(JSON.createObjectNode().put("type", "notice")
                    .put("message", opened.sourceNotice()).toString()));
        }
        metrics.sessionOpened();
        scheduler.onFirstLosslessWritten(() -> {
            long ttfi = System.nanoTime() - helloNanos;
            OpenTimings.record(ttfi);
            metrics.timeToFirstImage(ttfi);
        });
        if (volume.readySlices() < volume.slices()) {
            progressTimer = channel.eventLoop().scheduleAtFixedRate(this::sendProgress, 0, 100, TimeUnit.MILLISECONDS);
        }
        sendState();
        scheduler.show(state, seq, false);
    }

    public void wheel(int delta) {
        apply(ViewModes.scroll(state, delta, volume));
    }

    /** native, axial, coronal or sagittal. */
    public void view(String view) {
        if (!"native".equals(view) && refuseReformat()) return;
        apply(ViewModes.show(state, view, volume));
    }

    /** The next of the data's VOI presets (windows, VOI LUTs). */
    public void voi() {
        apply(ViewModes.nextVoi(state, volume));
    }

    public void slab(double mm, String projection) {
        if (refuseReformat()) return;
        apply(ViewModes.slab(state, mm, projection, volume));
    }

    /** Colour series are shown as native images only: say so instead of rendering nothing. */
    private boolean refuseReformat() {
        if (opened.display() == null || !opened.display().color()) return false;
        channel.writeAndFlush(new TextWebSocketFrame(JSON.createObjectNode().put("type", "notice")
                .put("message", "Reformats and slabs are not available for colour images").toString()));
        return true;
    }

    public void key(String key) {
        int n = volume.slices();
        if (state.mpr() != null) { // reformats scroll by the smallest voxel spacing
            int step = switch (key) {
                case "ArrowUp" -> -1;
                case "ArrowDown" -> 1;
                case "PageUp" -> -10;
                case "PageDown" -> 10;
                default -> 0;
            };
            if (step != 0) apply(ViewModes.scroll(state, step, volume));
            return;
        }
        ViewState next = switch (key) {
            case "ArrowUp" -> Gestures.scroll(state, -1, n);
            case "ArrowDown" -> Gestures.scroll(state, 1, n);
            case "PageUp" -> Gestures.scroll(state, -Math.max(1, n / 10), n);
            case "PageDown" -> Gestures.scroll(state, Math.max(1, n / 10), n);
            case "Home" -> Gestures.gotoSlice(state, 0, n);
            case "End" -> Gestures.gotoSlice(state, n - 1, n);
            default -> state;
        };
        apply(next);
    }

    public void drag(String tool, double dx, double dy) {
        ViewState next = switch (tool) {
            case "windowLevel" -> Gestures.windowLevel(state, dx, dy);
            case "zoom" -> Gestures.zoom(state, dy);
            case "pan" -> Gestures.pan(state, dx, dy);
            case "rotate" -> {
                if (state.mpr() == null) throw new IllegalArgumentException("rotate needs a reformatted view");
                yield Gestures.rotateDrag(state, dx, dy);
            }
            default -> throw new IllegalArgumentException("unknown drag tool '" + tool + "'");
        };
        apply(next);
    }

    public void reset() {
        apply(initial.withViewport(state.viewportWidth(), state.viewportHeight()));
    }

    public void resize(int width, int height) {
        ViewState next = Gestures.resize(state, width, height);
        if (next.equals(state)) return;
        state = next;
        seq++;
        sendState();
        scheduler.show(state, seq, false); // a new size is not an interaction in progress: lossless now
    }

    public void acknowledged(int frameId, double decodePaintMs) {
        metrics.clientDecodePaint(decodePaintMs);
        scheduler.acknowledged(frameId, decodePaintMs);
    }

    public void channelWritable() {
        if (stateOwed) sendState();
        scheduler.channelWritable();
    }

    private void apply(ViewState next) {
        if (next.equals(state)) return;
        state = next;
        seq++;
        sendState();
        scheduler.show(state, seq, true);
    }

    /** Load progress until the volume is complete; the client shows it. */
    private void sendProgress() {
        if (!channel.isWritable()) return; // the next tick sends the newer count
        if (!sliceErrorShown && shownSliceFailed()) sendState(); // its decode failed after the state went out
        int ready = volume.readySlices();
        ObjectNode o = JSON.createObjectNode().put("type", "progress").put("ready", ready).put("total", volume.slices());
        channel.writeAndFlush(new TextWebSocketFrame(o.toString()));
        if (ready >= volume.slices() && progressTimer != null) progressTimer.cancel(false);
    }

    /**
     * Tells the client the new state. While the socket is backed up (a stalled or slow reader)
     * only the newest state is kept and sent once it drains: nothing queues per input.
     */
    private boolean shownSliceFailed() {
        return state.mpr() == null && volume.sliceFailed(Math.max(0, Math.min(volume.slices() - 1, state.slice())));
    }

    private void sendState() {
        if (!channel.isWritable()) {
            stateOwed = true;
            return;
        }
        stateOwed = false;
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "state");
        o.put("seq", seq);
        o.put("slice", state.slice() + 1);
        o.put("sliceCount", volume.slices());
        o.put("view", state.mpr() == null ? "native" : io.radstream.render.VolumeMip.isShown(state, volume.geometry()) ? "volume" : "mpr");
        if (state.mpr() != null) {
            o.put("positionMm", Math.round(state.mpr().position() * 10) / 10.0);
            o.put("slabMm", state.mpr().slabMm());
            o.put("projection", state.mpr().projection().name());
        }
        sliceErrorShown = shownSliceFailed();
        if (sliceErrorShown) {
            // shown as black; the reader must know the image is missing, not empty
            o.put("sliceError", "slice " + (state.slice() + 1) + " could not be decoded (see the server log)");
        }
        if (opened.display() == null || !opened.display().color()) { // a colour stack's plane is nominal: no labels
            var labels = ViewModes.labels(state, volume);
            o.putObject("orientation").put("left", labels.left()).put("right", labels.right())
                    .put("top", labels.top()).put("bottom", labels.bottom());
        } else {
            o.putObject("orientation").put("left", "").put("right", "").put("top", "").put("bottom", "");
        }
        o.put("windowCenter", state.windowCenter());
        o.put("windowWidth", state.windowWidth());
        o.put("voi", ViewModes.voiName(state, volume));
        o.put("zoom", state.zoom());
        o.put("width", state.viewportWidth());
        o.put("height", state.viewportHeight());
        StudySummary s = opened.study();
        ObjectNode overlay = o.putObject("overlay");
        overlay.put("patientName", PersonNames.display(s.patientName()));
        overlay.put("patientId", s.patientId());
        overlay.put("patientBirthDate", s.patientBirthDate());
        overlay.put("accessionNumber", s.accessionNumber());
        overlay.put("studyDate", s.studyDate());
        overlay.put("studyDescription", s.description());
        overlay.put("modality", opened.series().modality());
        overlay.put("seriesDescription", opened.series().description());
        channel.writeAndFlush(new TextWebSocketFrame(o.toString()));
    }

    public ViewState state() {
        return state;
    }

    public void close() {
        if (closed) return;
        closed = true;
        metrics.sessionClosed();
        if (progressTimer != null) progressTimer.cancel(false);
        scheduler.close();
        volume.release();
    }
}
