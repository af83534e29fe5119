package io.radstream.volume.display;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Element;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.PixelDataException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Palette Color Lookup Table module (PS3.3 C.7.6.3.1.5–6, segmented data C.7.9.2) of one
 * PALETTE COLOR image, reduced to 8 bits per channel for display.
 *
 * <p>Entries: the descriptor's first value is the number of entries (0 means 65536), the second
 * the stored value mapped to the first entry; values below it take the first entry, values past
 * the end the last (as pydicom's {@code apply_color_lut}). Entry width follows the data, as
 * pydicom does: 8-bit entries when the data holds one byte per entry, 16-bit otherwise.
 * Reduction to 8 bits: 8-bit entries as they are; 16-bit entries {@code >> 8}, except when the
 * descriptor says 8 bits per entry (8-bit values kept in 16-bit words, seen in older files): then
 * the low byte.
 */
public record PaletteLut(int entries, int firstMapped, byte[] red, byte[] green, byte[] blue) {

    /** Reads the palette of a parsed header (bulk LUT data is read from the file). */
    public static PaletteLut of(DicomFile file) throws PixelDataException, IOException {
        Attributes ds = file.dataSet();
        int[] desc = ds.getInts(Tag.RedPaletteColorLookupTableDescriptor);
        if (desc.length != 3) throw new PixelDataException("PALETTE COLOR image without a Red Palette Color Lookup Table Descriptor");
        int entries = (desc[0] & 0xFFFF) == 0 ? 65536 : desc[0] & 0xFFFF;
        int nominalBits = desc[2];
        boolean segmented = !ds.contains(Tag.RedPaletteColorLookupTableData) && ds.contains(Tag.SegmentedRedPaletteColorLookupTableData);
        int[] channelTags = segmented
                ? new int[]{Tag.SegmentedRedPaletteColorLookupTableData, Tag.SegmentedGreenPaletteColorLookupTableData, Tag.SegmentedBluePaletteColorLookupTableData}
                : new int[]{Tag.RedPaletteColorLookupTableData, Tag.GreenPaletteColorLookupTableData, Tag.BluePaletteColorLookupTableData};
        byte[][] out = new byte[3][];
        for (int c = 0; c < 3; c++) {
            byte[] raw = bytes(file, channelTags[c]);
            // entry width from the data, rounded as pydicom does (an odd count of 8-bit entries is padded)
            boolean sixteen = segmented || Math.round(raw.length * 8.0 / entries) != 8;
            int[] values = segmented ? expandSegmented(words(raw, ds.bigEndian()), entries)
                    : sixteen ? words(raw, ds.bigEndian()) : bytesAsInts(raw);
            if (values.length < entries) {
                throw new PixelDataException("palette LUT data has " + values.length + " entries, descriptor says " + entries);
            }
            byte[] lut = new byte[entries];
            for (int i = 0; i < entries; i++) {
                int v = values[i];
                lut[i] = (byte) (!sixteen ? v : nominalBits <= 8 ? Math.min(255, v) : v >>> 8);
            }
            out[c] = lut;
        }
        return new PaletteLut(entries, desc[1], out[0], out[1], out[2]);
    }

    /** Writes the RGB of a stored value at {@code rgb[pos..pos+2]}. */
    public void apply(int stored, byte[] rgb, int pos) {
        int i = stored - firstMapped;
        i = i < 0 ? 0 : Math.min(i, entries - 1);
        rgb[pos] = red[i];
        rgb[pos + 1] = green[i];
        rgb[pos + 2] = blue[i];
    }

    private static byte[] bytes(DicomFile file, int tag) throws PixelDataException, IOException {
        Element e = file.dataSet().get(tag);
        if (e == null) throw new PixelDataException("palette LUT data " + Tag.toString(tag) + " is missing");
        return switch (e.value()) {
            case DicomValue.Inline in -> in.bytes();
            case DicomValue.BulkData b -> file.read(b);
            default -> throw new PixelDataException(e.offset(), "palette LUT data is not a binary value");
        };
    }

    private static int[] bytesAsInts(byte[] b) {
        int[] v = new int[b.length];
        for (int i = 0; i < b.length; i++) v[i] = b[i] & 0xFF;
        return v;
    }

    private static int[] words(byte[] b, boolean bigEndian) {
        int[] v = new int[b.length / 2];
        for (int i = 0; i < v.length; i++) {
            int lo = b[2 * i] & 0xFF, hi = b[2 * i + 1] & 0xFF;
            v[i] = bigEndian ? lo << 8 | hi : hi << 8 | lo;
        }
        return v;
    }

    /**
     * Expands segmented LUT data (PS3.3 C.7.9.2): discrete (opcode 0), linear (1, interpolated and rounded
     * half to even exactly as pydicom does) and indirect (2) segments of 16-bit words.
     */
    static int[] expandSegmented(int[] data, int entries) throws PixelDataException {
        List<Integer> lut = new ArrayList<>(entries);
        expand(data, 0, Integer.MAX_VALUE, lut, 0);
        int[] out = new int[lut.size()];
        for (int i = 0; i < out.length; i++) out[i] = lut.get(i);
        return out;
    }

    private static void expand(int[] data, int offset, int maxSegments, List<Integer> lut, int depth) throws PixelDataException {
        if (depth > 4) throw new PixelDataException("segmented palette LUT: indirect segments nest too deep");
        int segments = 0;
        while (offset + 1 < data.length && segments < maxSegments) {
            int opcode = data[offset], length = data[offset + 1];
            offset += 2;
            switch (opcode) {
                case 0 -> {
                    if (offset + length > data.length) throw new PixelDataException("segmented palette LUT: discrete segment overruns the data");
                    for (int i = 0; i < length; i++) lut.add(data[offset + i]);
                    offset += length;
                }
                case 1 -> {
                    if (lut.isEmpty()) throw new PixelDataException("segmented palette LUT: the first segment is linear");
                    int y0 = lut.getLast(), y1 = data[offset++];
                    if (y0 == y1 || length == 1) {
                        for (int i = 0; i < length; i++) lut.add(y0 == y1 ? y1 : (int) Math.rint(y0 + (y1 - y0) / (double) length));
                    } else {
                        // numpy.linspace(y0 + step, y1, length), then numpy.around: the same doubles
                        double start = y0 + (y1 - y0) / (double) length;
                        double delta = (y1 - start) / (length - 1);
                        for (int i = 0; i < length - 1; i++) lut.add((int) Math.rint(i * delta + start));
                        lut.add(y1);
                    }
                }
                case 2 -> {
                    if (lut.isEmpty()) throw new PixelDataException("segmented palette LUT: the first segment is indirect");
                    int byteOffset = data[offset + 1] << 16 | data[offset];
                    offset += 2;
                    expand(data, byteOffset / 2, length, lut, depth + 1);
                }
                default -> throw new PixelDataException("segmented palette LUT: unknown opcode " + opcode);
            }
            segments++;
        }
    }
}
