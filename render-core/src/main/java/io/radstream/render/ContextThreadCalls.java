package io.radstream.render;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waiting for work handed to a backend's context thread (a GL or CUDA context is current on one
 * thread only): the work's own exception comes back unwrapped, an interrupt is restored.
 */
public final class ContextThreadCalls {
    private ContextThreadCalls() {}

    /** @param thread named in the error when the wait is interrupted ("GL", "CUDA") */
    public static <T> T await(Future<T> work, String thread) {
        try {
            return work.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the " + thread + " thread", e);
        }
    }
}
