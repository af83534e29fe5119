package io.radstream.volume.codec.natives;

import io.radstream.volume.codec.natives.NativeLibrary.MissingLibraryException;

/**
 * A native library bound once, on first use, by a binding class (OpenJPEG, CharLS, ...). A missing
 * library or symbol is remembered as the reason it is unusable, never as a broken class, so every
 * later call fails the same clear way.
 *
 * @param <T> the binding: method handles over the opened library
 */
public final class BoundLibrary<T> {
    private final String soname;
    private final Binder<T> bind;
    private T binding;
    private String failure;
    private boolean attempted;

    /** Looks the library's symbols up; may itself find one missing. */
    @FunctionalInterface
    public interface Binder<T> {
        T bind(NativeLibrary library) throws MissingLibraryException;
    }

    public BoundLibrary(String soname, Binder<T> bind) {
        this.soname = soname;
        this.bind = bind;
    }

    /** The binding; throws with the reason when the library cannot be used. */
    public synchronized T get() throws MissingLibraryException {
        if (!attempted) {
            attempted = true;
            try {
                binding = bind.bind(NativeLibrary.open(soname));
            } catch (MissingLibraryException e) {
                failure = e.getMessage();
            } catch (RuntimeException e) {
                // e.g. IllegalCallerException under --illegal-native-access=deny: no native codec, not a broken class
                failure = soname + " cannot be bound: " + e;
            }
        }
        if (failure != null) throw new MissingLibraryException(failure);
        return binding;
    }
}
