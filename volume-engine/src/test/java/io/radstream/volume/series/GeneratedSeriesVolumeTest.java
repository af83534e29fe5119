package io.radstream.volume.series;

import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.testdata.SyntheticImages;
import io.radstream.volume.testdata.SyntheticImages.Plane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.radstream.volume.series.MultiFrameVolumeTest.assertVoxelsMatchAnatomy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Series written as files (CT images of {@link CtPhantom}'s anatomy at the positions their headers
 * declare) with the defects real series have, read back into volumes: every voxel checked against
 * the anatomy at the patient position the volume claims for it.
 */
class GeneratedSeriesVolumeTest {
    private static final String STUDY = "2.25.4242";

    private static List<Path> shuffled(List<Path> files) {
        List<Path> out = new ArrayList<>(files);
        Collections.shuffle(out, new Random(17));
        return out;
    }

    @Test
    void phasesGapsDuplicatesAndLocalizersOfOneSeries(@TempDir Path dir) throws Exception {
        List<Plane> planes = new ArrayList<>();
        int instance = 1;
        for (int phase = 1; phase <= 2; phase++) {
            for (int k = 0; k < 10; k++) {
                if (phase == 1 && k == 6) continue; // z = 24 missing in phase 1: a gap
                planes.add(Plane.axial(4 * k).instance(instance++).temporal(phase));
            }
        }
        planes.add(Plane.axial(12).instance(99).temporal(1)); // a second image at z = 12 in phase 1
        planes.add(Plane.axial(0).orient(new double[]{1, 0, 0, 0, 0, -1}).instance(100).type("ORIGINAL", "PRIMARY", "LOCALIZER"));
        planes.add(Plane.axial(0).orient(new double[]{0, 1, 0, 0, 0, -1}).instance(101));
        List<Path> files = SyntheticImages.writeSeries(dir, STUDY, STUDY + ".1", planes);

        SeriesPartition p = SeriesPartition.of(FileSlices.read(shuffled(files)));
        assertEquals(2, p.stacks().size());
        assertEquals(2, p.excluded().size());
        Stack phase1 = p.stacks().get(0), phase2 = p.stacks().get(1);
        assertEquals("1", phase1.report().splitValue());
        assertEquals(9, phase1.slices().size());
        // z 0, 4, 8, 12, 16, 20, 28, 32, 36: spacing 8 after slice 5 (z 20) is one missing slice
        assertEquals(List.of(new StackReport.Gap(5, 8.0, 1)), phase1.report().gaps());
        assertEquals(1, phase1.report().duplicates().size());
        assertEquals(99, phase1.report().duplicates().getFirst().dropped().instanceNumber());
        assertEquals(4, phase1.report().duplicates().getFirst().kept().instanceNumber());
        assertEquals(10, phase2.slices().size());
        assertTrue(phase2.report().clean(), phase2.report().summary());

        try (VolumeLoader loader = new VolumeLoader(2)) {
            for (Stack s : p.stacks()) {
                Volume v = StackLoader.load(s, loader);
                try {
                    assertVoxelsMatchAnatomy(v, 0);
                    assertEquals(36.0, v.stackGeometry().offsetAlongNormal(v.slices() - 1), 1e-9);
                } finally {
                    v.release();
                }
            }
        }
    }

    @Test
    void gantryTiltedSeriesKeepsPatientCoordinatesThroughTheShear(@TempDir Path dir) throws Exception {
        double t = Math.toRadians(15);
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            // tilt about the patient's x axis; the table steps 3 mm along z
            planes.add(Plane.axial(0).orient(new double[]{1, 0, 0, 0, Math.cos(t), Math.sin(t)}).instance(k + 1).shift(0, 0, 3 * k));
        }
        List<Path> files = SyntheticImages.writeSeries(dir, STUDY, STUDY + ".2", planes);
        Stack s = SeriesPartition.of(FileSlices.read(shuffled(files))).stacks().getFirst();
        assertEquals(15.0, s.report().shearDegrees(), 1e-6);
        assertEquals(3 * Math.cos(t), s.report().nominalSpacingMm(), 1e-9);
        try (VolumeLoader loader = new VolumeLoader(2)) {
            Volume v = StackLoader.load(s, loader);
            try {
                assertVoxelsMatchAnatomy(v, 0);
                // the nominal (unsheared) grid would place far slices 3·9·sin 15° = 7 mm off: many voxels disagree
                int wrong = 0, n = 0;
                for (int j = 0; j < v.rows(); j += 2) {
                    for (int i = 0; i < v.columns(); i += 2) {
                        double[] q = v.geometry().patientPosition(i, j, 9);
                        if (CtPhantom.huAt(q[0], q[1], q[2]) != v.modality(i, j, 9)) wrong++;
                        n++;
                    }
                }
                assertTrue(wrong > n / 20, wrong + " of " + n + " voxels would be misplaced without the shear");
            } finally {
                v.release();
            }
        }
    }

    @Test
    void petLikePerSliceRescaleStaysPerSlice(@TempDir Path dir) throws Exception {
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 6; k++) planes.add(Plane.axial(2 * k).instance(k + 1).rescale(0.5 + 0.5 * k, -1000 - 7 * k));
        List<Path> files = SyntheticImages.writeSeries(dir, STUDY, STUDY + ".3", planes);
        Stack s = SeriesPartition.of(FileSlices.read(shuffled(files))).stacks().getFirst();
        assertTrue(s.report().perSliceRescale());
        try (VolumeLoader loader = new VolumeLoader(2)) {
            Volume v = StackLoader.load(s, loader);
            try {
                for (int k = 0; k < 6; k++) {
                    assertEquals(0.5 + 0.5 * k, v.rescaleSlope(k), 0);
                    assertEquals(-1000 - 7 * k, v.rescaleIntercept(k), 0);
                }
                assertVoxelsMatchAnatomy(v, 1.5); // stored = round(HU / slope): within slope / 2
            } finally {
                v.release();
            }
        }
    }
}
