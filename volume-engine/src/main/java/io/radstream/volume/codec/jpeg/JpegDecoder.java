package io.radstream.volume.codec.jpeg;

import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.codec.StoredValues;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

/**
 * The JPEG transfer syntaxes (PS3.5 §8.2.1, §A.4.1): baseline 8-bit (1.2.840.10008.1.2.4.50),
 * extended 12-bit (.51), spectral selection (.53) and full progression (.55), lossless process 14
 * (.57) and its selection value 1 (.70). The codestream decides the process; the transfer syntax
 * only names what to expect, so a mislabelled frame still decodes.
 *
 * <p>Colour: the decoded component samples are returned as they are, never converted, so they
 * are in the colour space the Photometric Interpretation names (YBR_FULL_422 comes back upsampled
 * to full size, i.e. YBR_FULL). GDCM, Pillow and DCMTK do the same for RGB-labelled frames, even
 * when a JFIF marker says the data is YCbCr.
 *
 * <p>A codestream smaller than Rows x Columns (the edge tiles of some TILED_FULL whole-slide
 * images) is placed at the top left of the frame; the rest is black (zero, and the chroma
 * midpoint for YBR). A larger one is an error.
 */
public final class JpegDecoder implements FrameDecoder {

    @Override
    public String name() {
        return "jpeg";
    }

    @Override
    public byte[] decode(byte[] encoded, PixelDescription d) throws PixelDataException {
        int frameBytes = StoredValues.frameBytes(d);
        JpegCodestream.Decoded img = JpegCodestream.decode(encoded, d);
        FrameHeader frame = img.frame();
        byte[] out = new byte[frameBytes];
        SampleWriter writer = new SampleWriter(out, d.columns(), d.rows(), d.containerBytes());
        if (frame.width() < d.columns() || frame.height() < d.rows()) {
            int[] black = new int[d.samplesPerPixel()];
            if (d.photometric().startsWith("YBR")) for (int c = 1; c < black.length; c++) black[c] = 1 << (frame.precision() - 1);
            writer.fill(black);
        }
        writer.write(img.planes(), img.pointTransforms(), frame.width(), frame.height());
        StoredValues.maskToBitsStored(out, d);
        return out;
    }
}
