package io.radstream.render;

/** Registers {@link CpuRenderer}; always available. */
public final class CpuRendererProvider implements RendererProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Created create() {
        return new Created(new CpuRenderer(), "Java, " + Runtime.getRuntime().availableProcessors() + " cores", false);
    }
}
