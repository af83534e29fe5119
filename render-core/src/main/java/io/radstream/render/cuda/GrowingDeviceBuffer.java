package io.radstream.render.cuda;

import static org.lwjgl.cuda.CU.cuMemFree;

/**
 * Device memory reused from frame to frame and reallocated only when a frame needs more (the
 * output image, a slab's projection, per-slice geometry, a VOI LUT). Confined to the CUDA context
 * thread, like everything the renderer allocates.
 */
final class GrowingDeviceBuffer {
    private long pointer, capacity;

    /** The buffer, at least {@code bytes} long; its old contents are lost when it grows. */
    long atLeast(long bytes) {
        if (capacity < bytes) {
            free();
            pointer = CudaRenderer.alloc(bytes);
            capacity = bytes;
        }
        return pointer;
    }

    /** The buffer as it is (0 before the first {@link #atLeast}). */
    long pointer() {
        return pointer;
    }

    void free() {
        if (pointer != 0) cuMemFree(pointer);
        pointer = 0;
        capacity = 0;
    }
}
