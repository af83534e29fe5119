package io.radstream.render;

import io.radstream.volume.series.Volume;

/**
 * View state → pixels. One interface, interchangeable backends (CPU now; OpenGL and CUDA later),
 * all held to the CPU backend's output by parity tests. Implementations are thread-safe.
 */
public interface Renderer {
    /** A short name for logs and {@code /api/status}: "cpu", "gl", "cuda". */
    String name();

    /**
     * Renders the state; the volume must be retained by the caller for the duration.
     *
     * @throws UnsupportedViewException when the state uses a feature this backend does not
     *                                  implement (a backend never approximates silently)
     */
    Frame render(ViewState state, Volume volume);
}
