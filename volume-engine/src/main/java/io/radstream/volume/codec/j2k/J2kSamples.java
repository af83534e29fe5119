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
}
