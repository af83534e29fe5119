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
     * narrow brain window (W=80) and a wide bone window (W=2000). Dragging always leaves a data
     * set's VOI preset for a user window (LINEAR): a SIGMOID or table preset has no center/width
     * to drag, so the drag starts from the preset's {@link io.radstream.render.display.VoiPreset#startWindow}.
     */
    public static ViewState windowLevel(ViewState s, double dx, double dy) {
        double scale = Math.max(s.windowWidth(), 20) / Math.max(200, Math.min(s.viewportWidth(), s.viewportHeight()));
        double width = Math.max(1, s.windowWidth() + dx * scale);
        double center = s.windowCenter() + dy * scale;
        return s.withWindow(center, width);
    }

    /**
     * The next of the data set's VOI presets (its windows and VOI LUTs, {@code presets} of the
     * slice shown): from the user window to the first preset, then round the presets. The state's
     * window becomes the preset's start window, where a later W/L drag begins. No presets: unchanged.
     */
    public static ViewState nextVoiPreset(ViewState s, java.util.List<io.radstream.render.display.VoiPreset> presets) {
        if (presets.isEmpty()) return s;
        int next = s.voi().isUser() ? 0 : (s.voi().preset() + 1) % presets.size();
        double[] w = presets.get(next).startWindow();
        return s.withVoi(VoiSelection.preset(next), w[0], w[1]);
    }

    /** The data set's first VOI preset, where a study opens; the state unchanged when there is none. */
    public static ViewState firstVoiPreset(ViewState s, java.util.List<io.radstream.render.display.VoiPreset> presets) {
        if (presets.isEmpty()) return s;
        double[] w = presets.getFirst().startWindow();
        return s.withVoi(VoiSelection.preset(0), w[0], w[1]);
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

    // ---- reformats (MPR) ----

    /** Degrees of plane rotation per pixel of rotate drag. */
    public static final double ROTATE_DEGREES_PER_PIXEL = 0.5;

    /** Shows a standard plane through {@code focal} (patient mm), keeping any slab already set. */
    public static ViewState showPlane(ViewState s, Plane plane, Vec focal) {
        Mpr m = Mpr.of(plane, focal);
        if (s.mpr() != null) m = m.withSlab(s.mpr().slabMm(), s.mpr().projection());
        return s.withMpr(m);
    }

    /** Back to the native slice view. */
    public static ViewState showNative(ViewState s) {
        return s.withMpr(null);
    }

    /**
     * Rotates the plane about an axis through the focal point by {@code degrees} (right-handed
     * about {@code axis}, patient coordinates). The focal point and slab stay.
     */
    public static ViewState rotatePlane(ViewState s, Vec axis, double degrees) {
        Mpr m = requireMpr(s, "rotatePlane");
        Vec a = axis.unit();
        double rad = Math.toRadians(degrees);
        Vec r = m.right().rotate(a, rad).unit();
        Vec d = m.down().rotate(a, rad);
        d = d.minus(r.times(d.dot(r))).unit(); // keep exactly orthonormal over many small steps
        return s.withMpr(m.withDirections(r, d));
    }

    /**
     * Rotate drag, like turning a trackball: dragging right by dx pixels tilts the plane about the
     * viewport's vertical axis, dragging down about its horizontal axis,
     * {@link #ROTATE_DEGREES_PER_PIXEL} each.
     */
    public static ViewState rotateDrag(ViewState s, double dx, double dy) {
        Mpr m = requireMpr(s, "rotateDrag");
        ViewState t = dx == 0 ? s : rotatePlane(s, m.down(), dx * ROTATE_DEGREES_PER_PIXEL);
        return dy == 0 ? t : rotatePlane(t, requireMpr(t, "rotateDrag").right(), -dy * ROTATE_DEGREES_PER_PIXEL);
    }

    /** Spins the image in the viewport: rotation about the plane normal, clockwise on screen for positive degrees. */
    public static ViewState rollPlane(ViewState s, double degrees) {
        Mpr m = requireMpr(s, "rollPlane");
        return rotatePlane(s, m.normal(), degrees);
    }

    /** Moves the plane by {@code mm} along its normal (the MPR equivalent of scrolling). */
    public static ViewState moveAlongNormal(ViewState s, double mm) {
        Mpr m = requireMpr(s, "moveAlongNormal");
        return s.withMpr(m.withFocal(m.focal().plus(m.normal().times(mm))));
    }

    /**
     * Moves the plane along its normal so that its position (signed distance from the patient
     * origin along the normal) is {@code mm}, clamped to {@code [min, max]}.
     */
    public static ViewState gotoPosition(ViewState s, double mm, double min, double max) {
        Mpr m = requireMpr(s, "gotoPosition");
        double target = Math.max(min, Math.min(max, mm));
        return moveAlongNormal(s, target - m.position());
    }

    /** Sets the slab thickness (mm, ≥ 0; 0 = thin plane) and projection. */
    public static ViewState slab(ViewState s, double mm, Mpr.Projection projection) {
        Mpr m = requireMpr(s, "slab");
        return s.withMpr(m.withSlab(Math.max(0, mm), projection));
    }

    private static Mpr requireMpr(ViewState s, String gesture) {
        if (s.mpr() == null) throw new IllegalStateException(gesture + " needs an MPR view; this state shows a native slice");
        return s.mpr();
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
