package io.radstream.volume.codec.j2k;

import io.radstream.volume.pixel.PixelDataException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signed HTJ2K codestreams written by OpenJPH before 0.10 hold the raw two's-complement bits of
 * each sample as if they were unsigned: -5 in a signed 16-bit component is coded as 65531, a value
 * a signed 16-bit component cannot hold (OpenJPH issue #102, "signed 16bit negative values mismatch
 * in interoperability test between openjph and kakadu"; streams of OpenJPH 0.10 and later, like the
 * corpus's DICOMHTJ2K files, are conformant). OpenJPEG decodes such a sample exactly, then clamps it
 * to the component's range in {@code opj_tcd_dc_level_shift_decode} (tcd.c:
 * {@code opj_int_clamp(value + dc_level_shift, -(1 << (prec - 1)), (1 << (prec - 1)) - 1)}), so
 * every negative sample came out as 32767. OpenJPH 0.9's own {@code ojph_expand} is consistent only
 * with itself: it turns the conformant -2000 of the corpus's CT1_JPH into 0.
 *
 * <p>The repair, for reversible (5/3, lossless) streams whose COM names OpenJPH 0.x with x &lt; 10:
 * decode a copy whose SIZ declares each signed component one bit wider, so the clamp no longer
 * bites, then read each sample back as a two's-complement value of the declared precision
 * ({@link J2kSamples}). For a reversible stream the precision is used by nothing else in OpenJPEG
 * (the magnitude bit-planes come from QCD); measured on this machine it is exact for full-range
 * noise, constants, smooth images and the phantom, against the encoder's input. An irreversible
 * (9/7) stream cannot be repaired this way, because there the precision scales the quantisation
 * step: it is refused with an error rather than shown clamped.
 */
final class OpenJphSignedWorkaround {
    private static final Pattern OPENJPH = Pattern.compile("^OpenJPH Ver (\\d+)\\.(\\d+)");

    private OpenJphSignedWorkaround() {}

    /** True when the codestream needs (and can take) the repair; throws when it needs it but cannot. */
    static boolean applies(J2kCodestream cs) throws PixelDataException {
        if (!cs.highThroughput() || !cs.anySigned() || !writtenByOpenJphBefore010(cs.comment())) return false;
        if (!cs.reversible()) {
            throw new PixelDataException("signed irreversible HTJ2K written by " + cs.comment().trim()
                    + " stores negative samples out of range (OpenJPH before 0.10, issue #102); it cannot be decoded exactly");
        }
        if (cs.jp2()) throw new PixelDataException("signed HTJ2K from " + cs.comment().trim() + " inside a JP2 file is not supported");
        for (J2kCodestream.Component c : cs.components()) {
            if (c.signed() && c.precision() >= 31) {
                throw new PixelDataException("signed " + c.precision() + "-bit HTJ2K from " + cs.comment().trim()
                        + " cannot be widened by a bit");
            }
        }
        return true;
    }

    static boolean writtenByOpenJphBefore010(String comment) {
        Matcher m = OPENJPH.matcher(comment);
        return m.find() && Integer.parseInt(m.group(1)) == 0 && Integer.parseInt(m.group(2)) < 10;
    }

    /** A copy whose SIZ Ssiz gives every signed component one more bit of precision (A.5.1). */
    static byte[] widened(byte[] encoded, J2kCodestream cs) {
        byte[] copy = encoded.clone();
        int ssiz = cs.sizOffset() + 40; // marker 2, Lsiz 2, Rsiz 2, 8 x 4 sizes, Csiz 2
        for (int i = 0; i < cs.components().size(); i++) {
            if (cs.components().get(i).signed()) copy[ssiz + 3 * i]++;
        }
        return copy;
    }

    /**
     * The decoded samples of a widened signed component of precision p must lie in
     * [-2^(p-1), 2^p): the encoder's bits read as unsigned, or a conformant signed value.
     */
    static void checkRange(int[][] planes, J2kCodestream cs) throws PixelDataException {
        for (int c = 0; c < planes.length; c++) {
            J2kCodestream.Component comp = cs.components().get(c);
            if (!comp.signed()) continue;
            long min = -(1L << (comp.precision() - 1)), max = (1L << comp.precision()) - 1;
            for (int v : planes[c]) {
                if (v < min || v > max) {
                    throw new PixelDataException("HTJ2K component " + c + " decodes to " + v + ", outside what "
                            + cs.comment().trim() + " can have written for " + comp.precision() + "-bit samples");
                }
            }
        }
    }
}
