package io.radstream.render;

import io.radstream.volume.series.SeriesGeometry;

/**
 * Viewport pixel → image pixel for a native slice. The image's physical size (columns × column
 * spacing by rows × row spacing, mm) is fitted into the viewport, then zoomed about its centre and
 * panned; each output pixel centre samples the image pixel it falls in (nearest neighbour).
 * Public so that GPU backends use the very same arithmetic (they upload its per-column and per-row
 * answers) and agree with the CPU pixel for pixel.
 */
public record ImageMapping(double scale, double originX, double originY, double columnSpacing, double rowSpacing,
                    int columns, int rows) {

    public static ImageMapping of(SeriesGeometry g, ViewState s) {
        double widthMm = g.columns() * g.columnSpacing();
        double heightMm = g.rows() * g.rowSpacing();
        double scale = Math.min(s.viewportWidth() / widthMm, s.viewportHeight() / heightMm) * s.zoom(); // px per mm
        // viewport position of the image's top-left corner
        double originX = s.viewportWidth() / 2.0 + s.panX() - widthMm * scale / 2;
        double originY = s.viewportHeight() / 2.0 + s.panY() - heightMm * scale / 2;
        return new ImageMapping(scale, originX, originY, g.columnSpacing(), g.rowSpacing(), g.columns(), g.rows());
    }

    /** Image column under viewport column x, or −1 outside the image. */
    public int column(int x) {
        double mm = (x + 0.5 - originX) / scale;
        int c = (int) Math.floor(mm / columnSpacing);
        return c >= 0 && c < columns ? c : -1;
    }

    /** Image row under viewport row y, or −1 outside the image. */
    public int row(int y) {
        double mm = (y + 0.5 - originY) / scale;
        int r = (int) Math.floor(mm / rowSpacing);
        return r >= 0 && r < rows ? r : -1;
    }
}
