package io.radstream.volume.series;

import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.pixel.PixelDescription;

import java.util.Objects;

/**
 * One image of a series before it is placed in a stack: a single-frame instance or one frame of a
 * multi-frame instance, with the attributes that decide where it goes ({@link SeriesPartition}) and
 * a reader for its stored values that reads that frame's bytes only.
 *
 * @param pixels  the instance's Image Pixel module (Number of Frames is the instance's)
 * @param display the frame's display attributes (PS3.3 C.11)
 */
public record SeriesSlice(SliceRef ref, FrameAttributes frame, PixelDescription pixels, SliceSource.PixelReader reader,
                          DisplayAttributes display) {

    /** A slice whose display attributes are the windows its frame attributes record (LINEAR, unnamed). */
    public SeriesSlice(SliceRef ref, FrameAttributes frame, PixelDescription pixels, SliceSource.PixelReader reader) {
        this(ref, frame, pixels, reader, DisplayAttributes.ofWindows(frame.windowCenter(), frame.windowWidth()));
    }

    public SeriesSlice {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(display, "display");
        if (frame.frameNumber() != ref.frameNumber()) throw new IllegalArgumentException("frame numbers differ");
    }

    /** Has a plane in patient space (Image Position and Orientation). */
    public boolean hasPlane() {
        return frame.hasPlane();
    }

    /**
     * The volume builder's view of this slice. Without Pixel Spacing, 1 mm is assumed, as the
     * single-file loader does.
     *
     * @throws IllegalStateException when the slice has no plane
     */
    public SliceSource toSliceSource() {
        if (!hasPlane()) throw new IllegalStateException(ref + " has no Image Position/Orientation (Patient)");
        double[] spacing = frame.pixelSpacing().length == 2 && frame.pixelSpacing()[0] > 0 && frame.pixelSpacing()[1] > 0
                ? frame.pixelSpacing() : new double[]{1, 1};
        return new SliceSource(frame.imagePosition(), frame.imageOrientation(), spacing, pixels.rows(), pixels.columns(),
                frame.rescaleSlope(), frame.rescaleIntercept(), reader, display);
    }
}
