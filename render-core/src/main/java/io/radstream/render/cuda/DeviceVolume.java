package io.radstream.render.cuda;

import io.radstream.volume.series.Volume;
import org.lwjgl.system.MemoryUtil;

import java.lang.ref.WeakReference;
import java.nio.DoubleBuffer;

import static org.lwjgl.cuda.CU.cuMemFree;
import static org.lwjgl.cuda.CU.ncuMemcpyHtoD;

/**
 * One volume in device memory: its 16-bit stored values, slice after slice exactly as in the
 * volume's off-heap segment, and per-slice rescale slopes and intercepts (doubles) for reformats.
 * The whole segment is copied once; slices not yet decoded then are copied again when they are
 * (progressive loading). Context thread only. Holds the volume weakly.
 */
final class DeviceVolume implements AutoCloseable {
    private static final byte PROVISIONAL = 1, FINAL = 2;

    final WeakReference<Volume> volume;
    final long bytes;
    private final long sliceBytes;
    private final byte[] uploaded;
    long pointer, slope, intercept;
    private DoubleBuffer hostRescale;

    DeviceVolume(Volume v) {
        this.volume = new WeakReference<>(v);
        this.bytes = v.byteSize();
        this.sliceBytes = (long) v.columns() * v.rows() * 2;
        this.uploaded = new byte[v.slices()];
    }

    /** Allocates and copies the whole volume (the caller retains it, so the segment is alive). */
    void allocate(Volume v) {
        pointer = CudaRenderer.alloc(bytes);
        slope = CudaRenderer.alloc(8L * v.slices());
        intercept = CudaRenderer.alloc(8L * v.slices());
        hostRescale = MemoryUtil.memAllocDouble(v.slices());
        boolean[] ready = new boolean[v.slices()];
        for (int k = 0; k < ready.length; k++) ready[k] = v.isSliceReady(k);
        CudaRenderer.check(ncuMemcpyHtoD(pointer, v.voxels().address(), bytes), "cuMemcpyHtoD (volume)");
        for (int k = 0; k < ready.length; k++) uploaded[k] = ready[k] ? FINAL : PROVISIONAL;
    }

    /** Slice k as current as the volume has it. */
    void prepare(Volume v, int k) {
        if (uploaded[k] != FINAL && v.isSliceReady(k)) copy(v, k, 1);
    }

    /** Every slice decoded since the last copy, in runs of consecutive slices. */
    void prepareAll(Volume v) {
        int k = 0;
        while (k < uploaded.length) {
            if (uploaded[k] == FINAL || !v.isSliceReady(k)) {
                k++;
                continue;
            }
            int end = k + 1;
            while (end < uploaded.length && uploaded[end] != FINAL && v.isSliceReady(end)) end++;
            copy(v, k, end - k);
            k = end;
        }
    }

    /** The per-slice rescale, each frame: cheap, and right even if a slice's values arrive late. */
    void uploadRescale(Volume v) {
        int n = uploaded.length;
        for (int k = 0; k < n; k++) hostRescale.put(k, v.rescaleSlope(k));
        CudaRenderer.check(ncuMemcpyHtoD(slope, MemoryUtil.memAddress(hostRescale), 8L * n), "cuMemcpyHtoD (slopes)");
        for (int k = 0; k < n; k++) hostRescale.put(k, v.rescaleIntercept(k));
        CudaRenderer.check(ncuMemcpyHtoD(intercept, MemoryUtil.memAddress(hostRescale), 8L * n), "cuMemcpyHtoD (intercepts)");
    }

    private void copy(Volume v, int first, int count) {
        long offset = first * sliceBytes;
        CudaRenderer.check(ncuMemcpyHtoD(pointer + offset, v.voxels().address() + offset, count * sliceBytes),
                "cuMemcpyHtoD (slices)");
        for (int k = first; k < first + count; k++) uploaded[k] = FINAL;
    }

    @Override
    public void close() {
        if (pointer != 0) cuMemFree(pointer);
        if (slope != 0) cuMemFree(slope);
        if (intercept != 0) cuMemFree(intercept);
        pointer = slope = intercept = 0;
        if (hostRescale != null) MemoryUtil.memFree(hostRescale);
        hostRescale = null;
    }
}
