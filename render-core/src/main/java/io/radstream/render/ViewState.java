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
 */
public record ViewState(int slice, double windowCenter, double windowWidth, double zoom, double panX, double panY,
                        int viewportWidth, int viewportHeight) {

    public static final int MAX_VIEWPORT = 8192;

    public ViewState {
        if (windowWidth < 1) throw new IllegalArgumentException("window width must be at least 1, got " + windowWidth);
        if (!(zoom > 0)) throw new IllegalArgumentException("zoom must be positive, got " + zoom);
        if (viewportWidth < 1 || viewportHeight < 1 || viewportWidth > MAX_VIEWPORT || viewportHeight > MAX_VIEWPORT) {
            throw new IllegalArgumentException("viewport " + viewportWidth + "x" + viewportHeight + " out of range 1.." + MAX_VIEWPORT);
        }
    }

    public ViewState withSlice(int s) {
        return new ViewState(s, windowCenter, windowWidth, zoom, panX, panY, viewportWidth, viewportHeight);
    }

    public ViewState withWindow(double center, double width) {
        return new ViewState(slice, center, Math.max(1, width), zoom, panX, panY, viewportWidth, viewportHeight);
    }

    public ViewState withZoom(double z) {
        return new ViewState(slice, windowCenter, windowWidth, z, panX, panY, viewportWidth, viewportHeight);
    }

    public ViewState withPan(double x, double y) {
        return new ViewState(slice, windowCenter, windowWidth, zoom, x, y, viewportWidth, viewportHeight);
    }

    public ViewState withViewport(int w, int h) {
        return new ViewState(slice, windowCenter, windowWidth, zoom, panX, panY, w, h);
    }
}
