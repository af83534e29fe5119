package io.radstream.render;

/**
 * A rendering backend that registers itself: listed in
 * {@code META-INF/services/io.radstream.render.RendererProvider} by the module or package that
 * implements it, found by {@link Backends} through {@link java.util.ServiceLoader}. The core never
 * imports a backend.
 */
public interface RendererProvider {

    /** The name used to force this backend ("cpu", "gl", "cuda"). */
    String name();

    /** Automatic selection tries lower values first: CUDA 0, OpenGL 10, CPU 100. */
    int priority();

    /** Creates the backend, or says why it cannot run on this machine. */
    Created create() throws BackendUnavailableException;

    /**
     * A created backend.
     *
     * @param device   what renders, for logs and {@code /api/status} (e.g. the GL_RENDERER string)
     * @param software the device is a software rasteriser (Mesa llvmpipe): slower than the CPU
     *                 backend for our work, so never chosen automatically
     */
    record Created(Renderer renderer, String device, boolean software) {}
}
