package io.radstream.volume.series;

import io.radstream.volume.store.StudyStore;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Everything opening a series to its main stack needs, worked out once from the index rows and kept
 * as one BLOB row ({@code open_plan}, schema 5), so a cold open reads one row instead of every
 * instance and frame row and does not partition the series again. The BLOB is laid out so that
 * opening decodes only what the volume needs as a whole (geometry, per-slice origins and rescale,
 * display attributes: packed arrays) and each slice's own record (its instance, file and frame
 * attributes) when that slice is first read ({@link PlannedStack}); see {@link OpenPlanWriter} for
 * the layout. The stack a plan gives is the one {@link SeriesPartition} made from the rows it was
 * built from (tested).
 *
 * <p>A series without a gray stack has a plan too, with no stack: it tells how many colour images
 * it has, so choosing a study's series never needs the rows.
 *
 * @param stack        the series' largest gray stack, or {@code null} when it has none
 * @param colourImages viewable colour images of the series (the largest colour frame stack's)
 * @param pixelPadding the series' Pixel Padding Value (first instance that has one), or {@code null}
 * @param lossyNotice  the series' lossy-compression notice ({@code SeriesLossiness.notice()}), or {@code null}
 */
public record OpenPlan(PlannedStack stack, int colourImages, Integer pixelPadding, String lossyNotice) {

    /** The layout version of the BLOB; a plan of another format is rebuilt from the rows. */
    public static final int FORMAT = 2;

    public int stackSlices() {
        return stack == null ? 0 : stack.size();
    }

    /**
     * Decodes a plan BLOB; files are resolved in {@code store} when a slice is first read. No file
     * is opened here.
     *
     * @throws IllegalArgumentException for a BLOB of another format or a damaged one
     */
    public static OpenPlan decode(byte[] blob, StudyStore store) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        try {
            int format = in.getInt();
            if (format != FORMAT) throw new IllegalArgumentException("open plan format " + format + " (expected " + FORMAT + ")");
            int colourImages = in.getInt();
            Integer padding = PlanCodec.nullableInt(in);
            String notice = PlanCodec.text(in);
            int n = in.getInt();
            PlannedStack stack = n == 0 ? null : PlannedStack.decode(blob, in, n, store);
            return new OpenPlan(stack, colourImages, padding, notice);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalStateException e) {
            throw new IllegalArgumentException("open plan damaged (" + blob.length + " bytes): " + e.getMessage(), e);
        }
    }
}
