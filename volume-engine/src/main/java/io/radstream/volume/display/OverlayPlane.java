package io.radstream.volume.display;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Element;
import io.radstream.volume.dicom.VR;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One overlay plane of an image (PS3.3 C.9.2, groups 6000–601E): a bit-packed bitmap (Overlay
 * Data, 60xx,3000, least significant bit first) of {@code rows × columns} per overlay frame, placed
 * at Overlay Origin (1-based row and column of the image pixel under the overlay's first pixel).
 * Multi-frame overlays (Number of Frames in Overlay, Image Frame Origin) cover image frames
 * {@code imageFrameOrigin .. imageFrameOrigin + frames − 1}.
 *
 * <p>Overlays kept in unused high bits of the pixel data (retired; no 60xx,3000) are not read:
 * the decoders mask pixel values to Bits Stored, so those bits never reach the image either.
 *
 * @param type "G" (graphics) or "R" (ROI); both are drawn
 */
public record OverlayPlane(int group, int rows, int columns, int originRow, int originColumn, int frames,
                           int imageFrameOrigin, String type, byte[] bits) {

    public static final int OVERLAY_ROWS = 0x60000010, OVERLAY_COLUMNS = 0x60000011, NUMBER_OF_FRAMES = 0x60000015,
            OVERLAY_TYPE = 0x60000040, OVERLAY_ORIGIN = 0x60000050, IMAGE_FRAME_ORIGIN = 0x60000051,
            BITS_ALLOCATED = 0x60000100, BIT_POSITION = 0x60000102, OVERLAY_DATA = 0x60003000;

    /** The overlay planes with Overlay Data in a header; planes without usable data are left out. */
    public static List<OverlayPlane> of(DicomFile file) throws IOException {
        Attributes ds = file.dataSet();
        List<OverlayPlane> out = new ArrayList<>();
        for (int g = 0; g < 16; g++) {
            int off = (2 * g) << 16; // groups 6000, 6002, ... 601E
            Element data = ds.get(OVERLAY_DATA + off);
            int rows = ds.getInt(OVERLAY_ROWS + off, 0), columns = ds.getInt(OVERLAY_COLUMNS + off, 0);
            if (data == null || rows <= 0 || columns <= 0) continue;
            if (ds.getInt(BITS_ALLOCATED + off, 1) != 1) continue; // retired: overlay in the pixel data's high bits
            int[] origin = ds.getInts(OVERLAY_ORIGIN + off);
            int frames = Math.max(1, ds.getInt(NUMBER_OF_FRAMES + off, 1));
            byte[] bits = switch (data.value()) {
                case DicomValue.Inline in -> in.bytes();
                case DicomValue.BulkData b -> file.read(b);
                default -> null;
            };
            if (bits == null) continue;
            if (ds.bigEndian() && data.vr() == VR.OW) bits = swapWords(bits); // OW in big endian: 16-bit words swapped
            long needed = ((long) rows * columns * frames + 7) / 8;
            if (bits.length < needed) continue; // cut short: drawing part of it would mislead
            out.add(new OverlayPlane(0x6000 + 2 * g, rows, columns, origin.length == 2 ? origin[0] : 1,
                    origin.length == 2 ? origin[1] : 1, frames, Math.max(1, ds.getInt(IMAGE_FRAME_ORIGIN + off, 1)),
                    ds.getString(OVERLAY_TYPE + off, "G"), bits));
        }
        return out;
    }

    /** Whether this plane has a bitmap for image frame {@code frameNumber} (1-based). */
    public boolean covers(int frameNumber) {
        return frameNumber >= imageFrameOrigin && frameNumber < imageFrameOrigin + frames;
    }

    /**
     * Sets {@code mask[row * imageColumns + column] = 1} for every set overlay bit of image frame
     * {@code frameNumber} that falls inside the image.
     */
    public void paint(int frameNumber, byte[] mask, int imageRows, int imageColumns) {
        if (!covers(frameNumber)) return;
        long base = (long) (frameNumber - imageFrameOrigin) * rows * columns;
        for (int r = 0; r < rows; r++) {
            int ir = r + originRow - 1;
            if (ir < 0 || ir >= imageRows) continue;
            for (int c = 0; c < columns; c++) {
                int ic = c + originColumn - 1;
                if (ic < 0 || ic >= imageColumns) continue;
                long bit = base + (long) r * columns + c;
                if ((bits[(int) (bit >>> 3)] >>> (bit & 7) & 1) != 0) mask[ir * imageColumns + ic] = 1;
            }
        }
    }

    private static byte[] swapWords(byte[] b) {
        byte[] out = b.clone();
        for (int i = 0; i + 1 < out.length; i += 2) {
            out[i] = b[i + 1];
            out[i + 1] = b[i];
        }
        return out;
    }
}
