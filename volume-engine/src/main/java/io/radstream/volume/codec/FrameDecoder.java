package io.radstream.volume.codec;

import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

/**
 * Decodes one compressed frame (the bytes of all fragments of that frame, concatenated) into stored
 * values in the canonical layout of {@link io.radstream.volume.pixel.NativeFrameDecoder}: samples
 * interleaved, little endian in the Bits Allocated container, masked to Bits Stored and
 * sign-extended when signed. Implementations are thread-safe.
 */
public interface FrameDecoder {
    /** A short name for tables and errors ("rle", "jpeg-lossless (TwelveMonkeys)", "charls (native)"). */
    String name();

    byte[] decode(byte[] encoded, PixelDescription description) throws PixelDataException;
}
