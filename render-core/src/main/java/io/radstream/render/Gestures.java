package io.radstream.render;

/**
 * Pure functions from a view state and one input gesture to the next state. No I/O, no clocks:
 * the session applies them in order, tests call them directly.
 */
public final class Gestures {
    private Gestures() {}

    /** Zoom limits relative to fit-to-viewport. */
    public static final double MIN_ZOOM = 0.1, MAX_ZOOM = 40;

    /** Scroll by {@code delta} slices, clamped to the stack. */
    public static ViewState scroll(ViewState s, int delta, int sliceCount) {
        return s.withSlice(clamp(s.slice() + delta, 0, sliceCount - 1));
    }

    public static ViewState gotoSlice(ViewState s, int slice, int sliceCount) {
        return s.withSlice(clamp(slice, 0, sliceCount - 1));
    }

    /**
     * Window/level drag: right widens the window, down raises the centre. A drag across the whole
     * viewport changes the width by about its current value, so the gesture works the same for a
     * narrow brain window (W=80) and a wide bone window (W=2000).
     */
    public static ViewState windowLevel(ViewState s, double dx, double dy) {
        double scale = Math.max(s.windowWidth(), 20) / Math.max(200, Math.min(s.viewportWidth(), s.viewportHeight()));
        double width = Math.max(1, s.windowWidth() + dx * scale);
        double center = s.windowCenter() + dy * scale;
        return s.withWindow(center, width);
    }

    /** Zoom drag: moving up (negative dy) magnifies; 200 px doubles-ish (factor e). */
    public static ViewState zoom(ViewState s, double dy) {
        double z = s.zoom() * Math.exp(-dy / 200.0);
        return s.withZoom(Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z)));
    }

    /** Pan drag: the image follows the pointer. */
    public static ViewState pan(ViewState s, double dx, double dy) {
        return s.withPan(s.panX() + dx, s.panY() + dy);
    }

    /** A new viewport size keeps everything else. */
    public static ViewState resize(ViewState s, int width, int height) {
        return s.withViewport(clamp(width, 1, ViewState.MAX_VIEWPORT), clamp(height, 1, ViewState.MAX_VIEWPORT));
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
