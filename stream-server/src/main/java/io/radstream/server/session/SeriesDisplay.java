package io.radstream.server.session;

import io.radstream.render.ColorSliceRenderer;
import io.radstream.render.GraphicsRenderer;
import io.radstream.render.Renderer;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.display.DisplayShutter;
import io.radstream.volume.display.ImageGraphics;
import io.radstream.volume.display.OverlayPlane;
import io.radstream.volume.display.PaletteLut;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.series.ColorSlices;
import io.radstream.volume.series.SeriesSlice;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How one opened series is displayed beyond its gray voxels: its colours (for a colour series)
 * and, per native slice, its overlays and display shutter. The one seam between a session and
 * this: {@link #renderer(Renderer)} turns the backend's renderer into the one for this series.
 *
 * <p>Overlays and shutters live in each image's header, which the index does not keep: the header
 * is parsed (no pixel data read) the first time one of its slices is shown, then cached; headers
 * the index knows to hold none of them ({@code has_graphics = 0}, most images) are never read, so
 * opening and scrolling do no header I/O. A header that cannot be read shows its image without
 * graphics, and says so in the log.
 */
public final class SeriesDisplay {
    private static final System.Logger LOG = System.getLogger(SeriesDisplay.class.getName());

    /** What one image header says about display. */
    record Header(PaletteLut palette, List<OverlayPlane> overlays, DisplayShutter shutter) {
        static final Header NONE = new Header(null, List.of(), null);
    }

    /**
     * Where a slice's header is, or {@code null} when the index says it holds no overlay, shutter or
     * palette (then it is never read).
     */
    @FunctionalInterface
    interface HeaderFiles {
        Path of(int slice, SeriesSlice s);

        /** From a map of stored files and the set of instances known to be plain, by SOP Instance UID. */
        static HeaderFiles of(Map<String, Path> files, java.util.Set<String> plain) {
            Map<String, Path> f = Map.copyOf(files);
            java.util.Set<String> p = java.util.Set.copyOf(plain);
            return (k, s) -> p.contains(s.ref().sopInstanceUid()) ? null : f.get(s.ref().sopInstanceUid());
        }
    }

    private final List<SeriesSlice> slices;
    private final HeaderFiles headerFiles;
    private final ColorSlices colors;
    /** Headers read so far (for the test that plain images are never read). */
    final java.util.concurrent.atomic.AtomicInteger headersRead = new java.util.concurrent.atomic.AtomicInteger();
    private final ConcurrentHashMap<String, Header> headers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, ImageGraphics> graphics = new ConcurrentHashMap<>();

    /**
     * @param slices      the volume's slices in volume order, kept as given (a plan's list decodes a
     *                    slice when first asked for: copying it would decode them all at open)
     * @param headerFiles where each slice's header is, null for those the index knows hold no graphics
     * @param colors      the series' colours, or {@code null} for a gray series
     */
    SeriesDisplay(List<SeriesSlice> slices, HeaderFiles headerFiles, ColorSlices colors) {
        this.slices = java.util.Collections.unmodifiableList(slices);
        this.headerFiles = headerFiles;
        this.colors = colors;
    }

    SeriesDisplay withColors(ColorSlices c) {
        return new SeriesDisplay(slices, headerFiles, c);
    }

    public boolean color() {
        return colors != null;
    }

    /** Heap bytes of the colour slices (0 for a gray series), for the residency budget. */
    long colorBytes() {
        return colors == null ? 0 : colors.byteSize();
    }

    /** The renderer for this series: colour slices for a colour series, then overlays and shutters. */
    public Renderer renderer(Renderer backend) {
        Renderer base = colors != null ? new ColorSliceRenderer(colors) : backend;
        return new GraphicsRenderer(base, this::graphicsOf);
    }

    /** The palette of a PALETTE COLOR image (read with its header). */
    PaletteLut palette(SeriesSlice s) throws java.io.IOException, PixelDataException {
        Header h = header(-1, s);
        if (h.palette() == null) throw new PixelDataException("PALETTE COLOR image " + s.ref() + " has no readable palette");
        return h.palette();
    }

    ImageGraphics graphicsOf(int k) {
        if (k < 0 || k >= slices.size()) return ImageGraphics.NONE;
        return graphics.computeIfAbsent(k, i -> {
            SeriesSlice s = slices.get(i);
            Header h = header(i, s);
            if (h.overlays().isEmpty() && h.shutter() == null) return ImageGraphics.NONE;
            return ImageGraphics.of(h.overlays(), h.shutter(), s.ref().frameNumber(), s.pixels().rows(), s.pixels().columns());
        });
    }

    private Header header(int slice, SeriesSlice s) {
        Path file = headerFiles.of(slice, s);
        if (file == null) return Header.NONE;
        return headers.computeIfAbsent(s.ref().sopInstanceUid(), uid -> {
            headersRead.incrementAndGet();
            try (DicomFile f = DicomReader.read(file)) {
                PaletteLut palette = null;
                if ("PALETTE COLOR".equals(f.dataSet().getString(io.radstream.volume.dicom.Tag.PhotometricInterpretation))) {
                    palette = PaletteLut.of(f);
                }
                return new Header(palette, OverlayPlane.of(f), DisplayShutter.of(f.dataSet()));
            } catch (Exception e) {
                // UIDs and messages only: no patient data in the log
                LOG.log(System.Logger.Level.WARNING, "instance {0}: display attributes unreadable ({1}); shown without overlays/shutter",
                        uid, e.getMessage());
                return Header.NONE;
            }
        });
    }
}
