package io.radstream.render.display;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.Tag;

/**
 * The grayscale display pipeline of PS3.3 C.11 as one 8-bit table over the 16-bit stored values:
 * Modality transform → VOI transform → Presentation LUT (IDENTITY, or INVERSE for MONOCHROME1 or
 * a Presentation LUT Shape of INVERSE, C.11.6). One lookup per pixel when rendering.
 */
public record DisplayLut(ModalityTransform modality, VoiTransform voi, boolean inverse) {

    /** From an object's attributes; {@code null} VOI when the object defines none. */
    public static DisplayLut of(Attributes ds) {
        ModalityTransform m = ModalityTransform.of(ds);
        boolean signedModality = switch (m) {
            case ModalityTransform.Rescale r -> ds.getInt(Tag.PixelRepresentation, 0) == 1 || r.intercept() < 0 || r.slope() < 0;
            case ModalityTransform.Table t -> false;
        };
        boolean inverse = "MONOCHROME1".equals(ds.getString(Tag.PhotometricInterpretation))
                ^ "INVERSE".equals(ds.getString(Tag.PresentationLUTShape));
        return new DisplayLut(m, VoiTransform.of(ds, signedModality), inverse);
    }

    /** Display value 0..255 for one stored value. */
    public int apply(int stored) {
        double f = Math.max(0, Math.min(1, voi.apply(modality.apply(stored))));
        int y = (int) Math.floor(f * 255 + 0.5);
        return inverse ? 255 - y : y;
    }

    /** The table over all 65536 stored bit patterns, read as signed or unsigned 16-bit. */
    public byte[] table(boolean signed) {
        byte[] lut = new byte[65536];
        for (int bits = 0; bits < 65536; bits++) lut[bits] = (byte) apply(signed ? (short) bits : bits);
        return lut;
    }
}
