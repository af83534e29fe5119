package io.radstream.server.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.radstream.server.encode.H264Encoders;
import io.radstream.server.encode.JpegInteractiveEncoder;
import io.radstream.render.Gestures;
import io.radstream.render.LinkedViews;
import io.radstream.render.Vec;
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
 * One viewer of one study: owns the view state of each viewport (changed only on the channel's
 * event loop), tells the client each new state, and hands states to the viewports'
 * {@link FrameScheduler}s. A {@link Layout#SINGLE} session has one viewport (native or reformat);
 * a linked layout holds a {@link LinkedViews} (reformats sharing one focal point) and sends each
 * viewport's crosshair with its state.
 */
public final class ViewerSession {
    /** How long the background load stays on one thread after the first frame when no ack comes. */
    private static final java.time.Duration FULL_LOAD_AFTER = java.time.Duration.ofMillis(300);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Channel channel;
    private final StudyVolumes.Opened opened;
    private final Volume volume;
    private final Layout layout;
    private final SessionLink link;
    /** One per viewport, by viewport id. */
    private final FrameScheduler[] schedulers;
    /** A colour series: the colour renderer, JPEG only, no reformats. */
    private final boolean colour;
    private final ViewState initial;
    /** The single viewport's state ({@link Layout#SINGLE}). */
    private ViewState state;
    /** The linked viewports' states (linked layouts), else null. */
    private LinkedViews linked;
    /** Session-wide state counter; {@code seqs[v]} is the seq of viewport v's current state. */
    private int seq;
    private final int[] seqs;
    private boolean closed;
    private boolean stateOwed;
    private boolean sliceErrorShown;
    private ScheduledFuture<?> progressTimer;

    private final ServerMetrics metrics;

    public ViewerSession(Channel channel, StudyVolumes.Opened opened, Renderer renderer, Executor renderPool,
                         ServerConfig config, ServerMetrics metrics, int width, int height,
                         boolean h264) {
        this(channel, opened, renderer, renderPool, config, metrics, width, height, h264, Layout.SINGLE);
    }

    /** @param width, height each viewport's size in device pixels (a client resizes them one by one) */
    public ViewerSession(Channel channel, StudyVolumes.Opened opened, Renderer renderer, Executor renderPool,
                         ServerConfig config, ServerMetrics metrics, int width, int height,
                         boolean h264, Layout layout) {
        this.metrics = metrics;
        this.channel = channel;
        this.opened = opened;
        this.volume = opened.volume();
        // colour series: colour renderer, overlays and shutters over every series (SeriesDisplay);
        // H.264 here carries gray only, so colour series stream JPEG
        this.colour = opened.display() != null && opened.display().color();
        // the backend wrapped for this series' display (colour, overlays, shutters)
        Renderer shown = opened.display() != null ? opened.display().renderer(renderer) : renderer;
        this.layout = layout;
        this.link = new SessionLink(channel);
        if (Double.isFinite(config.maxInteractiveBitsPerSecond())) {
            link.capInteractiveBitrate(config.maxInteractiveBitsPerSecond()); // the cap is per viewer, not per viewport
        }
        FrameScheduler.SliceLoad sliceLoad = new FrameScheduler.SliceLoad() {
            @Override
            public void focus(int slice) {
                opened.load().focus(slice);
            }

            @Override
            public void wholeVolume() {
                loadAtFullSpeed();
            }
        };
        this.schedulers = new FrameScheduler[layout.viewports()];
        for (int v = 0; v < schedulers.length; v++) {
            // an interactive encoder each: an H.264 stream per viewport, each starting with its own IDR
            schedulers[v] = new FrameScheduler(channel, shown, renderPool, volume, sliceLoad,
                    config.stillDelay(), metrics,
                    h264 && !colour ? H264Encoders.create() : new JpegInteractiveEncoder(config.jpegQuality()), link, v);
        }
        this.seqs = new int[schedulers.length];
        double[] window = volume.defaultWindow();
        if (window == null) window = new double[]{40, 400};
        // the data's first VOI preset where it has one; the default window otherwise
        this.initial = ViewModes.firstVoi(new ViewState(volume.slices() / 2, window[0], window[1], 1, 0, 0, width, height), volume);
        this.state = initial;
        if (layout.linked()) linked = LinkedInput.initial(initial, volume);
    }

    public int viewports() {
        return schedulers.length;
    }

    /** The rest of the volume decodes on every core from now on (once; later calls do nothing). */
    private void loadAtFullSpeed() {
        opened.load().resumeAll();
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
        schedulers[0].onFirstLosslessWritten(() -> {
            long ttfi = System.nanoTime() - helloNanos;
            OpenTimings.record(ttfi);
            metrics.timeToFirstImage(ttfi);
            // the rest of the volume takes every core once the viewer has painted this frame (its
            // ack), or after FULL_LOAD_AFTER without one: until then the viewer's own decode of the
            // first image does not compete with ours (it does on a machine shared with the browser,
            // and other sessions' frames do on a busy server)
            channel.eventLoop().schedule(this::loadAtFullSpeed, FULL_LOAD_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        });
        if (volume.readySlices() < volume.slices()) {
            progressTimer = channel.eventLoop().scheduleAtFixedRate(this::sendProgress, 0, 100, TimeUnit.MILLISECONDS);
        }
        sendStates();
        for (int v = 0; v < schedulers.length; v++) schedulers[v].show(view(v), seq, false);
    }

    private ViewState view(int viewport) {
        return linked != null ? linked.view(viewport) : state;
    }

    public void wheel(int viewport, int delta) {
        if (linked != null) applyLinked(LinkedInput.scroll(linked, viewport, delta, volume), true);
        else apply(ViewModes.scroll(state, delta, volume));
    }

    /** native, axial, coronal or sagittal. */
    public void view(int viewport, String view) {
        if (!"native".equals(view) && refuseReformat()) return;
        if (linked != null) applyLinked(LinkedInput.view(linked, viewport, view), true);
        else apply(ViewModes.show(state, view, volume));
    }

    /** The next of the data's VOI presets (windows, VOI LUTs); linked panes share it, as they share W/L. */
    public void voi(int viewport) {
        if (linked != null) applyLinked(LinkedInput.voi(linked, viewport, volume), true);
        else apply(ViewModes.nextVoi(state, volume));
    }

    public void slab(int viewport, double mm, String projection) {
        if (refuseReformat()) return;
        if (linked != null) applyLinked(LinkedInput.slab(linked, viewport, mm, projection, volume), true);
        else apply(ViewModes.slab(state, mm, projection, volume));
    }

    /** Colour series are shown as native images only: say so instead of rendering nothing. */
    private boolean refuseReformat() {
        if (!colour) return false;
        channel.writeAndFlush(new TextWebSocketFrame(JSON.createObjectNode().put("type", "notice")
                .put("message", "Reformats and slabs are not available for colour images").toString()));
        return true;
    }

    /**
     * Crosshair tool at canvas position (x, y) of {@code viewport}: the shared focal point moves
     * there. A single viewport has no crosshair; the input changes nothing.
     */
    public void crosshair(int viewport, double x, double y) {
        if (linked != null) applyLinked(LinkedInput.crosshair(linked, viewport, x, y, volume), true);
    }

    public void key(int viewport, String key) {
        if (linked != null) {
            applyLinked(LinkedInput.key(linked, viewport, key, volume), true);
            return;
        }
        int n = volume.slices();
        if (state.mpr() != null) { // reformats scroll by the smallest voxel spacing
            int step = LinkedInput.reformatSteps(key);
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

    public void drag(int viewport, String tool, double dx, double dy) {
        if (linked != null) {
            applyLinked(LinkedInput.drag(linked, viewport, tool, dx, dy), true);
            return;
        }
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

    /** Back to the opening view; in a linked layout all viewports reset together (one focal point). */
    public void reset(int viewport) {
        if (linked != null) {
            LinkedViews fresh = LinkedInput.initial(initial, volume);
            for (int v = 0; v < schedulers.length; v++) {
                fresh = fresh.resize(v, linked.view(v).viewportWidth(), linked.view(v).viewportHeight());
            }
            applyLinked(fresh, true);
            return;
        }
        apply(initial.withViewport(state.viewportWidth(), state.viewportHeight()));
    }

    public void resize(int viewport, int width, int height) {
        if (linked != null) { // a new size is not an interaction in progress: lossless now
            applyLinked(linked.resize(viewport, width, height), false);
            return;
        }
        ViewState next = Gestures.resize(state, width, height);
        if (next.equals(state)) return;
        state = next;
        seqs[0] = ++seq;
        sendStates();
        schedulers[0].show(state, seq, false);
    }

    public void acknowledged(int frameId, double decodePaintMs) {
        loadAtFullSpeed(); // the first ack means a frame is on the viewer's screen
        metrics.clientDecodePaint(decodePaintMs);
        link.acknowledged(frameId, decodePaintMs); // acks are per session: they may free the window for any viewport
    }

    public void channelWritable() {
        if (stateOwed) sendStates();
        for (FrameScheduler s : schedulers) s.channelWritable();
    }

    private void apply(ViewState next) {
        if (next.equals(state)) return;
        state = next;
        seqs[0] = ++seq;
        sendStates();
        schedulers[0].show(state, seq, true);
    }

    /**
     * A new linked state: every viewport's state message goes out (the crosshair may have moved in
     * any of them), but only viewports whose view changed get a frame, so scrolling the axial view
     * re-renders the axial view alone.
     */
    private void applyLinked(LinkedViews next, boolean interactive) {
        if (next.equals(linked)) return;
        LinkedViews before = linked;
        linked = next;
        seq++;
        boolean[] changed = new boolean[schedulers.length];
        for (int v = 0; v < schedulers.length; v++) {
            changed[v] = !next.view(v).equals(before.view(v));
            if (changed[v]) seqs[v] = seq;
        }
        sendStates();
        for (int v = 0; v < schedulers.length; v++) {
            if (changed[v]) schedulers[v].show(next.view(v), seq, interactive);
        }
    }

    /** Load progress until the volume is complete; the client shows it. */
    private void sendProgress() {
        if (!channel.isWritable()) return; // the next tick sends the newer count
        if (!sliceErrorShown && shownSliceFailed()) sendStates(); // its decode failed after the state went out
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
        return linked == null && state.mpr() == null && volume.sliceFailed(Math.max(0, Math.min(volume.slices() - 1, state.slice())));
    }

    private void sendStates() {
        if (!channel.isWritable()) {
            stateOwed = true;
            return;
        }
        stateOwed = false;
        for (int v = 0; v < schedulers.length; v++) sendState(v);
    }

    private void sendState(int viewport) {
        ViewState state = view(viewport);
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "state");
        o.put("viewport", viewport);
        o.put("layout", layout.wireName());
        o.put("seq", seqs[viewport]);
        o.put("slice", state.slice() + 1);
        o.put("sliceCount", volume.slices());
        o.put("view", state.mpr() == null ? "native" : io.radstream.render.VolumeMip.isShown(state, volume.geometry()) ? "volume" : "mpr");
        if (state.mpr() != null) {
            o.put("positionMm", Math.round(state.mpr().position() * 10) / 10.0);
            o.put("slabMm", state.mpr().slabMm());
            o.put("projection", state.mpr().projection().name());
        }
        if (linked != null) putCrosshair(o, viewport);
        sliceErrorShown = shownSliceFailed();
        if (sliceErrorShown) {
            // shown as black; the reader must know the image is missing, not empty
            o.put("sliceError", "slice " + (state.slice() + 1) + " could not be decoded (see the server log)");
        }
        if (!colour) { // a colour stack's plane is nominal: no labels
            var labels = ViewModes.labels(state, volume);
            o.putObject("orientation").put("left", labels.left()).put("right", labels.right())
                    .put("top", labels.top()).put("bottom", labels.bottom());
        } else {
            o.putObject("orientation").put("left", "").put("right", "").put("top", "").put("bottom", "");
        }
        o.put("windowCenter", state.windowCenter());
        o.put("windowWidth", state.windowWidth());
        o.put("voi", ViewModes.voiName(state, volume));
        o.put("colour", colour); // colour images have no window: the client shows no W/L for them
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

    /**
     * {@code crosshair}: the focal point's canvas position in this viewport and, for every other
     * viewport whose plane is not parallel, the unit direction of its line through that point.
     */
    private void putCrosshair(ObjectNode o, int viewport) {
        LinkedViews.Cross c = linked.crosshair(volume.geometry(), viewport);
        ObjectNode x = o.putObject("crosshair");
        x.put("x", round(c.x(), 100)).put("y", round(c.y(), 100));
        var lines = x.putArray("lines");
        for (LinkedViews.CrossLine l : c.lines()) {
            lines.addObject().put("viewport", l.viewport()).put("dx", round(l.dx(), 1e6)).put("dy", round(l.dy(), 1e6));
        }
        Vec f = linked.focal();
        o.putArray("focalMm").add(round(f.x(), 100)).add(round(f.y(), 100)).add(round(f.z(), 100));
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }

    /** Viewport 0's state (the only one of a single-viewport session). */
    public ViewState state() {
        return view(0);
    }

    public ViewState state(int viewport) {
        return view(viewport);
    }

    public void close() {
        if (closed) return;
        closed = true;
        opened.load().resumeAll(); // closed before its first frame: the volume still loads at full speed
        metrics.sessionClosed();
        if (progressTimer != null) progressTimer.cancel(false);
        for (FrameScheduler s : schedulers) s.close();
        volume.release();
    }
}
