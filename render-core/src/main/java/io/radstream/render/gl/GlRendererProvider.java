package io.radstream.render.gl;

import io.radstream.render.RendererProvider;

/** Registers {@link GlRenderer} with {@link io.radstream.render.Backends}. */
public final class GlRendererProvider implements RendererProvider {
    @Override
    public String name() {
        return "gl";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Created create() throws GlUnavailableException {
        GlRenderer r = GlRenderer.create();
        return new Created(r, r.device(), r.software());
    }
}
