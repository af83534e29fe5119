package io.radstream.render;

import io.radstream.volume.series.ColorSlices;
import io.radstream.volume.series.Volume;

/**
 * Native slices of a colour series ({@link ColorSlices}, RGB), placed exactly as
 * {@link CpuRenderer} places gray ones: the same {@link ImageMapping} (fit-to-viewport keeping the
 * physical aspect, zoom, pan) and nearest neighbour, so a 1:1 view shows the stored colours. The
 * window is ignored: DICOM has no VOI transform for colour images, so they are shown as stored.
 * Reformats are refused: colour stacks have no patient geometry, and a resampled colour plane is
 * not something the source defines. Outside the image: black.
 *
 * <p>The {@code volume} passed to {@link #render} is the colour stack's gray twin: its geometry
 * places the image; its voxels are not read. CPU only, whatever backend renders gray series.
 */
public final class ColorSliceRenderer implements Renderer {
    private final ColorSlices colors;

    public ColorSliceRenderer(ColorSlices colors) {
        this.colors = java.util.Objects.requireNonNull(colors);
    }

    @Override
    public String name() {
        return "cpu-color";
    }

    @Override
    public Frame render(ViewState s, Volume volume) {
        if (s.mode() == ViewState.Mode.MPR) {
            throw new UnsupportedViewException("reformats of a colour series are not supported: it is shown as native images only");
        }
        if (volume.rows() != colors.rows() || volume.columns() != colors.columns() || volume.slices() != colors.slices()) {
            throw new IllegalArgumentException("colour slices of another volume");
        }
        int vw = s.viewportWidth(), vh = s.viewportHeight();
        int k = Math.max(0, Math.min(colors.slices() - 1, s.slice()));
        byte[] rgb = colors.rgb(k); // null: the slice failed to decode, shown black
        ImageMapping m = ImageMapping.of(volume.geometry(), s);
        int[] columnOf = new int[vw];
        for (int x = 0; x < vw; x++) columnOf[x] = m.column(x);
        byte[] out = new byte[vw * vh * 3];
        if (rgb == null) return Frame.rgb(vw, vh, out);
        int columns = colors.columns();
        for (int y = 0; y < vh; y++) {
            int row = m.row(y);
            if (row < 0) continue;
            int rowBase = row * columns;
            int o = y * vw * 3;
            for (int x = 0; x < vw; x++) {
                int col = columnOf[x];
                if (col < 0) continue;
                int src = (rowBase + col) * 3;
                out[o + 3 * x] = rgb[src];
                out[o + 3 * x + 1] = rgb[src + 1];
                out[o + 3 * x + 2] = rgb[src + 2];
            }
        }
        return Frame.rgb(vw, vh, out);
    }
}
