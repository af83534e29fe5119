package io.radstream.volume.store;

import java.nio.file.Path;

/**
 * Why one file was not imported. Carries file names and UIDs but never patient data, so it can be
 * shown to an administrator and logged.
 *
 * @param offset byte offset of the problem in the file (or in the inflated data set of a deflated
 *               transfer syntax); -1 when unknown
 */
public record ImportError(Path file, long offset, String reason) {
    @Override
    public String toString() {
        return file + (offset >= 0 ? ": at offset " + offset : "") + ": " + reason;
    }
}
