package io.radstream.render;

import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.Volume;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The reference backend. Native slices with fit-to-viewport zoom that keeps the physical aspect
 * ratio (non-square pixels are shown at their true shape), zoom, pan, and the grayscale display
 * pipeline of {@link DisplayTables} (modality LUT or rescale, the selected VOI, presentation LUT). Nearest
 * neighbour sampling, so a 1:1 view shows the stored pixels exactly. Reformats (MPR planes and
 * MIP/MinIP/average slabs) go through {@link CpuMpr}: trilinear, in patient coordinates.
 */
public final class CpuRenderer implements Renderer {
    private final PixelPadding padding;

    public CpuRenderer() {
        this(PixelPadding.OF_VOLUME);
    }

    /** A renderer that leaves the given pixel padding out of MinIP slabs. */
    public CpuRenderer(PixelPadding padding) {
        this.padding = java.util.Objects.requireNonNull(padding);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Frame render(ViewState s, Volume volume) {
        if (s.mode() == ViewState.Mode.MPR) return CpuMpr.render(s, volume, padding);
        SeriesGeometry g = volume.geometry();
        int vw = s.viewportWidth(), vh = s.viewportHeight();
        int k = Math.max(0, Math.min(volume.slices() - 1, s.slice()));
        // modality transform → VOI (the state's selection) → presentation inversion, one lookup per pixel
        byte[] lut = DisplayTables.table(volume, k, s);
        byte background = 0; // outside the image: black, whatever the photometric interpretation

        ImageMapping m = ImageMapping.of(g, s);
        int[] columnOf = new int[vw];
        for (int x = 0; x < vw; x++) columnOf[x] = m.column(x);
        byte[] out = new byte[vw * vh];
        MemorySegment voxels = volume.voxels();
        long sliceBase = (long) k * g.rows() * g.columns();
        for (int y = 0; y < vh; y++) {
            int row = m.row(y);
            int o = y * vw;
            if (row < 0) {
                java.util.Arrays.fill(out, o, o + vw, background);
                continue;
            }
            long rowBase = sliceBase + (long) row * g.columns();
            for (int x = 0; x < vw; x++) {
                int col = columnOf[x];
                out[o + x] = col < 0 ? background
                        : lut[voxels.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, rowBase + col) & 0xFFFF];
            }
        }
        return new Frame(vw, vh, out);
    }
}
