package io.radstream.render;

import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rotating full-volume MIP: eight small bright balls near the corners of an anisotropic
 * volume must all show, at full brightness, where hand-computed turntable geometry puts them,
 * at every angle (so the slab covers the whole volume whichever way it turns), on a dark
 * background.
 */
class VolumeMipTest {
    private static final double[][] BALLS = {
            {-12, -6, -15}, {11, -5, -14}, {-10, 6, -13}, {12, 7, -16},
            {-13, -7, 14}, {10, -4, 15}, {-11, 5, 16}, {13, 6, 13}};
    private static final double RADIUS = 2.2;
    private static Volume volume;

    @BeforeAll
    static void load() throws Exception {
        // 41 × 31 × 21 voxels of 0.8 × 0.6 × 2 mm: 32 × 18 × 40 mm, centred on the origin
        volume = MprVolumes.of(41, 31, 21, new double[]{1, 0, 0, 0, 1, 0}, 0.6, 0.8, 2.0, new Vec(0, 0, 0), 1, 0,
                (x, y, z) -> {
                    for (double[] b : BALLS) {
                        double dx = x - b[0], dy = y - b[1], dz = z - b[2];
                        if (dx * dx + dy * dy + dz * dz <= RADIUS * RADIUS) return 1000;
                    }
                    return -1000;
                });
    }

    @AfterAll
    static void release() {
        volume.release();
    }

    @Test
    void everyCornerBallShowsWhereTheTurntablePutsItAtEveryAngle() {
        ViewState start = VolumeMip.show(new ViewState(0, 0, 200, 1, 0, 0, 256, 256), volume.geometry());
        assertTrue(VolumeMip.isShown(start, volume.geometry()));
        CpuRenderer cpu = new CpuRenderer();
        for (double angle : new double[]{0, 30, 45, 90, 135, 200, 315}) {
            ViewState s = VolumeMip.spin(start, angle);
            Frame f = cpu.render(s, volume);
            MprMapping map = MprMapping.of(volume.geometry(), s);
            double mmPerPixel = map.mmPerPixel();
            // turntable about the patient's head–feet axis: viewport right is (cos θ, −sin θ, 0),
            // so the patient's front (−y) turns toward the viewer's right; down stays "feet"
            double t = Math.toRadians(angle);
            double rx = Math.cos(t), ry = -Math.sin(t);
            boolean[] nearBall = new boolean[f.width() * f.height()];
            for (double[] b : BALLS) {
                double sx = f.width() / 2.0 + (b[0] * rx + b[1] * ry) / mmPerPixel;
                double sy = f.height() / 2.0 + (-b[2]) / mmPerPixel;
                int x = (int) Math.floor(sx), y = (int) Math.floor(sy);
                assertEquals(255, f.at(x, y), "ball " + java.util.Arrays.toString(b) + " at " + angle + "°, pixel " + x + "," + y);
                int reach = (int) Math.ceil((RADIUS + 1.5) / mmPerPixel);
                for (int yy = Math.max(0, y - reach); yy <= Math.min(f.height() - 1, y + reach); yy++)
                    for (int xx = Math.max(0, x - reach); xx <= Math.min(f.width() - 1, x + reach); xx++)
                        nearBall[yy * f.width() + xx] = true;
            }
            int brightElsewhere = 0;
            for (int i = 0; i < nearBall.length; i++) if (!nearBall[i] && (f.gray()[i] & 0xFF) > 0) brightElsewhere++;
            assertEquals(0, brightElsewhere, "pixels lit away from every ball at " + angle + "°");
        }
    }

