package io.radstream.render.gl;

import io.radstream.render.BackendUnavailableException;

/** No headless OpenGL here: says why, and which Debian packages provide it. */
public final class GlUnavailableException extends BackendUnavailableException {
    static final String PACKAGES = "install libegl1, libegl-mesa0 and libgl1-mesa-dri (Mesa; software llvmpipe "
            + "when there is no GPU), or the GPU vendor's EGL driver (e.g. libnvidia-egl / the NVIDIA driver)";

    GlUnavailableException(String reason) {
        super("OpenGL unavailable: " + reason + "; " + PACKAGES);
    }

    GlUnavailableException(String reason, Throwable cause) {
        super("OpenGL unavailable: " + reason + " (" + cause + "); " + PACKAGES, cause);
    }
}
