package io.radstream.render;

import io.radstream.render.cuda.CudaRenderer;
import io.radstream.render.cuda.CudaUnavailableException;
import org.junit.jupiter.api.Assumptions;

/**
 * One CUDA renderer for a test class, or the reason there is none: the class's GPU tests call
 * {@link #require} and skip with that reason on a machine without a GPU. Prints "cuda: device" or
 * "cuda parity skipped: reason" (bench/gpu-check.sh reads the first such line).
 */
final class CudaUnderTest implements AutoCloseable {
    final CudaRenderer renderer;
    final String unavailable;

    private CudaUnderTest(CudaRenderer renderer, String unavailable) {
        this.renderer = renderer;
        this.unavailable = unavailable;
    }

    static CudaUnderTest start() {
        try {
            CudaRenderer r = CudaRenderer.create();
            System.out.println("cuda: " + r.device());
            return new CudaUnderTest(r, null);
        } catch (CudaUnavailableException e) {
            System.out.println("cuda parity skipped: " + e.getMessage());
            return new CudaUnderTest(null, e.getMessage());
        }
    }

    /** The renderer; skips the calling test where CUDA cannot start. */
    CudaRenderer require() {
        Assumptions.assumeTrue(renderer != null, () -> "CUDA not available here: " + unavailable);
        return renderer;
    }

    @Override
    public void close() {
        if (renderer != null) renderer.close();
    }
}
