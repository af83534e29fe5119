package io.radstream.volume.codec.jpeg;

import io.radstream.volume.pixel.PixelDataException;

/** A JPEG codestream we cannot decode; the message names the byte offset within the frame. */
final class JpegException extends PixelDataException {
    JpegException(int offset, String message) {
        super("JPEG: " + message + (offset >= 0 ? " (frame byte " + offset + ")" : ""));
    }
}
