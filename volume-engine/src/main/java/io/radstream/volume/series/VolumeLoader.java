package io.radstream.volume.series;

import io.radstream.volume.pixel.PixelDataException;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * Series → volume: sorts the slices along their normal, derives the geometry, allocates the voxels
 * off-heap and fills them by decoding slices in parallel on platform threads (decoders are CPU and
 * native work, which would pin virtual threads' carriers).
 */
public final class VolumeLoader implements AutoCloseable {
    private final ExecutorService decoders;
    private final int threads;

    public VolumeLoader(int threads) {
        this.threads = threads;
        this.decoders = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "volume-decoder");
            t.setDaemon(true);
            return t;
        });
    }

    public VolumeLoader() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** Description of a stack's pixels shared by all its slices. */
    public record PixelFormat(int bitsAllocated, boolean signed, String photometric, double[] defaultWindow) {}

    /**
     * Starts loading and returns at once: the volume's geometry is known, its slices become ready
     * in the background, nearest {@code focus} first (an index into the sorted stack; use
     * {@code slices.size() / 2} for the middle).
     */
    public ProgressiveLoad open(List<SliceSource> slices, PixelFormat format, int focus,
                                BiConsumer<Integer, Exception> onSliceError) throws PixelDataException {
        if (slices.isEmpty()) throw new IllegalArgumentException("no slices");
        if (format.bitsAllocated() != 16 && format.bitsAllocated() != 8) {
            throw new PixelDataException("volumes of " + format.bitsAllocated() + "-bit pixels are not supported");
        }
        List<SliceSource> sorted = SeriesGeometry.sortBySlicePosition(slices);
        SeriesGeometry geometry = SeriesGeometry.of(sorted);
        double[] slope = new double[sorted.size()];
        double[] intercept = new double[sorted.size()];
        for (int k = 0; k < sorted.size(); k++) {
            slope[k] = sorted.get(k).rescaleSlope();
            intercept[k] = sorted.get(k).rescaleIntercept();
        }
        Volume volume = new Volume(geometry, format.signed() || format.bitsAllocated() == 8,
                format.photometric(), slope, intercept, format.defaultWindow());
        volume.describeDisplay(displayOf(sorted));
        ProgressiveLoad load = new ProgressiveLoad(volume, sorted, format.bitsAllocated() == 8, focus, onSliceError);
        load.start(decoders, threads);
        return load;
    }

    /**
     * Starts loading slices already in volume order whose geometry, rescale and display are known
     * (an {@link OpenPlan}): nothing is sorted or derived, and {@code sorted} is read one slice at a
     * time as the load reaches it, so starting costs the same for any number of slices.
     *
     * @param display         per slice; equal attributes must already be one instance (renderers cache by it)
     * @param oneUntilResumed decode on one thread until {@link ProgressiveLoad#resumeAll} (a viewer
     *                        calls it once its first frame is out)
     */
    public ProgressiveLoad openPlaced(SeriesGeometry geometry, double[] slope, double[] intercept,
                                      io.radstream.volume.frames.DisplayAttributes[] display, List<SliceSource> sorted,
                                      PixelFormat format, int focus, BiConsumer<Integer, Exception> onSliceError,
                                      boolean oneUntilResumed)
            throws PixelDataException {
        if (sorted.isEmpty() || sorted.size() != geometry.slices()) throw new IllegalArgumentException("slices and geometry differ");
        if (format.bitsAllocated() != 16 && format.bitsAllocated() != 8) {
            throw new PixelDataException("volumes of " + format.bitsAllocated() + "-bit pixels are not supported");
        }
        Volume volume = new Volume(geometry, format.signed() || format.bitsAllocated() == 8, format.photometric(), slope,
                intercept, format.defaultWindow());
        volume.describeDisplay(display);
        ProgressiveLoad load = new ProgressiveLoad(volume, sorted, format.bitsAllocated() == 8, focus, onSliceError);
        load.start(decoders, threads, oneUntilResumed);
        return load;
    }

    /** Per slice, equal attributes interned to one instance (renderers cache tables by instance). */
    private static io.radstream.volume.frames.DisplayAttributes[] displayOf(List<SliceSource> sorted) {
        java.util.Map<io.radstream.volume.frames.DisplayAttributes, io.radstream.volume.frames.DisplayAttributes> seen =
                new java.util.HashMap<>();
        io.radstream.volume.frames.DisplayAttributes[] out = new io.radstream.volume.frames.DisplayAttributes[sorted.size()];
        for (int k = 0; k < out.length; k++) out[k] = seen.computeIfAbsent(sorted.get(k).display(), d -> d);
        return out;
    }

    /** Loads every slice before returning; any slice that fails to decode fails the whole load. */
    public Volume load(List<SliceSource> slices, PixelFormat format) throws IOException, PixelDataException {
        Exception[] first = new Exception[1];
        ProgressiveLoad load = open(slices, format, 0, (k, e) -> {
            synchronized (first) {
                if (first[0] == null) first[0] = e;
            }
        });
        try {
            load.done().join();
        } catch (CompletionException e) {
            load.volume().release();
            throw new IOException("volume load failed: " + e.getCause(), e.getCause());
        }
        synchronized (first) {
            if (first[0] != null) {
                load.volume().release();
                if (first[0] instanceof IOException io) throw io;
                if (first[0] instanceof PixelDataException p) throw p;
                throw new IOException("slice decode failed: " + first[0], first[0]);
            }
        }
        return load.volume();
    }

    @Override
    public void close() {
        decoders.shutdownNow();
    }
}
