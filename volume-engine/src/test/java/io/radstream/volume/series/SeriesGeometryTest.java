package io.radstream.volume.series;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Geometry of stacks from hand-computed numbers (no files): sorting, spacing, voxel positions. */
class SeriesGeometryTest {

    /**
     * An oblique stack: rows rotated 30° about the patient z axis, columns tilted 20° out of the
     * axial plane, non-square pixels 0.6 (between rows) × 0.9 (between columns), 2.5 mm slices.
     */
    @Test
    void obliqueNonSquareStackHasHandComputedGeometry() {
        double a = Math.toRadians(30), b = Math.toRadians(20);
        double[] row = {Math.cos(a), Math.sin(a), 0};
        double[] col = {-Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), -Math.sin(b)};
        // normal = row × col, written out by hand:
        double[] normal = {Math.sin(a) * -Math.sin(b) - 0, 0 - Math.cos(a) * -Math.sin(b),
                Math.cos(a) * Math.cos(a) * Math.cos(b) + Math.sin(a) * Math.sin(a) * Math.cos(b)};
        double[] p0 = {-100, -50, 30};
        List<SliceSource> slices = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            double[] p = {p0[0] + 2.5 * k * normal[0], p0[1] + 2.5 * k * normal[1], p0[2] + 2.5 * k * normal[2]};
            slices.add(slice(p, new double[]{row[0], row[1], row[2], col[0], col[1], col[2]}, 0.6, 0.9));
        }
        Collections.shuffle(slices, new Random(7));

        List<SliceSource> sorted = SeriesGeometry.sortBySlicePosition(slices);
        SeriesGeometry g = SeriesGeometry.of(sorted);

        assertArrayEquals(p0, g.origin(), 1e-9, "origin is the first slice along the normal");
        assertArrayEquals(normal, g.normal(), 1e-9);
        assertEquals(2.5, g.sliceSpacing(), 1e-9);
        assertEquals(0.9, g.columnSpacing(), 0);
        assertEquals(0.6, g.rowSpacing(), 0);
        assertFalse(g.irregular());
        // voxel (i=10, j=20, k=3) by hand: p0 + 10·0.9·row + 20·0.6·col + 3·2.5·normal
        double[] expected = new double[3];
        for (int d = 0; d < 3; d++) expected[d] = p0[d] + 9 * row[d] + 12 * col[d] + 7.5 * normal[d];
        assertArrayEquals(expected, g.patientPosition(10, 20, 3), 1e-9);
        // the distance between two voxels along a row is 0.9 mm per column, along a column 0.6 mm per row
        double[] q1 = g.patientPosition(0, 0, 0), q2 = g.patientPosition(100, 0, 0), q3 = g.patientPosition(0, 100, 0);
        assertEquals(90.0, Vec3.norm(Vec3.sub(q2, q1)), 1e-9);
        assertEquals(60.0, Vec3.norm(Vec3.sub(q3, q1)), 1e-9);
    }

    @Test
    void gapsAreFlaggedAsIrregular() {
        double[] axial = {1, 0, 0, 0, 1, 0};
        List<SliceSource> slices = new ArrayList<>();
        for (double z : new double[]{0, 1, 2, 3, 6, 7}) slices.add(slice(new double[]{0, 0, z}, axial, 1, 1));
        SeriesGeometry g = SeriesGeometry.of(SeriesGeometry.sortBySlicePosition(slices));
        assertEquals(1.0, g.sliceSpacing(), 1e-9, "median spacing");
        assertTrue(g.irregular());
    }

    @Test
    void slicesOfDifferentOrientationsAreNotOneStack() {
        List<SliceSource> slices = List.of(
                slice(new double[]{0, 0, 0}, new double[]{1, 0, 0, 0, 1, 0}, 1, 1),
                slice(new double[]{0, 0, 1}, new double[]{1, 0, 0, 0, 0, -1}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SeriesGeometry.of(slices));
    }

    private static SliceSource slice(double[] position, double[] orientation, double rowSpacing, double colSpacing) {
        return new SliceSource(position, orientation, new double[]{rowSpacing, colSpacing}, 4, 4, 1, 0, () -> new byte[32]);
    }
}
