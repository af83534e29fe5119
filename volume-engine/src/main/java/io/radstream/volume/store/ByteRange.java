package io.radstream.volume.store;

/**
 * A run of bytes in a stored file (or, for a deflated transfer syntax, in its inflated data set):
 * a pixel data fragment or the Basic Offset Table.
 */
public record ByteRange(long offset, long length) {
    public ByteRange {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("negative byte range " + offset + "+" + length);
    }
}
