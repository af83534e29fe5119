package io.radstream.volume.codec.rle;

import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.codec.StoredValues;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

/**
 * RLE Lossless (1.2.840.10008.1.2.5, PS3.5 Annex G). A frame is split into byte planes, one segment
 * per byte of each sample: all bytes of sample 1, most significant first, then sample 2, and so on
 * (PS3.5 §G.2). The output is interleaved whatever Planar Configuration says: the segments are
 * planes by definition, and pydicom, DCMTK and GDCM all return interleaved samples for the
 * corpus's Planar Configuration 1 RLE files.
 */
public final class RleDecoder implements FrameDecoder {

    @Override
    public String name() {
        return "rle";
    }

    @Override
    public byte[] decode(byte[] encoded, PixelDescription d) throws PixelDataException {
        if (d.bitsAllocated() % 8 != 0) {
            throw new PixelDataException("RLE Lossless needs Bits Allocated of whole bytes (8, 16, 32); got "
                    + d.bitsAllocated() + " (PS3.5 §G.2)");
        }
        if (d.isFloat()) throw new PixelDataException("RLE Lossless does not encode float pixel data");
        int bytesPerSample = d.bitsAllocated() / 8;
        int spp = d.samplesPerPixel();
        int expected = spp * bytesPerSample;
        if (expected > RleHeader.MAX_SEGMENTS) {
            throw new PixelDataException(spp + " samples of " + d.bitsAllocated() + " bits need " + expected
                    + " RLE segments; PS3.5 §G.5 allows 15");
        }
        RleHeader header = RleHeader.read(encoded);
        if (header.segments() != expected) {
            throw new PixelDataException("RLE header gives " + header.segments() + " segments; " + spp + " sample(s) of "
                    + d.bitsAllocated() + " bits need " + expected + " (PS3.5 §G.2)");
        }
        int frameBytes = StoredValues.frameBytes(d);
        int pixels = d.rows() * d.columns();
        byte[] out = new byte[frameBytes];
        int stride = expected;
        for (int sample = 0; sample < spp; sample++) {
            for (int b = 0; b < bytesPerSample; b++) {
                int segment = sample * bytesPerSample + b;
                // most significant byte first; little-endian output puts it last in the container
                int first = sample * bytesPerSample + (bytesPerSample - 1 - b);
                RleSegment.decode(encoded, header.starts()[segment], header.ends()[segment], out, first, stride,
                        pixels, segment + 1);
            }
        }
        StoredValues.maskToBitsStored(out, d);
        return out;
    }
}
