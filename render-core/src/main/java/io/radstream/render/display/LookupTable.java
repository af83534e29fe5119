package io.radstream.render.display;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.Element;
import io.radstream.volume.dicom.Tag;

/**
 * A LUT of a Modality or VOI LUT Sequence item (PS3.3 C.11.1, C.11.2): LUT Descriptor (number of
 * entries, first input value mapped, bits per entry) and LUT Data. Inputs below the first mapped
 * value use the first entry, inputs past the end the last (C.11.1.1).
 *
 * @param firstMapped the input value mapped to entry 0 (signed when the pixel data is)
 * @param bits        bits per LUT entry: the output range is 0 .. 2^bits − 1
 */
public record LookupTable(int firstMapped, int bits, int[] data) {

    public int apply(int input) {
        int i = input - firstMapped;
        return data[i < 0 ? 0 : Math.min(i, data.length - 1)];
    }

    public int maxOutput() {
        return (1 << bits) - 1;
    }

    /** The item holds a usable LUT (some writers leave empty placeholder items). */
    public static boolean present(io.radstream.volume.dicom.Attributes item) {
        return item != null && item.getInts(Tag.LUTDescriptor).length == 3 && item.hasValue(Tag.LUTData);
    }

    /** Reads a LUT item; {@code signedInput}: the first-mapped value is signed (Pixel Representation 1). */
    public static LookupTable of(Attributes item, boolean signedInput) {
        int[] d = item.getInts(Tag.LUTDescriptor);
        if (d.length != 3) throw new IllegalArgumentException("LUT Descriptor needs 3 values, has " + d.length);
        Element data = item.get(Tag.LUTData);
        if (data == null) throw new IllegalArgumentException("LUT Data missing");
        double[] raw = item.getDoubles(Tag.LUTData); // US/SS/OW: one 16-bit word per value
        int[] words = new int[raw.length];
        for (int i = 0; i < raw.length; i++) words[i] = (int) raw[i] & 0xFFFF;
        return of(d, words, signedInput);
    }

    /** A LUT as the volume keeps it ({@link io.radstream.volume.frames.DisplayAttributes.Lut}). */
    public static LookupTable of(io.radstream.volume.frames.DisplayAttributes.Lut lut, boolean signedInput) {
        return of(lut.descriptor(), lut.words(), signedInput);
    }

    /** From LUT Descriptor values and LUT Data as 16-bit words (0..65535). */
    public static LookupTable of(int[] d, int[] words, boolean signedInput) {
        if (d.length != 3) throw new IllegalArgumentException("LUT Descriptor needs 3 values, has " + d.length);
        int entries = d[0] == 0 ? 65536 : d[0] & 0xFFFF; // 0 means 2^16 (C.11.1.1.1)
        int first = signedInput ? (short) d[1] : d[1] & 0xFFFF;
        int bits = d[2];
        if (bits < 1 || bits > 16) throw new IllegalArgumentException("LUT Descriptor bits " + bits + " out of range 1..16");
        int[] values = new int[entries];
        if (bits <= 8 && words.length * 2 >= entries && words.length < entries) {
            // 8-bit entries packed two to a word, low byte first (seen from several writers)
            for (int i = 0; i < entries; i++) values[i] = (words[i / 2] >> (8 * (i % 2))) & 0xFF;
        } else {
            if (words.length < entries) {
                throw new IllegalArgumentException("LUT Data has " + words.length + " values, the descriptor says " + entries);
            }
            for (int i = 0; i < entries; i++) values[i] = words[i] & 0xFFFF;
        }
        return new LookupTable(first, bits, values);
    }
}
