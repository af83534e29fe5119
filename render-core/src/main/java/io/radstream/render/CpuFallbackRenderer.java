package io.radstream.render;

import io.radstream.volume.series.Volume;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A GPU backend with the CPU reference behind it: a view the backend refuses
 * ({@link UnsupportedViewException}: a VOI its kernels lack, a volume too large for one texture)
 * is rendered exactly by the CPU instead of not at all. Each refused feature is logged once.
 */
public final class CpuFallbackRenderer implements Renderer {
    private static final System.Logger LOG = System.getLogger(CpuFallbackRenderer.class.getName());

    private final Renderer primary;
    private final CpuRenderer cpu = new CpuRenderer();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    private CpuFallbackRenderer(Renderer primary) {
        this.primary = primary;
    }

    /** {@code r} itself when it is the CPU renderer already, else {@code r} backed by the CPU. */
    public static Renderer of(Renderer r) {
        return r instanceof CpuRenderer || r instanceof CpuFallbackRenderer ? r : new CpuFallbackRenderer(r);
    }

    @Override
    public String name() {
        return primary.name();
    }

    @Override
    public Frame render(ViewState state, Volume volume) {
        try {
            return primary.render(state, volume);
        } catch (UnsupportedViewException e) {
            if (logged.add(e.getMessage())) LOG.log(System.Logger.Level.INFO, "{0}: rendered on the CPU instead", e.getMessage());
            return cpu.render(state, volume);
        }
    }
}
