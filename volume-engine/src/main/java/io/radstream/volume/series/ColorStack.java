package io.radstream.volume.series;

import io.radstream.volume.display.ColorImage;
import io.radstream.volume.display.PaletteLut;
import io.radstream.volume.pixel.PixelDataException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A colour series made viewable: its images in time order (a {@link FrameStack} of
 * {@link FrameStack.Reason#NOT_MONOCHROME}), loaded into {@link ColorSlices} (RGB) plus a gray
 * {@link Volume} of their luma that carries what the viewer's machinery needs (slice count,
 * progressive readiness, geometry for fit-to-viewport). Colour images usually have no plane
 * (ultrasound, photographs), so the geometry is nominal: axial, 1 mm apart, the first image's Pixel
 * Spacing (1 mm without one). Reformats of a colour stack are refused by the renderers.
 */
public final class ColorStack {
    /** A nominal plane: these coordinates are not the patient's. */
    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    private ColorStack() {}

    /** Reads one image's palette (from its header) when it is PALETTE COLOR. */
    @FunctionalInterface
    public interface Palettes {
        PaletteLut of(SeriesSlice slice) throws IOException, PixelDataException;
    }

    /** A colour stack being loaded: its colours and its gray twin. */
    public record Load(ProgressiveLoad load, ColorSlices colors, List<SeriesSlice> slices) {}

    /**
     * The images to show: those of the colour frame stack that share the first image's size (a
     * stack needs one matrix).
     */
    public static List<SeriesSlice> viewable(FrameStack colour) {
        SeriesSlice first = colour.frames().getFirst();
        List<SeriesSlice> out = new ArrayList<>();
        for (SeriesSlice s : colour.frames()) {
            if (s.pixels().rows() == first.pixels().rows() && s.pixels().columns() == first.pixels().columns()) out.add(s);
        }
        return out;
    }

    /** Starts loading, nearest {@code focus} first; slices that fail are reported and shown black. */
    public static Load open(List<SeriesSlice> slices, Palettes palettes, VolumeLoader loader, int focus,
                            BiConsumer<Integer, Exception> onSliceError) throws PixelDataException {
        if (slices.isEmpty()) throw new IllegalArgumentException("no slices");
        int rows = slices.getFirst().pixels().rows(), columns = slices.getFirst().pixels().columns();
        double[] ps = slices.getFirst().frame().pixelSpacing();
        double[] spacing = ps.length == 2 && ps[0] > 0 && ps[1] > 0 ? ps : new double[]{1, 1};
        ColorSlices colors = new ColorSlices(rows, columns, slices.size());
        List<SliceSource> sources = new ArrayList<>(slices.size());
        for (int k = 0; k < slices.size(); k++) {
            SeriesSlice s = slices.get(k);
            if (s.pixels().rows() != rows || s.pixels().columns() != columns) {
                throw new IllegalArgumentException("image " + s.ref() + " is not " + rows + "x" + columns);
            }
            int index = k;
            // the loader sorts by position along the normal: k mm keeps the given order
            sources.add(new SliceSource(new double[]{0, 0, k}, AXIAL, spacing, rows, columns, 1, 0, () -> {
                byte[] rgb = ColorImage.toRgb8(s.reader().read(), s.pixels(), paletteOf(s, palettes));
                colors.fill(index, rgb);
                return ColorImage.luma(rgb);
            }));
        }
        ProgressiveLoad load = loader.open(sources, new VolumeLoader.PixelFormat(8, false, "MONOCHROME2", new double[]{127.5, 256}),
                focus, onSliceError);
        return new Load(load, colors, List.copyOf(slices));
    }

    private static PaletteLut paletteOf(SeriesSlice s, Palettes palettes) throws IOException, PixelDataException {
        return "PALETTE COLOR".equals(s.pixels().photometric()) ? palettes.of(s) : null;
    }
}
