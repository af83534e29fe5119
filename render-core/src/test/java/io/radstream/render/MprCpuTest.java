package io.radstream.render;

import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reformats of linear fields. Trilinear interpolation reproduces a linear function of position
 * exactly, so every pixel inside the volume must show the field's value at the pixel's patient
 * position, whatever the acquisition's orientation and spacing. Window 128/256 maps modality
 * 0..255 to the same gray level.
 */
class MprCpuTest {
    private static final double C = 128, W = 256;

    /** 120 + 0.4x + 0.25y + 0.3z, within 0..255 over the test volumes. */
    private static double field(double x, double y, double z) {
        return 120 + 0.4 * x + 0.25 * y + 0.3 * z;
    }

    private static Volume obliqueAnisotropic() throws Exception {
        // 24 columns × 18 rows × 14 slices, 1.1 × 0.8 mm pixels, 2.5 mm slices, tilted 20° and 25°
        return MprVolumes.of(24, 18, 14, MprVolumes.obliqueOrientation(20, 25), 0.8, 1.1, 2.5, new Vec(3, -2, 5),
                1, 0, MprCpuTest::field);
    }

    private static void assertShowsField(Frame f, MprMapping map, Volume v, int minInside) {
        int inside = 0;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                Vec p = map.patient(x, y);
                if (!insideVoxelCentres(v, p, 1e-6)) continue;
                inside++;
                double expected = field(p.x(), p.y(), p.z());
                // stored values were rounded to integers: ±0.5, then the VOI rounds: ±1 gray
                assertEquals(expected, f.at(x, y), 1.01, "pixel " + x + "," + y + " at " + p);
            }
        }
        assertTrue(inside >= minInside, "only " + inside + " pixels inside the volume");
    }

    static boolean insideVoxelCentres(Volume v, Vec p, double margin) {
        var g = v.geometry();
        Vec d = p.minus(Vec.of(g.origin()));
        double i = d.dot(Vec.of(g.rowDirection())) / g.columnSpacing(), j = d.dot(Vec.of(g.columnDirection())) / g.rowSpacing(),
                k = d.dot(Vec.of(g.normal())) / g.sliceSpacing();
        return i >= margin && i <= g.columns() - 1 - margin && j >= margin && j <= g.rows() - 1 - margin
                && k >= margin && k <= g.slices() - 1 - margin;
    }

    @Test
    void standardPlanesOfAnObliqueAnisotropicVolumeShowThePatientPositionsValues() throws Exception {
        Volume v = obliqueAnisotropic();
        try {
            for (Plane plane : Plane.values()) {
                ViewState s = new ViewState(0, C, W, 1.3, 2, -3, 64, 48).withMpr(Mpr.of(plane, new Vec(3.3, -1.7, 4.9)));
                Frame f = new CpuRenderer().render(s, v);
                assertShowsField(f, MprMapping.of(v.geometry(), s), v, 200);
            }
        } finally {
            v.release();
        }
    }

    @Test
    void obliquePlaneAfterRotationGesturesShowsTheRightValues() throws Exception {
        Volume v = obliqueAnisotropic();
        try {
            ViewState s = new ViewState(0, C, W, 1, 0, 0, 50, 50).withMpr(Mpr.of(Plane.CORONAL, new Vec(3, -2, 5)));
            s = Gestures.rotateDrag(s, 40, -25);
            s = Gestures.rollPlane(s, 17);
            Frame f = new CpuRenderer().render(s, v);
            assertShowsField(f, MprMapping.of(v.geometry(), s), v, 200);
        } finally {
            v.release();
        }
    }

    @Test
    void slabsTakeTheMaximumMinimumAndMeanAlongTheNormal() throws Exception {
        // field varies only along z with 2 HU/mm: an axial slab of T mm spans ±T
        Volume v = MprVolumes.of(20, 20, 40, new double[]{1, 0, 0, 0, 1, 0},
                1, 1, 0.5, new Vec(0, 0, 0), 1, 0, (x, y, z) -> 128 + 2 * z);
        try {
            double slab = 6;
            ViewState base = new ViewState(0, C, W, 1, 0, 0, 16, 16).withMpr(Mpr.of(Plane.AXIAL, new Vec(0, 0, 1)));
            int[] expected = {128 + 2 + 6, 128 + 2 - 6, 128 + 2};
            Mpr.Projection[] ps = Mpr.Projection.values();
            for (int n = 0; n < ps.length; n++) {
                Frame f = new CpuRenderer().render(Gestures.slab(base, slab, ps[n]), v);
                assertEquals(expected[n], f.at(8, 8), 1.0, ps[n].toString());
            }
            assertEquals(13, CpuMpr.slabSamples(6, v.geometry()), "6 mm at ≤ 0.5 mm spacing: 13 samples");
        } finally {
            v.release();
        }
    }

    @Test
    void minipSkipsPixelPaddingWhenItIsKnown() throws Exception {
        // a plane of padding (-2000) at z = 0 in a field of 100
        Volume v = MprVolumes.of(10, 10, 11, new double[]{1, 0, 0, 0, 1, 0}, 1, 1, 1, new Vec(0, 0, 0), 1, 0,
                (x, y, z) -> Math.abs(z) < 0.1 ? -2000 : 100);
        try {
            ViewState s = Gestures.slab(new ViewState(0, C, W, 1, 0, 0, 8, 8).withMpr(Mpr.of(Plane.AXIAL, new Vec(0, 0, 4))),
                    3, Mpr.Projection.MINIP);
            assertEquals(100, new CpuRenderer().render(s, v).at(4, 4), "slab 2.5..5.5 mm stays clear of the padding plane");
            // slab 0..3 mm: the padding plane lies on its face, inside for the per-sample path and
            // for the grid-aligned projection (planes whose centres lie in the slab) alike
            ViewState over = Gestures.moveAlongNormal(s, -2.5);
            assertEquals(0, new CpuRenderer(PixelPadding.NONE).render(over, v).at(4, 4), "slab 0..3 mm: without padding known, it wins");
            CpuRenderer aware = new CpuRenderer(vol -> OptionalInt.of(-2000));
            assertEquals(100, aware.render(over, v).at(4, 4), "with the hook the padding is skipped");
            v.describePixelPadding(-2000); // what the server records from the index
            assertEquals(100, new CpuRenderer().render(over, v).at(4, 4), "the default renderer reads the volume's padding");
        } finally {
            v.release();
        }
    }

    @Test
    void outsideTheVolumeIsBlackAndSameStateGivesSameBytes() throws Exception {
        Volume v = obliqueAnisotropic();
        try {
            ViewState s = new ViewState(0, C, W, 1, 0, 0, 97, 61).withMpr(Mpr.of(Plane.SAGITTAL, new Vec(3, -2, 5)));
            Frame a = new CpuRenderer().render(s, v), b = new CpuRenderer().render(s, v);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.gray(), b.gray());
            assertEquals(0, a.at(0, 0), "corner of the field of view is outside the volume");
            ViewState far = Gestures.moveAlongNormal(s, 500);
            for (byte g : new CpuRenderer().render(far, v).gray()) assertEquals(0, g);
        } finally {
            v.release();
        }
    }
}
