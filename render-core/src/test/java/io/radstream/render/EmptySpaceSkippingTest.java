package io.radstream.render;

import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Skipping MIP samples that cannot raise a ray's maximum ({@link CellMaxima}) must change no pixel:
 * full-volume and thin MIP slabs at several angles, on an anisotropic, oblique, noisy volume with
 * bright spots, with skipping on and off, byte for byte. Also: each block bound really bounds
 * every trilinear sample of its cells.
 */
class EmptySpaceSkippingTest {

    @Test
    void skippingChangesNoPixel() throws Exception {
        java.util.Random noise = new java.util.Random(7);
        Volume v = MprVolumes.of(45, 37, 23, MprVolumes.obliqueOrientation(12, 8), 0.7, 0.9, 1.6, new Vec(3, -2, 5), 1, -1024,
                (x, y, z) -> {
                    double r = Math.sqrt(x * x + y * y + z * z);
                    double base = 1024 + 60 * Math.sin(x / 3) * Math.cos(y / 4) + noise.nextInt(40);
                    if (Math.abs(x - 6) < 1.5 && Math.abs(y + 4) < 1.5) base += 700; // a bright vessel along z
                    if (r > 14 && r < 15.5) base += 1200;                          // a bright shell
                    return base;
                });
        try {
            ViewState full = VolumeMip.show(new ViewState(0, 200, 800, 1.3, 3, -2, 120, 100), v.geometry());
            ViewState slab = Gestures.slab(Gestures.rotateDrag(full.withMpr(Mpr.of(Plane.CORONAL, VolumeMip.centre(v.geometry()))), 30, 17),
                    12, Mpr.Projection.MIP);
            CpuRenderer cpu = new CpuRenderer();
            int engaged = 0;
            for (ViewState base : new ViewState[]{full, slab}) {
                for (double angle : new double[]{0, 23, 90, 161, 250}) {
                    ViewState s = VolumeMip.spin(base, angle);
                    CpuMpr.emptySpaceSkipping = false;
                    byte[] every = cpu.render(s, v).gray();
                    CpuMpr.emptySpaceSkipping = true;
                    byte[] skipped = cpu.render(s, v).gray();
                    assertArrayEquals(every, skipped, "MIP with and without skipping at " + angle + "°");
                    engaged++;
                }
            }
            assertTrue(engaged == 10);
            assertNotNull(v.derived(CellMaxima.KEY, CellMaxima::of), "the bounds were built");
        } finally {
            CpuMpr.emptySpaceSkipping = true;
            v.release();
        }
    }

    @Test
    void eachBlockBoundsEverySampleOfItsCells() throws Exception {
        java.util.Random noise = new java.util.Random(3);
        Volume v = MprVolumes.of(19, 14, 11, new double[]{1, 0, 0, 0, 1, 0}, 1, 1, 1, new Vec(0, 0, 0), 1, -1024,
                (x, y, z) -> 1024 + noise.nextInt(2000));
        try {
            CellMaxima c = CellMaxima.of(v);
            java.util.Random r = new java.util.Random(11);
            for (int n = 0; n < 20000; n++) {
                double fi = r.nextDouble() * 18, fj = r.nextDouble() * 13, fk = r.nextDouble() * 10;
                int i = Math.min((int) fi, 17), j = Math.min((int) fj, 12), k = Math.min((int) fk, 9);
                double most = Double.NEGATIVE_INFINITY;
                for (int dk = 0; dk <= 1; dk++)
                    for (int dj = 0; dj <= 1; dj++)
                        for (int di = 0; di <= 1; di++) most = Math.max(most, v.modality(i + di, j + dj, k + dk));
                assertTrue(c.at(i, j, k) >= most, "block bound below a corner of cell " + i + "," + j + "," + k);
            }
        } finally {
            v.release();
        }
    }
}
