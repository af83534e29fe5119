package io.radstream.volume.codec.jpeg;

/**
 * Decoded samples of one component at full image resolution, unsigned in 16 bits, row {@code y}
 * starting at {@code y * stride}.
 */
record Plane(short[] samples, int stride) {}
