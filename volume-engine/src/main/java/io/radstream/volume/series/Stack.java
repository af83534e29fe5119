package io.radstream.volume.series;

import java.util.List;

/**
 * One volume's worth of a series: slices sorted along the normal (ascending position), one per
 * position, with their true geometry and what was found on the way.
 */
public record Stack(List<SeriesSlice> slices, StackGeometry geometry, StackReport report) {

    public Stack {
        slices = List.copyOf(slices);
        if (slices.isEmpty()) throw new IllegalArgumentException("a stack needs at least one slice");
        if (slices.size() != geometry.slices()) throw new IllegalArgumentException("geometry is for another stack");
    }

    /** The slices as the volume builder takes them, in stack order. */
    public List<SliceSource> sources() {
        return slices.stream().map(SeriesSlice::toSliceSource).toList();
    }

    public SeriesSlice first() {
        return slices.getFirst();
    }
}
