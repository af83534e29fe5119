package io.radstream.render.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the CUDA driver (libcuda) and NVRTC (libnvrtc) before LWJGL tries to: LWJGL asks for
 * {@code libcuda.so} and {@code libnvrtc.so}, but a driver installed into a container often has only
 * {@code libcuda.so.1}, and a CUDA runtime without the developer package only
 * {@code libnvrtc.so.12}/{@code .13}. An absolute path found here is handed to LWJGL through
 * {@code org.lwjgl.system.Configuration}; checking first also lets a machine without a GPU say
 * "libcuda not found" without loading any CUDA class.
 *
 * <p>Overrides: {@code -Dorg.lwjgl.cuda.libname=/path/libcuda.so.1},
 * {@code -Dorg.lwjgl.cuda.nvrtc.libname=/path/libnvrtc.so.13} (LWJGL's own properties).
 */
final class CudaLibraries {
    private CudaLibraries() {}

    static final String CUDA_PROPERTY = "org.lwjgl.cuda.libname";
    static final String NVRTC_PROPERTY = "org.lwjgl.cuda.nvrtc.libname";
    static final String NVRTC_BUILTINS_PROPERTY = "org.lwjgl.cuda.nvrtc-builtins.libname";

    /** libcuda: a property's path, else ldconfig's cache, else the usual directories. */
    static Optional<Path> libcuda() {
        return find(CUDA_PROPERTY, "libcuda.so");
    }

    /** libnvrtc (not libnvrtc-builtins): as {@link #libcuda}, plus CUDA toolkit directories. */
    static Optional<Path> libnvrtc() {
        return find(NVRTC_PROPERTY, "libnvrtc.so");
    }

    /**
     * libnvrtc-builtins, which LWJGL's NVRTC class also opens when it loads: given a libnvrtc path,
     * the builtins beside it (a toolkit's or a Python wheel's lib directory holds both) come first,
     * since NVRTC refuses builtins of another version; without them LWJGL looks for a CUDA toolkit
     * root and fails with a bare {@code IllegalStateException} where there is none (a runtime-only
     * install, Debian's libnvrtc12 package).
     */
    static Optional<Path> libnvrtcBuiltins(Path libnvrtc) {
        String stem = "libnvrtc-builtins.so";
        String forced = System.getProperty(NVRTC_BUILTINS_PROPERTY);
        if (forced != null && !forced.isBlank()) return find(NVRTC_BUILTINS_PROPERTY, stem);
        if (libnvrtc.isAbsolute()) {
            for (Path dir : new Path[]{libnvrtc.getParent(), realParent(libnvrtc)}) {
                if (dir == null) continue;
                Optional<Path> beside = inDirectory(dir, stem).stream().filter(Files::isReadable)
                        .max((a, b) -> rank(a.getFileName().toString(), stem) - rank(b.getFileName().toString(), stem));
                if (beside.isPresent()) return beside;
            }
        }
        return find(NVRTC_BUILTINS_PROPERTY, stem);
    }

    private static Path realParent(Path p) {
        try {
            return p.toRealPath().getParent();
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<Path> find(String property, String stem) {
        String forced = System.getProperty(property);
        if (forced != null && !forced.isBlank()) {
            Path p = Path.of(forced);
            return p.isAbsolute() ? Optional.of(p).filter(Files::isReadable) : Optional.of(p);
        }
        List<Path> candidates = new ArrayList<>(fromLdconfig(stem));
        for (String dir : searchDirectories()) candidates.addAll(inDirectory(Path.of(dir), stem));
        // prefer the plain name, then the highest-numbered soname
        return candidates.stream().filter(Files::isReadable)
                .sorted((a, b) -> rank(b.getFileName().toString(), stem) - rank(a.getFileName().toString(), stem))
                .findFirst();
    }

    private static int rank(String file, String stem) {
        if (file.equals(stem)) return 1_000_000;
        String rest = file.substring(stem.length()).replaceFirst("^\\.", "");
        String major = rest.split("\\.")[0];
        try {
            return Integer.parseInt(major);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> searchDirectories() {
        List<String> dirs = new ArrayList<>(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib", "/usr/local/cuda/lib64", "/usr/local/cuda/lib"));
        String cudaHome = System.getenv("CUDA_HOME");
        if (cudaHome != null) dirs.add(cudaHome + "/lib64");
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) for (String d : ld.split(":")) if (!d.isBlank()) dirs.add(d);
        try (DirectoryStream<Path> local = Files.newDirectoryStream(Path.of("/usr/local"), "cuda-*")) {
            for (Path p : local) {
                dirs.add(p.resolve("lib64").toString());
                dirs.add(p.resolve("lib").toString());
                dirs.add(p.resolve("targets/x86_64-linux/lib").toString());
            }
        } catch (IOException | RuntimeException ignored) {
            // no toolkits installed there
        }
        return dirs;
    }

    private static List<Path> inDirectory(Path dir, String stem) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) return found;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, stem + "*")) {
            for (Path p : files) if (matches(p.getFileName().toString(), stem)) found.add(p);
        } catch (IOException | RuntimeException ignored) {
            // unreadable directory
        }
        return found;
    }

    /** {@code libnvrtc.so} or {@code libnvrtc.so.13[.0.48]}, not {@code libnvrtc-builtins.so}. */
    private static boolean matches(String file, String stem) {
        return file.equals(stem) || file.matches(java.util.regex.Pattern.quote(stem) + "(\\.\\d+)+");
    }

    private static List<Path> fromLdconfig(String stem) {
        List<Path> found = new ArrayList<>();
        for (String exe : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
            try {
                Process p = new ProcessBuilder(exe, "-p").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroy();
                for (String line : out.split("\n")) {
                    String t = line.trim();
                    int arrow = t.indexOf("=>");
                    if (arrow < 0 || !t.contains("x86-64") && !t.contains("x86_64") && t.contains("(libc6)")) continue;
                    String name = t.substring(0, t.indexOf(' ') < 0 ? t.length() : t.indexOf(' '));
                    if (matches(name, stem)) found.add(Path.of(t.substring(arrow + 2).trim()));
                }
                return found;
            } catch (IOException e) {
                // try the next location
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
        return found;
    }
}
