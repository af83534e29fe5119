package io.radstream.volume.series;

import io.radstream.volume.pixel.PixelDataException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Series → volume: sorts the slices along their normal, derives the geometry, allocates the voxels
 * off-heap and fills them by decoding slices in parallel on platform threads (decoders are CPU and
 * native work, which would pin virtual threads' carriers).
 */
public final class VolumeLoader implements AutoCloseable {
    private final ExecutorService decoders;

    public VolumeLoader(int threads) {
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

    public Volume load(List<SliceSource> slices, PixelFormat format) throws IOException, PixelDataException {
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
        try {
            List<Future<Void>> work = new ArrayList<>();
            for (int k = 0; k < sorted.size(); k++) {
                int slice = k;
                work.add(decoders.submit(() -> {
                    byte[] stored = sorted.get(slice).pixels().read();
                    volume.fillSlice(slice, format.bitsAllocated() == 8 ? widen8(stored) : stored);
                    return null;
                }));
            }
            for (Future<Void> f : work) f.get();
            return volume;
        } catch (java.util.concurrent.ExecutionException e) {
            volume.release();
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof PixelDataException p) throw p;
            throw new IOException("slice decode failed: " + c, c);
        } catch (InterruptedException e) {
            volume.release();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading a volume", e);
        } catch (RuntimeException e) {
            volume.release();
            throw e;
        }
    }

    /** 8-bit unsigned stored values widened to 16-bit little endian, so one voxel type serves all. */
    private static byte[] widen8(byte[] in) {
        byte[] out = new byte[in.length * 2];
        for (int i = 0; i < in.length; i++) out[2 * i] = in[i];
        return out;
    }

    @Override
    public void close() {
        decoders.shutdownNow();
    }
}
