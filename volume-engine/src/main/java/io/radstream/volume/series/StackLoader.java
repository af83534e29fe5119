package io.radstream.volume.series;

import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

import java.io.IOException;

/**
 * Loads a {@link Stack} into a {@link Volume} through the ordinary {@link VolumeLoader}, then
 * attaches the stack's true geometry and report to it. The loader sorts slices along the normal as
 * the stack already is, so slice k of the volume is slice k of the stack; this is checked.
 */
public final class StackLoader {
    private StackLoader() {}

    public static Volume load(Stack stack, VolumeLoader loader) throws IOException, PixelDataException {
        Volume v = loader.load(stack.sources(), formatOf(stack));
        try {
            double[] expected = stack.geometry().origin(0);
            double[] got = v.geometry().origin();
            if (Vec3.norm(Vec3.sub(expected, got)) > 1e-6) {
                throw new IllegalStateException("volume loader ordered the stack differently: first slice at "
                        + java.util.Arrays.toString(got) + ", stack starts at " + java.util.Arrays.toString(expected));
            }
            v.describeStack(stack.geometry(), stack.report());
            return v;
        } catch (RuntimeException e) {
            v.release();
            throw e;
        }
    }

    /**
     * Starts a progressive load of the stack (see {@link VolumeLoader#open}), nearest {@code focus}
     * first, with the stack's geometry and report attached to the volume from the start.
     */
    public static ProgressiveLoad open(Stack stack, VolumeLoader loader, int focus,
                                       java.util.function.BiConsumer<Integer, Exception> onSliceError) throws PixelDataException {
        ProgressiveLoad load = loader.open(stack.sources(), formatOf(stack), focus, onSliceError);
        load.volume().describeStack(stack.geometry(), stack.report());
        return load;
    }

    /** Pixel format of the stack; the default window is the first slice's first Window Center/Width pair. */
    public static VolumeLoader.PixelFormat formatOf(Stack stack) {
        SeriesSlice first = stack.first();
        PixelDescription d = first.pixels();
        FrameAttributes f = first.frame();
        double[] c = f.windowCenter(), w = f.windowWidth();
        double[] window = c.length > 0 && w.length > 0 && w[0] >= 1 ? new double[]{c[0], w[0]} : null;
        return new VolumeLoader.PixelFormat(d.bitsAllocated(), d.signed(), d.photometric(), window);
    }
}
