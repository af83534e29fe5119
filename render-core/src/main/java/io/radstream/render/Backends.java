package io.radstream.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Picks the renderer. Automatic selection tries the registered backends in priority order (CUDA,
 * then OpenGL, then CPU) and takes the first that starts, except that a software OpenGL (Mesa
 * llvmpipe/softpipe) is never preferred to the CPU backend. A name ({@code cpu}, {@code gl})
 * forces that backend, software or not, and fails loudly if it cannot start.
 */
public final class Backends {
    private Backends() {}

    /**
     * The chosen renderer and how it was chosen.
     *
     * @param backend the backend's name ("cpu", "gl")
     * @param device  what renders (GL_RENDERER, or the CPU description)
     * @param notes   backends tried and passed over, with the reason, in order
     */
    public record Choice(Renderer renderer, String backend, String device, boolean software, List<String> notes)
            implements AutoCloseable {
        public Choice {
            notes = List.copyOf(notes);
        }

        /** One line for the log and {@code /api/status}. */
        public String describe() {
            return backend + " (" + device + ")" + (notes.isEmpty() ? "" : "; passed over: " + String.join("; ", notes));
        }

        /** Frees the backend's resources (GL context, textures) if it holds any. */
        @Override
        public void close() throws Exception {
            if (renderer instanceof AutoCloseable c) c.close();
        }
    }

    /** The registered backends, lowest priority value first. */
    public static List<RendererProvider> providers() {
        List<RendererProvider> list = new ArrayList<>();
        ServiceLoader.load(RendererProvider.class, Backends.class.getClassLoader()).forEach(list::add);
        if (list.stream().noneMatch(p -> p.name().equals("cpu"))) list.add(new CpuRendererProvider());
        list.sort(Comparator.comparingInt(RendererProvider::priority));
        return list;
    }

    /**
     * Selects a backend.
     *
     * @param preference {@code null}, empty or {@code "auto"} for automatic selection, otherwise a
     *                   backend name to force
     * @throws IllegalArgumentException for an unknown name
     * @throws IllegalStateException    when a forced backend cannot start (the cause says why)
     */
    public static Choice select(String preference) {
        return select(preference, providers());
    }

    static Choice select(String preference, List<RendererProvider> providers) {
        String wanted = preference == null ? "auto" : preference.trim().toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) wanted = "auto";
        if (!wanted.equals("auto")) {
            for (RendererProvider p : providers) {
                if (!p.name().equals(wanted)) continue;
                try {
                    RendererProvider.Created c = p.create();
                    return new Choice(c.renderer(), p.name(), c.device(), c.software(), List.of());
                } catch (BackendUnavailableException e) {
                    throw new IllegalStateException("backend '" + wanted + "' was requested but cannot start: "
                            + e.getMessage(), e);
                }
            }
            throw new IllegalArgumentException("unknown rendering backend '" + preference + "'; known: auto, "
                    + String.join(", ", providers.stream().map(RendererProvider::name).toList()));
        }
        List<String> notes = new ArrayList<>();
        for (RendererProvider p : providers) {
            RendererProvider.Created c;
            try {
                c = p.create();
            } catch (BackendUnavailableException e) {
                notes.add(p.name() + ": " + e.getMessage());
                continue;
            }
            if (c.software() && !p.name().equals("cpu")) {
                notes.add(p.name() + ": " + c.device() + " is a software rasteriser, slower than the CPU backend");
                closeQuietly(c.renderer());
                continue;
            }
            return new Choice(c.renderer(), p.name(), c.device(), c.software(), notes);
        }
        RendererProvider.Created cpu = new CpuRendererProvider().create();
        return new Choice(cpu.renderer(), "cpu", cpu.device(), false, notes);
    }

    private static void closeQuietly(Renderer r) {
        if (r instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing more to free
            }
        }
    }
}
