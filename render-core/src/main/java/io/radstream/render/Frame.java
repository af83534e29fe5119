package io.radstream.render;

/**
 * A rendered image: 8-bit gray, row-major, exactly {@code width × height} bytes. What the lossless
 * still encodes byte for byte.
 */
public record Frame(int width, int height, byte[] gray) {
    public Frame {
        if (gray.length != width * height) throw new IllegalArgumentException("frame size mismatch");
    }

    public int at(int x, int y) {
        return gray[y * width + x] & 0xFF;
    }
}
