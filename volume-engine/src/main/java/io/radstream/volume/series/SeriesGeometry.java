package io.radstream.volume.series;

import java.util.List;

/**
 * Where every voxel of a stack lies in patient space. Index order: column i (along the row
 * direction), row j (along the column direction), slice k (along {@code normal}, increasing).
 *
 * <pre>P(i,j,k) = origin + i·columnSpacing·rowDirection + j·rowSpacing·columnDirection + k·sliceSpacing·normal</pre>
 *
 * The normal is rowDirection × columnDirection (PS3.3 C.7.6.2.1.1); slices are sorted by their
 * position's projection on it, so {@code sliceSpacing} is positive.
 *
 * @param columnSpacing distance between adjacent columns (Pixel Spacing[1]), mm
 * @param rowSpacing    distance between adjacent rows (Pixel Spacing[0]), mm
 * @param sliceSpacing  typical distance between adjacent slices (median), mm
 * @param irregular     spacing deviates from the median by more than 1% somewhere (gaps, duplicates)
 */
public record SeriesGeometry(int columns, int rows, int slices, double[] rowDirection, double[] columnDirection,
                             double[] normal, double columnSpacing, double rowSpacing, double sliceSpacing,
                             double[] origin, boolean irregular) {

    /** Patient position (mm) of fractional voxel index (i, j, k). */
    public double[] patientPosition(double i, double j, double k) {
        double[] p = Vec3.addScaled(origin, i * columnSpacing, rowDirection);
        p = Vec3.addScaled(p, j * rowSpacing, columnDirection);
        return Vec3.addScaled(p, k * sliceSpacing, normal);
    }

    /** Extent of the volume along the normal, first to last slice centre, mm. */
    public double depthMm() {
        return (slices - 1) * sliceSpacing;
    }

    /**
     * Computes the geometry of slices already sorted by {@link #sortBySlicePosition}.
     *
     * @throws IllegalArgumentException when the slices do not form one stack (different sizes,
     *                                  orientations or pixel spacings)
     */
    static SeriesGeometry of(List<SliceSource> sorted) {
        SliceSource first = sorted.getFirst();
        double[] row = Vec3.normalize(new double[]{first.orientation()[0], first.orientation()[1], first.orientation()[2]});
        double[] col = Vec3.normalize(new double[]{first.orientation()[3], first.orientation()[4], first.orientation()[5]});
        double[] normal = Vec3.normalize(Vec3.cross(row, col));
        for (SliceSource s : sorted) {
            if (s.rows() != first.rows() || s.columns() != first.columns()) {
                throw new IllegalArgumentException("slices of different sizes in one stack: "
                        + first.rows() + "x" + first.columns() + " and " + s.rows() + "x" + s.columns());
            }
            for (int i = 0; i < 6; i++) {
                if (Math.abs(s.orientation()[i] - first.orientation()[i]) > 1e-3) {
                    throw new IllegalArgumentException("slices of different orientations in one stack");
                }
            }
            if (Math.abs(s.pixelSpacing()[0] - first.pixelSpacing()[0]) > 1e-4
                    || Math.abs(s.pixelSpacing()[1] - first.pixelSpacing()[1]) > 1e-4) {
                throw new IllegalArgumentException("slices of different pixel spacings in one stack");
            }
        }
        int n = sorted.size();
        double spacing = 1.0;
        boolean irregular = false;
        if (n > 1) {
            double[] gaps = new double[n - 1];
            for (int k = 1; k < n; k++) {
                gaps[k - 1] = Vec3.dot(sorted.get(k).position(), normal) - Vec3.dot(sorted.get(k - 1).position(), normal);
            }
            double[] copy = gaps.clone();
            java.util.Arrays.sort(copy);
            spacing = copy[copy.length / 2];
            for (double g : gaps) irregular |= Math.abs(g - spacing) > 0.01 * Math.abs(spacing);
            if (spacing <= 0) throw new IllegalArgumentException("slices share one position: not a stack");
        }
        return new SeriesGeometry(first.columns(), first.rows(), n, row, col, normal,
                first.pixelSpacing()[1], first.pixelSpacing()[0], spacing, first.position().clone(), irregular);
    }

    /** Sorts along the slice normal of the first slice (ascending projection of Image Position). */
    static List<SliceSource> sortBySlicePosition(List<SliceSource> slices) {
        SliceSource first = slices.getFirst();
        double[] normal = Vec3.cross(
                new double[]{first.orientation()[0], first.orientation()[1], first.orientation()[2]},
                new double[]{first.orientation()[3], first.orientation()[4], first.orientation()[5]});
        return slices.stream()
                .sorted(java.util.Comparator.comparingDouble(s -> Vec3.dot(s.position(), normal)))
                .toList();
    }
}
