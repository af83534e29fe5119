package io.radstream.volume.codec.j2k;

import io.radstream.volume.codec.StoredValues;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

import java.util.List;

/**
 * Decoded JPEG 2000 components to the canonical frame. Each sample is first read as a value of
 * its component's declared precision and sign (SIZ Ssiz): the two's-complement bits of
 * {@code precision} width. For a conformant decode this changes nothing; it lets each decoder
 * return samples in its own representation (JJ2000 gives unsigned bytes for signed 8-bit
 * components) and is how {@link OpenJphSignedWorkaround} re-signs samples. The DICOM mask to Bits
 * Stored follows ({@link StoredValues}), which also covers codestream precisions that differ from
 * Bits Stored (PS3.5 §8.2.4: the codestream, not Bits Stored, says what was compressed).
 */
final class J2kSamples {
    private J2kSamples() {}

    /** @param planes one array of width x height samples per component, in codestream order */
    static byte[] toStoredFrame(int[][] planes, List<J2kCodestream.Component> components, PixelDescription d)
            throws PixelDataException {
        int n = planes.length;
        int pixels = d.rows() * d.columns();
        if (n == 1 && d.samplesPerPixel() == 1 && d.containerBytes() == 2 && d.bitsStored() <= 16
                && planes[0].length == pixels) {
            return grayscale16(planes[0], components.getFirst(), d);
        }
        // one component (every grayscale image): re-sign in place, no interleaving copy
        int[] interleaved = n == 1 ? planes[0] : new int[Math.multiplyExact(pixels, n)];
        for (int c = 0; c < n; c++) {
            int[] plane = planes[c];
            if (plane.length != pixels) {
                throw new PixelDataException("decoded component " + c + " has " + plane.length + " samples, expected " + pixels);
            }
            J2kCodestream.Component comp = components.get(c);
            int shift = 32 - comp.precision();
            boolean signed = comp.signed();
            for (int p = 0, o = c; p < pixels; p++, o += n) {
                int v = plane[p];
                if (shift > 0) v = signed ? (v << shift) >> shift : (v << shift) >>> shift;
                interleaved[o] = v;
            }
        }
        return StoredValues.frame(interleaved, d);
    }

    private static final java.lang.invoke.VarHandle SHORT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * The common case (one component in a 16-bit container) in one pass instead of two: the same
     * two steps per sample as the general path (component precision and sign, then Bits Stored and
     * Pixel Representation as {@link StoredValues#frame} does), written straight as 16-bit little
     * endian. A DBT frame is 4.6 M samples; the second pass over its 18.6 MB of ints showed.
     */
    private static byte[] grayscale16(int[] plane, J2kCodestream.Component comp, PixelDescription d) {
        int componentShift = 32 - comp.precision();
        boolean componentSigned = comp.signed();
        int storedShift = 32 - d.bitsStored();
        boolean storedSigned = d.signed();
        byte[] out = new byte[plane.length * 2];
        for (int p = 0; p < plane.length; p++) {
            int v = plane[p] << componentShift;
            v = componentSigned ? v >> componentShift : v >>> componentShift;
            v <<= storedShift;
            v = storedSigned ? v >> storedShift : v >>> storedShift;
            SHORT_LE.set(out, 2 * p, (short) v);
        }
        return out;
    }
}
