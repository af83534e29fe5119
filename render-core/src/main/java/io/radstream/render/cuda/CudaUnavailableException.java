package io.radstream.render.cuda;

import io.radstream.render.BackendUnavailableException;

/** The CUDA backend cannot start here: no driver (libcuda), no NVRTC, no device, or a failed set-up. */
public class CudaUnavailableException extends BackendUnavailableException {
    public CudaUnavailableException(String message) {
        super(message);
    }

    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
