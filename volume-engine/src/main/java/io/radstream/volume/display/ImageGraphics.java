package io.radstream.volume.display;

import io.radstream.volume.dicom.DicomFile;

import java.io.IOException;
import java.util.List;

/**
 * What is drawn over one displayed image frame, in image pixels: overlay bits (drawn white) and
 * the display shutter (outside it, the shutter's gray). Row-major {@code rows × columns} masks,
 * {@code null} when absent.
 *
 * @param overlay  1 where an overlay bit is set
 * @param shutter  1 where the image is shuttered
 */
public record ImageGraphics(int rows, int columns, byte[] overlay, byte[] shutter, int shutterGray) {

    public static final ImageGraphics NONE = new ImageGraphics(0, 0, null, null, 0);

    public boolean isEmpty() {
        return overlay == null && shutter == null;
    }

    /** The overlays and shutter of frame {@code frameNumber} (1-based) of a parsed image header. */
    public static ImageGraphics of(DicomFile header, int frameNumber, int rows, int columns) throws IOException {
        return of(OverlayPlane.of(header), DisplayShutter.of(header.dataSet()), frameNumber, rows, columns);
    }

    public static ImageGraphics of(List<OverlayPlane> overlays, DisplayShutter shutter, int frameNumber, int rows, int columns) {
        byte[] overlay = null;
        for (OverlayPlane p : overlays) {
            if (!p.covers(frameNumber)) continue;
            if (overlay == null) overlay = new byte[rows * columns];
            p.paint(frameNumber, overlay, rows, columns);
        }
        if (overlay == null && shutter == null) return NONE;
        return new ImageGraphics(rows, columns, overlay, shutter == null ? null : shutter.mask(rows, columns),
                shutter == null ? 0 : shutter.gray8());
    }
}
