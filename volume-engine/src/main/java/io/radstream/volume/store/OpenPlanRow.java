package io.radstream.volume.store;

/**
 * A series with the header of its stored open plan: enough to choose which series a study opens to
 * without reading a plan or an instance row.
 *
 * @param revision     the series' present revision
 * @param current      a plan is stored for that revision
 * @param format       the stored plan's format (0 when there is none)
 * @param stackSlices  slices in the series' largest gray stack, per the plan (0: none)
 * @param colourImages viewable colour images, per the plan (0: none)
 */
public record OpenPlanRow(SeriesRecord series, long revision, boolean current, int format, int stackSlices,
                          int colourImages) {}
