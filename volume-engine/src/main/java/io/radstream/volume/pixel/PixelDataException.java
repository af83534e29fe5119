package io.radstream.volume.pixel;

/** Pixel data that cannot be turned into frames: inconsistent attributes, short data, no codec. */
public class PixelDataException extends Exception {
    private final long offset;

    public PixelDataException(long offset, String message) {
        super(message);
        this.offset = offset;
    }

    public PixelDataException(String message) {
        this(-1, message);
    }

    /** Byte offset of the element at fault, or -1. */
    public long offset() { return offset; }
}
