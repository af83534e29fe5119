package io.radstream.render;

import io.radstream.volume.display.ImageGraphics;
import io.radstream.volume.series.Volume;

import java.util.function.IntFunction;

/**
 * Draws each native slice's overlays (PS3.3 C.9.2) and display shutter (C.7.6.11) over the frame
 * another renderer made: a post-pass in image space, after windowing, so it works for every
 * backend (CPU, OpenGL, CUDA, colour). Viewport pixels map to image pixels through the same
 * {@link ImageMapping} as the slice itself. Outside the shutter the image shows the shutter's
 * gray; overlay bits are drawn white (255, or white in colour) on top of it. Reformats pass
 * through untouched: overlays and shutters belong to the stored images.
 */
public final class GraphicsRenderer implements Renderer {
    private final Renderer inner;
    private final IntFunction<ImageGraphics> graphicsOfSlice;

    /** @param graphicsOfSlice the graphics of volume slice k ({@link ImageGraphics#NONE} when it has none) */
    public GraphicsRenderer(Renderer inner, IntFunction<ImageGraphics> graphicsOfSlice) {
        this.inner = java.util.Objects.requireNonNull(inner);
        this.graphicsOfSlice = java.util.Objects.requireNonNull(graphicsOfSlice);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Frame render(ViewState s, Volume volume) {
        Frame f = inner.render(s, volume);
        if (s.mode() != ViewState.Mode.NATIVE) return f;
        ImageGraphics g = graphicsOfSlice.apply(Math.max(0, Math.min(volume.slices() - 1, s.slice())));
        if (g == null || g.isEmpty() || g.rows() != volume.rows() || g.columns() != volume.columns()) return f;
        return draw(f, ImageMapping.of(volume.geometry(), s), g);
    }

    /** The frame with the graphics drawn (a copy; the input is not changed). */
    static Frame draw(Frame f, ImageMapping m, ImageGraphics g) {
        int w = f.width(), h = f.height(), ch = f.format().channels;
        byte[] out = f.pixels().clone();
        int[] columnOf = new int[w];
        for (int x = 0; x < w; x++) columnOf[x] = m.column(x);
        byte shutter = (byte) g.shutterGray();
        for (int y = 0; y < h; y++) {
            int row = m.row(y);
            if (row < 0) continue;
            int rowBase = row * g.columns();
            for (int x = 0; x < w; x++) {
                int col = columnOf[x];
                if (col < 0) continue;
                int i = rowBase + col;
                int o = (y * w + x) * ch;
                if (g.shutter() != null && g.shutter()[i] != 0) java.util.Arrays.fill(out, o, o + ch, shutter);
                if (g.overlay() != null && g.overlay()[i] != 0) java.util.Arrays.fill(out, o, o + ch, (byte) 255);
            }
        }
        return new Frame(w, h, f.format(), out);
    }
}
