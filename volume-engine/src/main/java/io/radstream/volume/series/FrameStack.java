package io.radstream.volume.series;

import java.util.List;

/**
 * Images that are shown one after another but do not form a volume: an ultrasound or XA cine
 * (multi-frame without a plane, PS3.3 §C.7.6.6), a cine MR of one slice position, colour images.
 * Frames are in time order (Temporal Position, Trigger Time, then Instance Number and frame).
 *
 * @param reason why these images are a frame stack rather than a volume
 */
public record FrameStack(List<SeriesSlice> frames, Reason reason) {

    public enum Reason {
        /** No Image Position/Orientation (Patient): ultrasound, XA, secondary capture. */
        NO_PLANE,
        /** All images share one plane: a time series of one slice. */
        ONE_POSITION,
        /** Colour images (RGB, YBR, PALETTE COLOR): volumes hold one gray sample per voxel; see {@link ColorStack}. */
        NOT_MONOCHROME
    }

    public FrameStack {
        frames = List.copyOf(frames);
    }
}
