package io.radstream.volume.series;

import java.util.List;

/**
 * A series taken apart into what a viewer shows: volumes ({@link Stack}s, e.g. one per phase or
 * orientation), frame stacks (cines), and the images left out with the reason. Every input image
 * appears exactly once: in a stack, in a frame stack, among {@code excluded}, or as a duplicate in
 * a stack's report. Built by {@link #of(List)}; the rules are {@link StackSplitter}'s.
 */
public record SeriesPartition(List<Stack> stacks, List<FrameStack> frameStacks, List<Excluded> excluded) {

    public SeriesPartition {
        stacks = List.copyOf(stacks);
        frameStacks = List.copyOf(frameStacks);
        excluded = List.copyOf(excluded);
    }

    /** Partitions the images (single-frame instances and frames) of one series. */
    public static SeriesPartition of(List<SeriesSlice> slices) {
        return StackSplitter.split(slices);
    }

    /** An image that belongs in no volume. */
    public record Excluded(SeriesSlice slice, Reason reason) {}

    public enum Reason {
        /** Image Type (or Frame Type) contains LOCALIZER. */
        LOCALIZER,
        /** A few images whose orientation differs from the series' main stack: scouts without the flag. */
        MINORITY_ORIENTATION
    }

    /** The stack with the most slices (the series' main volume), or {@code null} when there is none. */
    public Stack largestStack() {
        Stack best = null;
        for (Stack s : stacks) if (best == null || s.slices().size() > best.slices().size()) best = s;
        return best;
    }
}
