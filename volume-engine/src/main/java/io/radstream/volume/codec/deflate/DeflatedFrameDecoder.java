package io.radstream.volume.codec.deflate;

import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.codec.StoredValues;
import io.radstream.volume.pixel.NativeFrameDecoder;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Deflated Image Frame Compression (1.2.840.10008.1.2.8.1, added to PS3.5 in 2023): each frame is the
 * native frame's bytes compressed with raw deflate (RFC 1951, no zlib header). The inflated bytes
 * are then read like native pixel data; a 1-bit frame starts on a byte boundary of its own.
 * Inflation stops at the frame size, so a hostile stream cannot make us allocate more.
 */
public final class DeflatedFrameDecoder implements FrameDecoder {

    @Override
    public String name() {
        return "deflate";
    }

    @Override
    public byte[] decode(byte[] encoded, PixelDescription d) throws PixelDataException {
        StoredValues.frameBytes(d);
        PixelDescription oneFrame = new PixelDescription(d.rows(), d.columns(), 1, d.samplesPerPixel(),
                d.bitsAllocated(), d.bitsStored(), d.highBit(), d.signed(), d.photometric(),
                d.planarConfiguration(), d.pixelDataTag());
        long size = NativeFrameDecoder.frameRange(oneFrame, 0)[1];
        if (size > Integer.MAX_VALUE - 16) throw new PixelDataException("a native frame of " + size + " bytes is too large");
        byte[] stored = new byte[(int) size];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(encoded);
            int got = fill(inflater, stored);
            if (got < stored.length) {
                throw new PixelDataException("deflated frame inflates to " + got + " bytes; " + d.rows() + "x"
                        + d.columns() + "x" + d.samplesPerPixel() + " at " + d.bitsAllocated() + " bits needs " + stored.length);
            }
            // one byte more is the even-length padding of an odd-sized frame; more means wrong attributes
            int extra = fill(inflater, new byte[2]);
            if (extra > 1) {
                throw new PixelDataException("deflated frame inflates to more than the " + stored.length
                        + " bytes of a " + d.rows() + "x" + d.columns() + "x" + d.samplesPerPixel() + " frame at "
                        + d.bitsAllocated() + " bits");
            }
        } catch (DataFormatException e) {
            throw new PixelDataException("deflated frame is not a valid raw deflate stream (RFC 1951): " + e.getMessage());
        } finally {
            inflater.end();
        }
        return NativeFrameDecoder.decode(oneFrame, 0, stored, false, false);
    }

    private static int fill(Inflater inflater, byte[] out) throws DataFormatException {
        int got = 0;
        while (got < out.length && !inflater.finished()) {
            int n = inflater.inflate(out, got, out.length - got);
            if (n == 0) break; // needs input it will never get, or a preset dictionary
            got += n;
        }
        return got;
    }
}
