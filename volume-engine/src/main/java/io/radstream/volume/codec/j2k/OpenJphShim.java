package io.radstream.volume.codec.j2k;

import io.radstream.volume.codec.natives.BoundLibrary;
import io.radstream.volume.codec.natives.NativeLibrary;
import io.radstream.volume.codec.natives.NativeLibrary.MissingLibraryException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code libradstream_openjph.so}: OpenJPH's HTJ2K decoder (C++) behind a C entry point
 * ({@code src/main/native/radstream_openjph.cpp}), built at compile time by
 * {@code build-openjph-shim.sh} when g++ and libopenjph-dev are installed, and shipped in the
 * classes/jar under {@value #RESOURCE}. It is optional: where it was not built, or
 * {@code -D}{@value #PROPERTY}{@code =false}, HTJ2K decodes through OpenJPEG.
 *
 * <p>The decode downcall is {@linkplain Linker.Option#critical(boolean) critical with heap access}:
 * the codestream and the output {@code int[]} are handed to C in place, with no native copies.
 * A critical call must not call back into Java; the shim never does.
 */
final class OpenJphShim {
    /** {@code -Dradstream.openjph=false} skips the shim; a path uses that library file instead. */
    static final String PROPERTY = "radstream.openjph";
    static final String RESOURCE = "/native/linux-x86_64/libradstream_openjph.so";
    static final int OK = 0, ERROR = 1, UNSUPPORTED = 2;

    final String version;
    private final MethodHandle decode, decode16, error;

    private OpenJphShim(NativeLibrary lib) throws MissingLibraryException {
        MethodHandle versionFn = lib.function("radstream_openjph_version", FunctionDescriptor.of(ADDRESS));
        error = lib.function("radstream_openjph_error", FunctionDescriptor.of(ADDRESS));
        decode = lib.function("radstream_openjph_decode",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
                Linker.Option.critical(true));
        decode16 = lib.function("radstream_openjph_decode16",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                Linker.Option.critical(true));
        try {
            version = ((MemorySegment) versionFn.invokeExact()).reinterpret(32).getString(0);
        } catch (Throwable t) {
            throw new MissingLibraryException(lib.soname() + ": radstream_openjph_version failed: " + t);
        }
    }

    /** The shim, loaded on first call; the exception says why it is not there. */
    static OpenJphShim get() throws MissingLibraryException {
        if (Holder.LIBRARY == null) throw new MissingLibraryException(Holder.missing);
        return Holder.LIBRARY.get();
    }

    /** The library file, found once; {@code LIBRARY} is null and {@code missing} says why when there is none. */
    private static final class Holder {
        static String missing;
        static final BoundLibrary<OpenJphShim> LIBRARY = locate();

        private static BoundLibrary<OpenJphShim> locate() {
            String setting = System.getProperty(PROPERTY, "").trim();
            if (setting.equalsIgnoreCase("false")) return missing("switched off by -D" + PROPERTY + "=false");
            if (!setting.isEmpty() && !setting.equalsIgnoreCase("true")) return new BoundLibrary<>(setting, OpenJphShim::new);
            URL url = OpenJphShim.class.getResource(RESOURCE);
            if (url == null) {
                return missing("libradstream_openjph.so was not built (sh volume-engine/src/main/native/build-openjph-shim.sh, needs g++ and libopenjph-dev)");
            }
            try {
                Path file;
                if (url.getProtocol().equals("file")) {
                    file = Path.of(url.toURI());
                } else {
                    // inside a jar: dlopen needs a file
                    file = Files.createTempFile("libradstream_openjph", ".so");
                    file.toFile().deleteOnExit();
                    try (InputStream in = url.openStream()) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                return new BoundLibrary<>(file.toAbsolutePath().toString(), OpenJphShim::new);
            } catch (IOException | URISyntaxException | RuntimeException e) {
                return missing("libradstream_openjph.so cannot be unpacked: " + e);
            }
        }

        private static BoundLibrary<OpenJphShim> missing(String why) {
            missing = why;
            return null;
        }
    }

    /**
     * Decodes a reversible HTJ2K codestream into {@code out}: component planes in order, each
     * width x height samples.
     *
     * @return {@link #OK}, {@link #ERROR} (see {@link #lastError()}) or {@link #UNSUPPORTED}
     */
    int decode(byte[] encoded, int width, int height, int components, int[] out) {
        try {
            return (int) decode.invokeExact(MemorySegment.ofArray(encoded), (long) encoded.length, width, height,
                    components, MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new IllegalStateException("libradstream_openjph call failed", t);
        }
    }

    /**
     * Decodes a reversible one-component HTJ2K codestream straight into a 16-bit little-endian
     * frame: each sample first read as a two's-complement or unsigned value of the component's
     * precision, then of Bits Stored, exactly as {@link J2kSamples} does for the other decoders.
     *
     * @return {@link #OK}, {@link #ERROR} (see {@link #lastError()}) or {@link #UNSUPPORTED}
     */
    int decode16(byte[] encoded, int width, int height, J2kCodestream.Component component, int bitsStored,
                 boolean storedSigned, byte[] out) {
        try {
            return (int) decode16.invokeExact(MemorySegment.ofArray(encoded), (long) encoded.length, width, height,
                    MemorySegment.ofArray(out), 32 - component.precision(), component.signed() ? 1 : 0,
                    32 - bitsStored, storedSigned ? 1 : 0);
        } catch (Throwable t) {
            throw new IllegalStateException("libradstream_openjph call failed", t);
        }
    }

    /** The message of this thread's last failed decode. */
    String lastError() {
        try {
            return ((MemorySegment) error.invokeExact()).reinterpret(512).getString(0);
        } catch (Throwable t) {
            return "no message (" + t + ")";
        }
    }
}
