package io.radstream.volume.phantom;

import io.radstream.volume.testdata.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CT angiography phantom: arterial-phase values, and a tree of small arteries that a reader
 * independent of ours (pydicom) finds filled with contrast in the written files.
 */
class CtaPhantomTest {

    @Test
    void arteriesAreBrightVeinsAreNotAndEveryBranchCarriesContrast() {
        assertEquals(CtaAnatomy.ARTERY, CtPhantom.ctaHuAt(22, 40, 0), "descending aorta");
        assertEquals(CtaAnatomy.VEIN, CtPhantom.ctaHuAt(-25, 42, -100), "inferior vena cava");
        assertEquals(60, CtPhantom.ctaHuAt(-55, 0, -95), "liver parenchyma unchanged");
        List<double[]> tree = CtPhantom.ctaTreeSegments();
        assertEquals(9 * 15, tree.size(), "nine roots, four generations of binary splits");
        for (double[] s : tree) {
            double x = (s[0] + s[3]) / 2, y = (s[1] + s[4]) / 2, z = (s[2] + s[5]) / 2;
            int hu = CtPhantom.ctaHuAt(x, y, z);
            assertTrue(hu == CtaAnatomy.ARTERY || hu == CtaAnatomy.PULMONARY_ARTERY, "branch midpoint at " + x + "," + y + "," + z + ": " + hu);
            double rise = Math.abs(s[5] - s[2]) / Math.sqrt(Math.pow(s[3] - s[0], 2) + Math.pow(s[4] - s[1], 2) + Math.pow(s[5] - s[2], 2));
            assertTrue(rise >= 0.33, "every segment at least 20° off the axial plane");
        }
        // the smallest branches are about a millimetre in radius
        double smallest = tree.stream().mapToDouble(s -> s[6]).min().orElseThrow();
        assertTrue(smallest > 0.8 && smallest < 1.6, "smallest radius " + smallest);
    }

    @Test
    void pydicomFindsContrastAlongTheMesentericTree(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tools.pydicom(), "pydicom not available to /usr/bin/python3");
        // 1 mm pixels and slices around the superior mesenteric tree (z -190 to -250)
        CtPhantom.Spec spec = CtPhantom.Spec.defaults(70).withMatrix(200, 200).withPixelSpacing(1, 1).withSliceSpacing(1)
                .withCentre(0, -20, -220);
        CtPhantom.PhantomSeries series = CtPhantom.writeCta(spec, dir.resolve("cta"));
        StringBuilder points = new StringBuilder();
        int n = 0;
        for (double[] s : CtPhantom.ctaTreeSegments()) {
            // segments of the mesenteric root (third root: starts near the SMA's end) wide enough for 1 mm voxels
            double x = (s[0] + s[3]) / 2, y = (s[1] + s[4]) / 2, z = (s[2] + s[5]) / 2;
            if (s[6] >= 1.6 && z > -252 && z < -188 && Math.abs(x) < 95 && Math.abs(y + 20) < 95) {
                points.append(x).append(',').append(y).append(',').append(z).append(' ');
                n++;
            }
        }
        assertTrue(n >= 3, "branches in the written field of view: " + n);
        String script = """
                import sys, glob, pydicom, numpy as np
                slices = [pydicom.dcmread(f) for f in sorted(glob.glob(sys.argv[1] + '/*.dcm'))]
                slices.sort(key=lambda d: float(d.ImagePositionPatient[2]))
                z0 = float(slices[0].ImagePositionPatient[2]); dz = float(slices[1].ImagePositionPatient[2]) - z0
                for p in sys.argv[2].split():
                    x, y, z = map(float, p.split(','))
                    d = slices[int(round((z - z0) / dz))]
                    ox, oy = float(d.ImagePositionPatient[0]), float(d.ImagePositionPatient[1])
                    row, col = int(round((y - oy) / float(d.PixelSpacing[0]))), int(round((x - ox) / float(d.PixelSpacing[1])))
                    hu = d.pixel_array[row, col] * float(d.RescaleSlope) + float(d.RescaleIntercept)
                    print(int(hu), d.SeriesDescription)
                """;
        Tools.Result r = Tools.run(Tools.PYTHON, "-c", script, series.files().getFirst().getParent().toString(), points.toString().trim());
        assertEquals(0, r.exit(), r.output());
        for (String line : r.output().strip().split("\n")) {
            int hu = Integer.parseInt(line.trim().split(" ")[0]);
            // 450 HU plus the phantom's noise (σ ≈ 10 HU)
            assertTrue(hu > 380 && hu < 520, "contrast in a branch: " + line);
            assertTrue(line.contains("CTA"), "series says what it is: " + line);
        }
    }
}
