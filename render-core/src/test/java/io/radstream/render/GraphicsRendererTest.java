package io.radstream.render;

import io.radstream.volume.display.ImageGraphics;
import io.radstream.volume.series.ColorSlices;
import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Overlays/shutters and colour slices land on the viewport pixels that show their image pixel, at
 * any zoom and pan: checked against where {@link CpuRenderer} draws a lone bright voxel (a
 * placement found by the gray renderer, not by the code under test).
 */
class GraphicsRendererTest {
    static final int COLUMNS = 12, ROWS = 8;

    /** 12 × 8 × 2, rectangular pixels (0.8 mm rows, 1.1 mm columns); stored 1000 at (row, column) of every slice, else 0. */
    private static Volume withBrightVoxel(int row, int column) throws Exception {
        List<SliceSource> slices = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            slices.add(new SliceSource(new double[]{0, 0, k}, new double[]{1, 0, 0, 0, 1, 0}, new double[]{0.8, 1.1}, ROWS, COLUMNS,
                    1, 0, () -> {
                ByteBuffer b = ByteBuffer.allocate(ROWS * COLUMNS * 2).order(ByteOrder.LITTLE_ENDIAN);
                if (row >= 0) b.putShort((row * COLUMNS + column) * 2, (short) 1000);
                return b.array();
            }));
        }
        try (VolumeLoader loader = new VolumeLoader(1)) {
            return loader.load(slices, new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null));
        }
    }

    private static final ViewState[] VIEWS = {
            new ViewState(1, 500, 1000, 1, 0, 0, COLUMNS, ROWS),      // 1:1 up to the aspect fit
            new ViewState(1, 500, 1000, 3.7, 5.5, -9.25, 97, 61),   // zoomed, panned, odd viewport
            new ViewState(1, 500, 1000, 0.6, -3, 2, 40, 90),
    };

    @Test
    void overlayBitsAndShutterFollowTheImagePixelUnderEveryViewportPixel() throws Exception {
        int r = 5, c = 7;
        Volume bright = withBrightVoxel(r, c), dark = withBrightVoxel(-1, -1);
        try {
            byte[] overlay = new byte[ROWS * COLUMNS];
            overlay[r * COLUMNS + c] = 1;
            byte[] shutter = new byte[ROWS * COLUMNS];
            for (int i = 0; i < shutter.length; i++) shutter[i] = (byte) (i % COLUMNS >= 10 ? 1 : 0); // columns 10, 11 shuttered
            ImageGraphics g = new ImageGraphics(ROWS, COLUMNS, overlay, shutter, 0x9A);
            Renderer cpu = new CpuRenderer();
            Renderer withGraphics = new GraphicsRenderer(cpu, k -> k == 1 ? g : ImageGraphics.NONE);
            int whites = 0;
            for (ViewState s : VIEWS) {
                Frame reference = cpu.render(s, bright);
                Frame drawn = withGraphics.render(s, dark);
                Frame inImage = cpu.render(s.withWindow(-0.5, 1), dark); // 255 wherever an image pixel is shown
                ImageMapping m = ImageMapping.of(dark.geometry(), s);
                for (int y = 0; y < s.viewportHeight(); y++) {
                    for (int x = 0; x < s.viewportWidth(); x++) {
                        boolean overlaid = reference.at(x, y) == 255;
                        boolean shuttered = inImage.at(x, y) == 255 && m.column(x) >= 10;
                        int expected = overlaid ? 255 : shuttered ? 0x9A : 0;
                        assertEquals(expected, drawn.at(x, y), s + " at " + x + "," + y);
                        if (overlaid) whites++;
                    }
                }
                // slice 0 has no graphics; reformats pass through untouched
                assertArrayEquals(cpu.render(s.withSlice(0), dark).gray(), withGraphics.render(s.withSlice(0), dark).gray());
            }
            assertTrue(whites > 0, "the overlay pixel is visible in some view"); // a shrunk view may skip it
            ViewState reformat = VIEWS[1].withMpr(Mpr.of(Plane.CORONAL, new Vec(5, 3, 0.5)));
            assertArrayEquals(cpu.render(reformat, dark).gray(), withGraphics.render(reformat, dark).gray(),
                    "reformats show no overlays or shutters");
        } finally {
            bright.release();
            dark.release();
        }
    }

    @Test
    void colourSlicesArePlacedLikeGraySlicesAndShownAsStored() throws Exception {
        int r = 2, c = 9;
        Volume bright = withBrightVoxel(r, c), twin = withBrightVoxel(-1, -1);
        try {
            ColorSlices colors = new ColorSlices(ROWS, COLUMNS, 2);
            byte[] rgb = new byte[ROWS * COLUMNS * 3];
            for (int i = 0; i < ROWS * COLUMNS; i++) {
                rgb[3 * i] = (byte) i;
                rgb[3 * i + 1] = (byte) (i * 7);
                rgb[3 * i + 2] = (byte) 200;
            }
            colors.fill(0, rgb.clone());
            colors.fill(1, rgb);
            Renderer colour = new ColorSliceRenderer(colors);
            for (ViewState s : VIEWS) {
                Frame reference = new CpuRenderer().render(s, bright);
                Frame f = colour.render(s, twin);
                assertTrue(f.isColor());
                int i = r * COLUMNS + c;
                for (int y = 0; y < s.viewportHeight(); y++) {
                    for (int x = 0; x < s.viewportWidth(); x++) {
                        boolean there = f.rgbAt(x, y, 0) == i && f.rgbAt(x, y, 1) == ((i * 7) & 0xFF) && f.rgbAt(x, y, 2) == 200;
                        assertEquals(reference.at(x, y) == 255, there, s + " at " + x + "," + y);
                    }
                }
                // the window does not change a colour image
                assertArrayEquals(f.pixels(), colour.render(s.withWindow(10, 3), twin).pixels());
            }
            // square pixels and a viewport of the image's size: the stored bytes exactly
            Frame oneToOne = new ColorSliceRenderer(squareColors(rgb)).render(new ViewState(1, 0, 1, 1, 0, 0, COLUMNS, ROWS), squareTwin());
            assertArrayEquals(rgb, oneToOne.pixels());
            ViewState mpr = new ViewState(1, 0, 1, 1, 0, 0, COLUMNS, ROWS).withMpr(Mpr.of(Plane.CORONAL, new Vec(0, 0, 0)));
            UnsupportedViewException e = assertThrows(UnsupportedViewException.class, () -> colour.render(mpr, twin));
            assertTrue(e.getMessage().contains("colour"), e.getMessage());
        } finally {
            bright.release();
            twin.release();
        }
    }

    private static ColorSlices squareColors(byte[] rgb) {
        ColorSlices s = new ColorSlices(ROWS, COLUMNS, 2);
        s.fill(0, rgb);
        s.fill(1, rgb);
        return s;
    }

    private static Volume squareTwin() throws Exception {
        List<SliceSource> slices = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            slices.add(new SliceSource(new double[]{0, 0, k}, new double[]{1, 0, 0, 0, 1, 0}, new double[]{1, 1}, ROWS, COLUMNS,
                    1, 0, () -> new byte[ROWS * COLUMNS]));
        }
        try (VolumeLoader loader = new VolumeLoader(1)) {
            return loader.load(slices, new VolumeLoader.PixelFormat(8, false, "MONOCHROME2", null));
        }
    }
}
