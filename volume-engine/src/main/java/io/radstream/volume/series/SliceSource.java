package io.radstream.volume.series;

import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.pixel.PixelDataException;

import java.io.IOException;

/**
 * One 2D image of a series as the volume builder needs it: its plane (Image Plane module, PS3.3
 * C.7.6.2), its rescale, and a way to read its stored values when the volume is filled. The pixel
 * reader is called later, possibly on another thread, so it must not hold a parsed file open.
 *
 * @param position     Image Position (Patient): centre of the first transmitted pixel, mm
 * @param orientation  Image Orientation (Patient): row direction cosines then column direction cosines
 * @param pixelSpacing Pixel Spacing: [distance between rows, distance between columns], mm
 * @param display      the slice's display attributes (modality LUT, VOI, presentation LUT shape)
 */
public record SliceSource(double[] position, double[] orientation, double[] pixelSpacing, int rows, int columns,
                          double rescaleSlope, double rescaleIntercept, PixelReader pixels, DisplayAttributes display) {

    /** A slice without display attributes of its own (rescale only; the viewer picks a window). */
    public SliceSource(double[] position, double[] orientation, double[] pixelSpacing, int rows, int columns,
                       double rescaleSlope, double rescaleIntercept, PixelReader pixels) {
        this(position, orientation, pixelSpacing, rows, columns, rescaleSlope, rescaleIntercept, pixels, DisplayAttributes.NONE);
    }

    public SliceSource {
        if (position == null || position.length != 3) throw new IllegalArgumentException("Image Position (Patient) needs 3 values");
        if (orientation == null || orientation.length != 6) throw new IllegalArgumentException("Image Orientation (Patient) needs 6 values");
        if (pixelSpacing == null || pixelSpacing.length != 2 || pixelSpacing[0] <= 0 || pixelSpacing[1] <= 0) {
            throw new IllegalArgumentException("Pixel Spacing needs 2 positive values");
        }
        if (display == null) display = DisplayAttributes.NONE;
    }

    /** Reads the slice's stored values in the layout of {@code NativeFrameDecoder} (16-bit LE or 8-bit). */
    @FunctionalInterface
    public interface PixelReader {
        byte[] read() throws IOException, PixelDataException;
    }
}
