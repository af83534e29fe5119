package io.radstream.volume.series;

import io.radstream.volume.phantom.CtPhantom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A non-square, oblique phantom written as DICOM files, read back as a volume: geometry checked
 * against numbers worked out by hand, voxels against the phantom's own anatomy model.
 */
class PhantomVolumeTest {

    @Test
    void obliqueNonSquarePhantomBecomesAVolumeWithHandComputedGeometry(@TempDir Path dir) throws Exception {
        // rows along (cos30, sin30, 0); columns along (0, 0, -1): a coronal-oblique plane
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        double[] orientation = {c, s, 0, 0, 0, -1};
        CtPhantom.Spec spec = CtPhantom.Spec.defaults(6).withMatrix(128, 160).withPixelSpacing(0.8, 1.5)
                .withSliceSpacing(3.0).withOrientation(orientation);
        CtPhantom.PhantomSeries series = CtPhantom.write(spec, dir);
        List<Path> files = new ArrayList<>(series.files());
        Collections.shuffle(files, new Random(3));

        Volume v;
        try (VolumeLoader loader = new VolumeLoader(2)) {
            v = SeriesFiles.load(files, loader);
        }
        try {
            SeriesGeometry g = v.geometry();
            assertEquals(160, v.columns());
            assertEquals(128, v.rows());
            assertEquals(6, v.slices());
            // normal = row × col = (c, s, 0) × (0, 0, −1) = (s·(−1) − 0, 0 − c·(−1), 0) = (−s, c, 0)
            assertArrayEquals(new double[]{-s, c, 0}, g.normal(), 1e-9);
            assertEquals(3.0, g.sliceSpacing(), 1e-6);
            assertEquals(1.5, g.columnSpacing(), 0);
            assertEquals(0.8, g.rowSpacing(), 0);
            assertFalse(g.irregular());
            // origin: the slice whose position projects lowest on the normal; the phantom's slice 1
            double[] p0 = spec.slicePosition(0), p5 = spec.slicePosition(5);
            double along0 = -s * p0[0] + c * p0[1], along5 = -s * p5[0] + c * p5[1];
            assertArrayEquals(along0 < along5 ? p0 : p5, g.origin(), 1e-4);
            // a 100-column span is 150 mm, a 100-row span 80 mm, 5 slices 15 mm
            assertEquals(150.0, Vec3.norm(Vec3.sub(g.patientPosition(100, 0, 0), g.patientPosition(0, 0, 0))), 1e-9);
            assertEquals(80.0, Vec3.norm(Vec3.sub(g.patientPosition(0, 100, 0), g.patientPosition(0, 0, 0))), 1e-9);
            assertEquals(15.0, Vec3.norm(Vec3.sub(g.patientPosition(0, 0, 5), g.patientPosition(0, 0, 0))), 1e-6);
            // voxels carry the anatomy that sits at their patient position (noise σ≈9 HU)
            double sumAbs = 0;
            int n = 0;
            for (int k = 0; k < 6; k++) {
                for (int j = 4; j < 128; j += 9) {
                    for (int i = 4; i < 160; i += 11) {
                        double[] p = g.patientPosition(i, j, k);
                        double expected = CtPhantom.huAt(p[0], p[1], p[2]);
                        double got = v.modality(i, j, k);
                        if (Math.abs(expected - got) < 60) n++;
                        sumAbs += Math.abs(expected - got);
                    }
                }
            }
            int total = 6 * 14 * 15;
            assertTrue(n >= total * 0.97, n + " of " + total + " voxels match the anatomy at their position");
            assertTrue(sumAbs / total < 20, "mean |error| " + sumAbs / total);
        } finally {
            v.release();
        }
    }
}
