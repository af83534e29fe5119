package io.radstream.volume.store;

/**
 * The study index cannot be opened, read or written (a damaged or locked database, a full disk).
 * Unchecked: callers cannot recover from it other than by reporting it.
 */
public class StudyIndexException extends RuntimeException {
    public StudyIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
