package io.radstream.render;

/**
 * Everything that determines one rendered frame, and nothing else: same state, same bytes.
 * Immutable; gestures produce new states through {@link Gestures}.
 *
 * @param slice          0-based index into the volume's sorted slices
 * @param windowCenter   VOI window centre, modality units (HU for CT)
 * @param windowWidth    VOI window width, ≥ 1
 * @param zoom           magnification relative to fit-to-viewport (1 = whole image fits)
 * @param panX           image offset from the viewport centre, device pixels
 * @param panY           image offset from the viewport centre, device pixels
 * @param viewportWidth  output width, device pixels
 * @param viewportHeight output height, device pixels
 * @param mpr            the reformat plane and slab, or {@code null} for the native slice {@code slice}
 *                       ({@link Mode#NATIVE}); when set, {@code slice} is ignored
 * @param voi            the data set's VOI preset shown, or {@link VoiSelection#USER}: the window above,
 *                       LINEAR. With a preset, the window above is that preset's (where it is a window),
 *                       kept so a W/L drag starts from what is on screen
 */
public record ViewState(int slice, double windowCenter, double windowWidth, double zoom, double panX, double panY,
                        int viewportWidth, int viewportHeight, Mpr mpr, VoiSelection voi) {

    /** What the state shows: a stored slice, or a plane (possibly a slab) resampled from the volume. */
    public enum Mode { NATIVE, MPR }

    public static final int MAX_VIEWPORT = 8192;

    public ViewState {
        if (windowWidth < 1) throw new IllegalArgumentException("window width must be at least 1, got " + windowWidth);
        if (!(zoom > 0)) throw new IllegalArgumentException("zoom must be positive, got " + zoom);
        if (viewportWidth < 1 || viewportHeight < 1 || viewportWidth > MAX_VIEWPORT || viewportHeight > MAX_VIEWPORT) {
            throw new IllegalArgumentException("viewport " + viewportWidth + "x" + viewportHeight + " out of range 1.." + MAX_VIEWPORT);
        }
        if (voi == null) voi = VoiSelection.USER;
    }

    /** A state showing the user window (the form every caller used before VOI presets). */
    public ViewState(int slice, double windowCenter, double windowWidth, double zoom, double panX, double panY,
                     int viewportWidth, int viewportHeight, Mpr mpr) {
        this(slice, windowCenter, windowWidth, zoom, panX, panY, viewportWidth, viewportHeight, mpr, VoiSelection.USER);
    }

    /** A native-slice state (the form the server uses). */
    public ViewState(int slice, double windowCenter, double windowWidth, double zoom, double panX, double panY,
                     int viewportWidth, int viewportHeight) {
        this(slice, windowCenter, windowWidth, zoom, panX, panY, viewportWidth, viewportHeight, null, VoiSelection.USER);
    }

    public Mode mode() {
        return mpr == null ? Mode.NATIVE : Mode.MPR;
    }

    /** The same view with the given reformat plane, or back to the native slice with {@code null}. */
    public ViewState withMpr(Mpr m) {
        return new ViewState(slice, windowCenter, windowWidth, zoom, panX, panY, viewportWidth, viewportHeight, m, voi);
    }

    public ViewState withSlice(int s) {
        return new ViewState(s, windowCenter, windowWidth, zoom, panX, panY, viewportWidth, viewportHeight, mpr, voi);
    }

    /** The user window {@code center}/{@code width}, LINEAR (whatever preset was shown before). */
    public ViewState withWindow(double center, double width) {
        return new ViewState(slice, center, Math.max(1, width), zoom, panX, panY, viewportWidth, viewportHeight, mpr,
                VoiSelection.USER);
    }

    /** The data set's VOI preset {@code v}, with the window a W/L drag would start from. */
    public ViewState withVoi(VoiSelection v, double center, double width) {
        return new ViewState(slice, center, Math.max(1, width), zoom, panX, panY, viewportWidth, viewportHeight, mpr, v);
    }

    public ViewState withZoom(double z) {
        return new ViewState(slice, windowCenter, windowWidth, z, panX, panY, viewportWidth, viewportHeight, mpr, voi);
    }

    public ViewState withPan(double x, double y) {
        return new ViewState(slice, windowCenter, windowWidth, zoom, x, y, viewportWidth, viewportHeight, mpr, voi);
    }

    public ViewState withViewport(int w, int h) {
        return new ViewState(slice, windowCenter, windowWidth, zoom, panX, panY, w, h, mpr, voi);
    }
}
