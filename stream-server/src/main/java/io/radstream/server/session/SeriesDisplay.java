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

    private final List<SeriesSlice> slices;
    private final Map<String, Path> files;
    /** Instances whose header the index says holds no overlay, shutter or palette. */
    private final java.util.Set<String> plain;
    private final ColorSlices colors;
    /** Headers read so far (for the test that plain images are never read). */
    final java.util.concurrent.atomic.AtomicInteger headersRead = new java.util.concurrent.atomic.AtomicInteger();
    private final ConcurrentHashMap<String, Header> headers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, ImageGraphics> graphics = new ConcurrentHashMap<>();

    /**
     * @param slices the volume's slices in volume order
     * @param files  SOP Instance UID → stored file
     * @param plain  SOP Instance UIDs whose header holds no overlay, shutter or palette (from the index)
     * @param colors the series' colours, or {@code null} for a gray series
     */
    SeriesDisplay(List<SeriesSlice> slices, Map<String, Path> files, java.util.Set<String> plain, ColorSlices colors) {
        this.slices = List.copyOf(slices);
        this.files = Map.copyOf(files);
        this.plain = java.util.Set.copyOf(plain);
        this.colors = colors;
    }

    SeriesDisplay withColors(ColorSlices c) {
        return new SeriesDisplay(slices, files, plain, c);
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
        Header h = header(s.ref().sopInstanceUid());
        if (h.palette() == null) throw new PixelDataException("PALETTE COLOR image " + s.ref() + " has no readable palette");
        return h.palette();
    }

    ImageGraphics graphicsOf(int k) {
        if (k < 0 || k >= slices.size()) return ImageGraphics.NONE;
        return graphics.computeIfAbsent(k, i -> {
            SeriesSlice s = slices.get(i);
            Header h = header(s.ref().sopInstanceUid());
            if (h.overlays().isEmpty() && h.shutter() == null) return ImageGraphics.NONE;
            return ImageGraphics.of(h.overlays(), h.shutter(), s.ref().frameNumber(), s.pixels().rows(), s.pixels().columns());
        });
    }

    private Header header(String sop) {
        if (plain.contains(sop)) return Header.NONE;
        return headers.computeIfAbsent(sop, uid -> {
            Path file = files.get(uid);
            if (file == null) return Header.NONE;
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
