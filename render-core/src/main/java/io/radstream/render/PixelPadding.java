package io.radstream.render;

import io.radstream.volume.series.Volume;

import java.util.OptionalInt;

/**
 * Which stored value marks pixels outside the scanned field (Pixel Padding Value, PS3.3
 * C.7.5.1.1.2), per volume. MinIP skips samples that touch padding, so the air-like padding
 * around a round CT field does not win every minimum. {@link #OF_VOLUME} reads what the volume's
 * opener recorded ({@link Volume#describePixelPadding}); tests and tools may supply their own.
 */
@FunctionalInterface
public interface PixelPadding {
    PixelPadding NONE = v -> OptionalInt.empty();
    PixelPadding OF_VOLUME = Volume::pixelPadding;

    /** The padding stored value (as read with the volume's signedness), if known. */
    OptionalInt storedValue(Volume volume);
}
