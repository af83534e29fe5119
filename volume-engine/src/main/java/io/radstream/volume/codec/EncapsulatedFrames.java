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
        return frame(f, frame, frames, null, source);
    }

    /**
     * @param extendedOffsets the Extended Offset Table (7FE0,0001), one 64-bit offset per frame, or
     *                        {@code null}; it takes precedence over the Basic Offset Table, which
     *                        must then be empty (PS3.5 §A.4.2)
     */
    public static byte[] frame(DicomValue.Fragments f, int frame, int frames, long[] extendedOffsets, Source source)
            throws PixelDataException, java.io.IOException {
        List<DicomValue.BulkData> frags = f.fragments();
        if (frags.isEmpty()) throw new PixelDataException("encapsulated pixel data has no fragments");
        if (frames == 1) return concat(frags, 0, frags.size(), source);
        if (extendedOffsets != null) {
            if (extendedOffsets.length != frames) {
                throw new PixelDataException("Extended Offset Table has " + extendedOffsets.length + " entries for " + frames + " frames");
            }
            return byOffsets(frags, frame, extendedOffsets[frame],
                    frame + 1 < frames ? extendedOffsets[frame + 1] : Long.MAX_VALUE, "Extended", source);
        }
        if (frags.size() == frames) return source.read(frags.get(frame));
        if (f.offsetTable().length() >= 4L * frames) {
            byte[] table = source.read(f.offsetTable());
            return byOffsets(frags, frame, u32(table, frame), frame + 1 < frames ? u32(table, frame + 1) : Long.MAX_VALUE,
                    "Basic", source);
        }
        return byFrameStarts(frags, frame, frames, source);
    }

    /** Fragments whose item headers lie in [start, end), offsets counted from the first fragment's item header. */
    private static byte[] byOffsets(List<DicomValue.BulkData> frags, int frame, long start, long end, String table,
                                    Source source) throws PixelDataException, java.io.IOException {
        long pos = 0;
        int first = -1, last = -1;
        for (int i = 0; i < frags.size(); i++) {
            if (pos >= start && pos < end) {
                if (first < 0) first = i;
                last = i;
            }
            pos += 8 + frags.get(i).length();
        }
        if (first < 0) throw new PixelDataException(table + " Offset Table points past the fragments for frame " + (frame + 1));
        return concat(frags, first, last + 1, source);
    }

    /**
     * No offset table and more fragments than frames: a frame begins at each fragment that starts
     * a codestream, JPEG/JPEG-LS SOI (FFD8) or JPEG 2000 SOC (FF4F) or JP2 signature box, which is
     * how PS3.5 §A.4 encapsulations without an offset table are read by other toolkits too.
     */
    private static byte[] byFrameStarts(List<DicomValue.BulkData> frags, int frame, int frames, Source source)
            throws PixelDataException, java.io.IOException {
        if (frames > frags.size()) { // each frame needs a fragment of its own; also bounds the array below
            throw new PixelDataException(frames + " frames in only " + frags.size() + " fragments");
        }
        int[] starts = new int[frames + 1];
        int found = 0;
        for (int i = 0; i < frags.size() && found <= frames; i++) {
            DicomValue.BulkData fr = frags.get(i);
            if (fr.length() < 2) continue;
            byte[] head = source.read(new DicomValue.BulkData(fr.offset(), Math.min(8, fr.length())));
            if (startsCodestream(head)) {
                if (found == frames) {
                    throw new PixelDataException("more codestreams than the " + frames + " frames in fragments without an offset table");
                }
                starts[found++] = i;
            }
        }
        if (found != frames) {
            throw new PixelDataException(frames + " frames in " + frags.size()
                    + " fragments without an offset table, and " + found + " fragments start a codestream");
        }
        starts[frames] = frags.size();
        return concat(frags, starts[frame], starts[frame + 1], source);
    }

    private static boolean startsCodestream(byte[] h) {
        int b0 = h[0] & 0xFF, b1 = h[1] & 0xFF;
        if (b0 == 0xFF && (b1 == 0xD8 || b1 == 0x4F)) return true;
        return h.length >= 8 && h[0] == 0 && h[1] == 0 && h[2] == 0 && h[3] == 0x0C && h[4] == 'j' && h[5] == 'P';
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