    @Test
    void aMinifiedMipSamplesThePyramidAndStillShowsEveryBall() {
        // small viewports (interactive frames at reduced scale) and a zoomed-out one: pixels of 1.75 mm,
        // 2.6 mm and 2.1 mm against 0.6 mm voxels, so the renderer samples pyramid levels 1 and 2
        for (ViewState base : new ViewState[]{new ViewState(0, 0, 200, 1, 0, 0, 24, 24), new ViewState(0, 0, 200, 1, 0, 0, 16, 16), new ViewState(0, 0, 200, 0.5, 0, 0, 40, 40)}) {
            ViewState start = VolumeMip.show(base, volume.geometry());
            for (double angle : new double[]{0, 45, 120}) {
                ViewState s = VolumeMip.spin(start, angle);
                MprMapping map = MprMapping.of(volume.geometry(), s);
                assertTrue(CpuMpr.detailLevel(s, volume.geometry(), map.mmPerPixel()) >= 1, "minified enough to use the pyramid");
                assertTrue(CpuMpr.detail(s, volume, map) != volume, "pyramid level sampled");
                Frame f = new CpuRenderer().render(s, volume);
                double t = Math.toRadians(angle), rx = Math.cos(t), ry = -Math.sin(t);
                for (double[] b : BALLS) {
                    double sx = f.width() / 2.0 + (b[0] * rx + b[1] * ry) / map.mmPerPixel();
                    double sy = f.height() / 2.0 + (-b[2]) / map.mmPerPixel();
                    assertEquals(255, f.at((int) Math.floor(sx), (int) Math.floor(sy)),
                            "ball " + java.util.Arrays.toString(b) + " at " + angle + "° in a " + f.width() + "² view, zoom " + s.zoom());
                }
            }
        }
    }

    @Test
    void eachPyramidVoxelIsTheMaximumOfItsBlock() {
        MipPyramid p = volume.derived(MipPyramid.KEY, MipPyramid::of);
        assertEquals(2, p.levels(), "41×31 halves to 21×16 and 11×9, then stops");
        Volume l1 = p.level(1), l2 = p.level(2);
        assertEquals(21, l1.columns());
        assertEquals(16, l1.rows());
        assertEquals(11, l1.slices());
        for (int k = 0; k < l1.slices(); k++)
            for (int j = 0; j < l1.rows(); j++)
                for (int i = 0; i < l1.columns(); i++) {
                    int max = Integer.MIN_VALUE;
                    for (int kk = Math.max(0, 2 * k - 1); kk <= Math.min(20, 2 * k + 1); kk++)
                        for (int jj = Math.max(0, 2 * j - 1); jj <= Math.min(30, 2 * j + 1); jj++)
                            for (int ii = Math.max(0, 2 * i - 1); ii <= Math.min(40, 2 * i + 1); ii++) max = Math.max(max, volume.stored(ii, jj, kk));
                    assertEquals(max, l1.stored(i, j, k), "level 1 voxel " + i + "," + j + "," + k);
                }
        // every level keeps the first voxel centre and multiplies the spacing
        double[] c = l2.geometry().patientPosition(1, 1, 1), e = volume.geometry().patientPosition(4, 4, 4);
        for (int a = 0; a < 3; a++) assertEquals(e[a], c[a], 1e-9);
    }

    @Test
    void theClippedSampleRangeHoldsEverySampleInsideTheVolume() {
        // the regular slab loop only visits the span; any sample inside the volume outside it would be lost
        int n = 300;
        for (int trial = 0; trial < 2000; trial++) {
            java.util.Random r = new java.util.Random(trial);
            double pi = r.nextDouble() * 80 - 20, pj = r.nextDouble() * 80 - 20, pk = r.nextDouble() * 60 - 20;
            double ni = r.nextGaussian() * 0.3, nj = trial % 7 == 0 ? 0 : r.nextGaussian() * 0.3, nk = r.nextGaussian() * 0.2;
            long span = CpuMpr.insideSpanForTest(pi, pj, pk, ni, nj, nk, 40, 30, 20, n);
            int first = (int) (span >>> 32), end = (int) span;
            for (int tt = 0; tt < n; tt++) {
                double fi = pi + tt * ni, fj = pj + tt * nj, fk = pk + tt * nk;
                boolean inside = fi >= 0 && fi <= 40 && fj >= 0 && fj <= 30 && fk >= 0 && fk <= 20;
                if (inside) assertTrue(tt >= first && tt < end, "sample " + tt + " inside but outside span [" + first + "," + end + ") trial " + trial);
            }
        }
    }
}
