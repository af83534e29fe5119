package io.radstream.render;

/**
 * A backend was asked to render a {@link ViewState} feature it does not implement. Backends throw
 * this rather than drawing something close: a wrong image is worse than none.
 */
public final class UnsupportedViewException extends UnsupportedOperationException {
    public UnsupportedViewException(String backend, String feature) {
        super("renderer '" + backend + "' does not support " + feature + "; use the cpu renderer");
    }

    /** A view no renderer can make of this data (e.g. a reformat of a colour series). */
    public UnsupportedViewException(String message) {
        super(message);
    }
}
