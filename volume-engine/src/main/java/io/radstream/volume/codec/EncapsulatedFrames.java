package io.radstream.volume.codec;

import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.pixel.PixelDataException;

import java.util.List;

/**
 * Which fragments hold frame {@code i} of encapsulated pixel data (PS3.5 §A.4): from the Basic
 * Offset Table when present, else one fragment per frame when the counts match, else (single
 * frame) all fragments. Extended Offset Table and fragment scanning for multi-frame objects
 * without an offset table are the codec family's to add (see issue "DICOM codecs").
 */
public final class EncapsulatedFrames {
    private EncapsulatedFrames() {}

    /** Reads a byte range of the source: the file, or the inflated data set. */
    @FunctionalInterface
    public interface Source {
        byte[] read(DicomValue.BulkData range) throws java.io.IOException;
    }

    public static byte[] frame(DicomValue.Fragments f, int frame, int frames, Source source)
            throws PixelDataException, java.io.IOException {
        List<DicomValue.BulkData> frags = f.fragments();
        if (frags.isEmpty()) throw new PixelDataException("encapsulated pixel data has no fragments");
        if (frames == 1) return concat(frags, 0, frags.size(), source);
        if (frags.size() == frames) return source.read(frags.get(frame));
        if (f.offsetTable().length() >= 4L * frames) {
            byte[] table = source.read(f.offsetTable());
            long start = u32(table, frame);
            long end = frame + 1 < frames ? u32(table, frame + 1) : Long.MAX_VALUE;
            // offsets count from the first byte of the first fragment's item header
            long pos = 0;
            int first = -1, last = -1;
            for (int i = 0; i < frags.size(); i++) {
                if (pos >= start && pos < end) {
                    if (first < 0) first = i;
                    last = i;
                }
                pos += 8 + frags.get(i).length();
            }
            if (first < 0) throw new PixelDataException("Basic Offset Table points past the fragments for frame " + (frame + 1));
            return concat(frags, first, last + 1, source);
        }
        throw new PixelDataException(frames + " frames in " + frags.size() + " fragments without an offset table");
    }

    private static long u32(byte[] b, int i) {
        int o = 4 * i;
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }

    private static byte[] concat(List<DicomValue.BulkData> frags, int from, int to, Source source) throws java.io.IOException {
        if (to - from == 1) return source.read(frags.get(from));
        long total = 0;
        for (int i = from; i < to; i++) total += frags.get(i).length();
        if (total > Integer.MAX_VALUE - 16) throw new java.io.IOException("frame of " + total + " bytes is too large");
        byte[] out = new byte[(int) total];
        int o = 0;
        for (int i = from; i < to; i++) {
            byte[] b = source.read(frags.get(i));
            System.arraycopy(b, 0, out, o, b.length);
            o += b.length;
        }
        return out;
    }
}
