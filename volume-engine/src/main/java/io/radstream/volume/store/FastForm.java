package io.radstream.volume.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The fast-open form of a stored instance (schema version 3): a sidecar file next to the original
 * holding every frame's stored values, decoded once at import, in the layout of native little-endian
 * pixel data (frame {@code k} at {@code k * frameBytes}). The original file is never changed.
 *
 * @param format the form's format; {@link #RAW} is the only one so far
 * @param file   the sidecar file
 * @param length its size in bytes as recorded when it was written
 */
public record FastForm(String format, Path file, long length) {
    /** Decoded stored values, frames back to back, little endian. */
    public static final String RAW = "raw-le";

    public FastForm {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(file, "file");
    }
}
