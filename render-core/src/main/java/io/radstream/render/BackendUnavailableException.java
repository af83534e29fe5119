package io.radstream.render;

/** A rendering backend cannot run here; the message says why and what would make it work. */
public class BackendUnavailableException extends Exception {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
