package io.radstream.volume.codec;

import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

/**
 * Writes decoded integer samples in the canonical frame layout of
 * {@link io.radstream.volume.pixel.NativeFrameDecoder}: masked to Bits Stored, sign-extended when
 * Pixel Representation is 1, little endian in the Bits Allocated container (one byte for 1 and 8).
 * Codecs that decode to integers hand their samples, interleaved, to {@link #frame}.
 */
public final class StoredValues {
    private StoredValues() {}

    /**
     * @param samples one int per sample, interleaved (row, column, sample); any value, the bits
     *                above Bits Stored are dropped as PS3.5 §8.1.1 says they carry no pixel data
     */
    public static byte[] frame(int[] samples, PixelDescription d) throws PixelDataException {
        if (samples.length != d.samplesPerFrame()) {
            throw new PixelDataException("decoder produced " + samples.length + " samples; the frame has "
                    + d.samplesPerFrame());
        }
        int bits = d.bitsStored();
        int cb = d.containerBytes();
        if (bits > 32 || cb > 4) throw new PixelDataException("Bits Stored " + bits + " is not an integer codec depth");
        int shift = 32 - bits;
        boolean signed = d.signed();
        byte[] out = new byte[Math.multiplyExact(samples.length, cb)];
        for (int i = 0, o = 0; i < samples.length; i++, o += cb) {
            int v = samples[i] << shift;
            v = signed ? v >> shift : v >>> shift;
            out[o] = (byte) v;
            if (cb > 1) out[o + 1] = (byte) (v >> 8);
            if (cb > 2) {
                out[o + 2] = (byte) (v >> 16);
                out[o + 3] = (byte) (v >> 24);
            }
        }
        return out;
    }
}
