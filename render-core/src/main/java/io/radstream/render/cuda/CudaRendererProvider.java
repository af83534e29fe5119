package io.radstream.render.cuda;

import io.radstream.render.RendererProvider;

/**
 * Registers {@link CudaRenderer} with {@link io.radstream.render.Backends} (priority 0: tried first).
 * The description reported for {@code /api/status} names the device, its memory and the volume
 * budget, e.g. "NVIDIA H200 (sm_90, 140 GiB, 139 GiB free; volume budget 104 GiB; CUDA driver 13.0)".
 */
public final class CudaRendererProvider implements RendererProvider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Created create() throws CudaUnavailableException {
        CudaRenderer r = CudaRenderer.create();
        return new Created(r, r.device(), false);
    }
}
