package io.radstream.volume.pixel;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.Element;
import io.radstream.volume.dicom.Tag;

/**
 * The Image Pixel module (PS3.3 C.7.6.3) of one object, validated: what a decoder needs to turn
 * pixel data into frames of stored values.
 *
 * @param pixelDataTag PixelData, FloatPixelData or DoubleFloatPixelData
 */
public record PixelDescription(int rows, int columns, int frames, int samplesPerPixel, int bitsAllocated,
                               int bitsStored, int highBit, boolean signed, String photometric,
                               int planarConfiguration, int pixelDataTag) {

    public PixelDescription {
        if (rows <= 0 || columns <= 0) throw new IllegalArgumentException("rows and columns must be positive");
    }

    /** Samples in one frame. */
    public long samplesPerFrame() {
        return (long) rows * columns * samplesPerPixel;
    }

    /** Bytes of one frame as stored natively (bit-packed for BitsAllocated 1). */
    public long nativeFrameBits() {
        return samplesPerFrame() * bitsAllocated;
    }

    /** Bytes per sample in the decoded container (1 for BitsAllocated 1 and 8). */
    public int containerBytes() {
        return bitsAllocated <= 8 ? 1 : bitsAllocated <= 16 ? 2 : bitsAllocated <= 32 ? 4 : 8;
    }

    public long decodedFrameBytes() {
        return samplesPerFrame() * containerBytes();
    }

    public boolean isFloat() {
        return pixelDataTag == Tag.FloatPixelData || pixelDataTag == Tag.DoubleFloatPixelData;
    }

    public boolean isMonochrome() {
        return photometric.startsWith("MONOCHROME");
    }

    /**
     * Reads and checks the module. Missing or contradictory required attributes are errors, not
     * guesses: a wrong guess shows the radiologist a wrong image.
     */
    public static PixelDescription of(Attributes ds) throws PixelDataException {
        int tag = ds.contains(Tag.PixelData) ? Tag.PixelData
                : ds.contains(Tag.FloatPixelData) ? Tag.FloatPixelData
                : ds.contains(Tag.DoubleFloatPixelData) ? Tag.DoubleFloatPixelData : 0;
        if (tag == 0) throw new PixelDataException("no Pixel Data element");
        Element pixel = ds.get(tag);
        int rows = required(ds, Tag.Rows, "Rows");
        int columns = required(ds, Tag.Columns, "Columns");
        int bitsAllocated = tag == Tag.FloatPixelData ? 32 : tag == Tag.DoubleFloatPixelData ? 64
                : required(ds, Tag.BitsAllocated, "BitsAllocated");
        int spp = ds.getInt(Tag.SamplesPerPixel, 1);
        int bitsStored = ds.getInt(Tag.BitsStored, bitsAllocated);
        int highBit = ds.getInt(Tag.HighBit, bitsStored - 1);
        boolean signed = ds.getInt(Tag.PixelRepresentation, 0) == 1;
        String photometric = ds.getString(Tag.PhotometricInterpretation, spp == 1 ? "MONOCHROME2" : "RGB");
        int planar = ds.getInt(Tag.PlanarConfiguration, 0);
        int frames = 1;
        String nf = ds.getString(Tag.NumberOfFrames);
        if (nf != null) {
            try {
                frames = Integer.parseInt(nf.trim());
            } catch (NumberFormatException e) {
                throw new PixelDataException(ds.get(Tag.NumberOfFrames).offset(),
                        "Number of Frames '" + nf + "' is not an integer string");
            }
            if (frames < 1) throw new PixelDataException(ds.get(Tag.NumberOfFrames).offset(), "Number of Frames is " + frames);
        }
        if (rows <= 0 || columns <= 0) throw new PixelDataException("Rows/Columns " + rows + "x" + columns);
        if (spp != 1 && spp != 3 && spp != 4) throw new PixelDataException("unsupported Samples per Pixel " + spp);
        if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32 && bitsAllocated != 64) {
            throw new PixelDataException("unsupported Bits Allocated " + bitsAllocated);
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new PixelDataException("Bits Stored " + bitsStored + " does not fit Bits Allocated " + bitsAllocated);
        }
        if (highBit != bitsStored - 1 && bitsAllocated != 1) {
            // PS3.5 §8.1.1 allows only High Bit = Bits Stored - 1 in current objects
            throw new PixelDataException("High Bit " + highBit + " is not Bits Stored - 1 (" + (bitsStored - 1) + ")");
        }
        return new PixelDescription(rows, columns, frames, spp, bitsAllocated, bitsStored, highBit, signed,
                photometric, planar, pixel.tag());
    }

    private static int required(Attributes ds, int tag, String name) throws PixelDataException {
        int v = ds.getInt(tag, Integer.MIN_VALUE);
        if (v == Integer.MIN_VALUE) throw new PixelDataException("required attribute " + name + " is missing");
        return v;
    }
}
