package io.radstream.render;

import io.radstream.render.cuda.CudaRenderer;
import io.radstream.render.gl.GlRenderer;
import org.junit.jupiter.api.Assumptions;

import java.util.function.Function;

/**
 * One GPU renderer for a test class, or the reason there is none: the class's GPU tests call
 * {@link #require} and skip with that reason where the backend cannot start (no GPU, no EGL).
 * Prints "name: device" or "name parity skipped: reason" (bench/gpu-check.sh reads CUDA's line).
 */
final class BackendUnderTest<R extends Renderer & AutoCloseable> implements AutoCloseable {
    /** Starts a backend or says why it cannot. */
    @FunctionalInterface
    interface Start<R> {
        R create() throws BackendUnavailableException;
    }

    final R renderer;
    final String unavailable;
    private final String name;

    private BackendUnderTest(String name, R renderer, String unavailable) {
        this.name = name;
        this.renderer = renderer;
        this.unavailable = unavailable;
    }

    static BackendUnderTest<CudaRenderer> cuda() {
        return start("cuda", CudaRenderer::create, CudaRenderer::device);
    }

    static BackendUnderTest<GlRenderer> gl() {
        return start("gl", GlRenderer::create, GlRenderer::device);
    }

    private static <R extends Renderer & AutoCloseable> BackendUnderTest<R> start(String name, Start<R> start, Function<R, String> device) {
        try {
            R r = start.create();
            System.out.println(name + ": " + device.apply(r));
            return new BackendUnderTest<>(name, r, null);
        } catch (BackendUnavailableException e) {
            System.out.println(name + " parity skipped: " + e.getMessage());
            return new BackendUnderTest<>(name, null, e.getMessage());
        }
    }

    /** The renderer; skips the calling test where the backend cannot start here. */
    R require() {
        Assumptions.assumeTrue(renderer != null, () -> name + " not available here: " + unavailable);
        return renderer;
    }

    @Override
    public void close() {
        try {
            if (renderer != null) renderer.close();
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not close", e);
        }
    }
}
