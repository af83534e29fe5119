package io.radstream.volume.codec.natives;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * A shared library opened through the FFM API ({@link SymbolLookup#libraryLookup(String, Arena)})
 * for the life of the JVM. Each binding class opens its library once, lazily, from a holder class;
 * a missing library or symbol becomes {@link MissingLibraryException}, so callers can offer a
 * fallback or a clear "install X" error instead of an {@link UnsatisfiedLinkError} mid-decode.
 */
public final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    private final String soname;
    private final SymbolLookup lookup;

    private NativeLibrary(String soname, SymbolLookup lookup) {
        this.soname = soname;
        this.lookup = lookup;
    }

    /** Opens {@code soname} (e.g. "libopenjp2.so.7") with the dynamic loader's search path. */
    public static NativeLibrary open(String soname) throws MissingLibraryException {
        try {
            return new NativeLibrary(soname, SymbolLookup.libraryLookup(soname, Arena.global()));
        } catch (IllegalArgumentException | IllegalCallerException e) {
            // IllegalArgumentException: dlopen failed; IllegalCallerException: native access denied
            throw new MissingLibraryException(soname + " cannot be loaded: " + e.getMessage());
        }
    }

    public String soname() { return soname; }

    /** A downcall handle for {@code symbol}; a missing symbol means an incompatible library version. */
    public MethodHandle function(String symbol, FunctionDescriptor descriptor) throws MissingLibraryException {
        return function(symbol, descriptor, new Linker.Option[0]);
    }

    /** As {@link #function(String, FunctionDescriptor)}, with linker options (e.g. {@link Linker.Option#critical}). */
    public MethodHandle function(String symbol, FunctionDescriptor descriptor, Linker.Option... options)
            throws MissingLibraryException {
        Optional<MemorySegment> address = lookup.find(symbol);
        if (address.isEmpty()) throw new MissingLibraryException(soname + " has no symbol " + symbol);
        return LINKER.downcallHandle(address.get(), descriptor, options);
    }

    /** The library is absent, or too old: the message says which. */
    public static final class MissingLibraryException extends Exception {
        public MissingLibraryException(String message) {
            super(message);
        }
    }
}
