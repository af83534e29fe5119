package io.radstream.volume.series;

import io.radstream.volume.dicom.Tag;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.testdata.SyntheticImages.Plane;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The partition rules on synthetic images (no files): every expected number is worked out here from
 * the positions the test chose, not taken from the code under test.
 */
class StackSplitterTest {
    private static final double[] CORONAL = {1, 0, 0, 0, 0, -1};

    /** An image for a plane; its pixels are never read here. */
    static SeriesSlice slice(Plane p) {
        return slice(p, "1.2.3." + p.instanceNumber, 1);
    }

    static SeriesSlice slice(Plane p, String sop, int frame) {
        FrameAttributes f = new FrameAttributes(frame, p.position, p.orientation, p.pixelSpacing, null, p.slope, p.intercept,
                null, null, String.join("\\", p.imageType), null, null, p.temporalPosition, p.acquisitionNumber, p.triggerTime);
        PixelDescription d = new PixelDescription(p.rows, p.columns, 1, 1, 16, 16, 15, true, "MONOCHROME2", 0, Tag.PixelData);
        return new SeriesSlice(new SliceRef(sop, p.instanceNumber, frame), f, d, p::pixels);
    }

    static List<SeriesSlice> shuffled(List<Plane> planes, long seed) {
        List<SeriesSlice> out = new ArrayList<>(planes.stream().map(StackSplitterTest::slice).toList());
        Collections.shuffle(out, new Random(seed));
        return out;
    }

    /** Every input image is in exactly one place: a stack, a frame stack, excluded, or a reported duplicate. */
    static void assertAccountedFor(SeriesPartition p, List<SeriesSlice> input) {
        List<SliceRef> seen = new ArrayList<>();
        for (Stack s : p.stacks()) {
            s.slices().forEach(x -> seen.add(x.ref()));
            s.report().duplicates().forEach(d -> seen.add(d.dropped()));
        }
        p.frameStacks().forEach(f -> f.frames().forEach(x -> seen.add(x.ref())));
        p.excluded().forEach(e -> seen.add(e.slice().ref()));
        assertEquals(input.size(), seen.size(), "each image once");
        assertEquals(new HashSet<>(input.stream().map(SeriesSlice::ref).toList()), new HashSet<>(seen));
    }

    private static List<Double> zOf(Stack s) {
        return s.slices().stream().map(x -> x.frame().imagePosition()[2]).toList();
    }

    @Test
    void shuffledStackIsSortedAlongTheNormalAndClean() {
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 10; k++) planes.add(Plane.axial(-20 + 5 * k).instance(10 - k));
        List<SeriesSlice> in = shuffled(planes, 1);
        SeriesPartition p = SeriesPartition.of(in);
        assertAccountedFor(p, in);
        assertEquals(1, p.stacks().size());
        Stack s = p.stacks().getFirst();
        assertEquals(List.of(-20.0, -15.0, -10.0, -5.0, 0.0, 5.0, 10.0, 15.0, 20.0, 25.0), zOf(s));
        StackReport r = s.report();
        assertTrue(r.clean(), r.summary());
        assertEquals(5.0, r.nominalSpacingMm(), 1e-9);
        assertEquals(0.0, r.shearDegrees(), 1e-9);
        assertNull(r.splitBy());
    }

    @Test
    void obliqueStackIsSortedByPositionAlongItsNormal() {
        double c = Math.cos(Math.toRadians(25)), s = Math.sin(Math.toRadians(25));
        double[] o = {c, s, 0, 0, 0, -1};
        double[] normal = {s * -1, c, 0}; // (c, s, 0) x (0, 0, -1) = (s·(-1) - 0, 0 - c·(-1), 0)
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            Plane p = Plane.axial(0).instance(k + 1).orient(o);
            planes.add(p.shift(3 * k * normal[0], 3 * k * normal[1], 3 * k * normal[2]));
        }
        List<SeriesSlice> in = shuffled(planes, 2);
        Stack st = SeriesPartition.of(in).stacks().getFirst();
        for (int k = 0; k < 7; k++) assertEquals(k + 1, st.slices().get(k).ref().instanceNumber());
        assertEquals(3.0, st.report().nominalSpacingMm(), 1e-9);
        assertArrayEquals(normal, st.geometry().grid().normal(), 1e-12);
    }

    @Test
    void duplicatePositionsKeepTheFirstByInstanceNumber() {
        List<Plane> planes = List.of(Plane.axial(0).instance(1), Plane.axial(2).instance(2), Plane.axial(4).instance(5),
                Plane.axial(4).instance(9), Plane.axial(4.004).instance(3), Plane.axial(6).instance(4));
        List<SeriesSlice> in = shuffled(planes, 3);
        SeriesPartition p = SeriesPartition.of(in);
        assertAccountedFor(p, in);
        Stack s = p.stacks().getFirst();
        assertEquals(List.of(1, 2, 3, 4), s.slices().stream().map(x -> x.ref().instanceNumber()).toList());
        List<StackReport.Duplicate> d = s.report().duplicates();
        assertEquals(2, d.size());
        assertEquals(Set.of(5, 9), Set.of(d.get(0).dropped().instanceNumber(), d.get(1).dropped().instanceNumber()));
        assertTrue(d.stream().allMatch(x -> x.kept().instanceNumber() == 3));
        assertFalse(s.report().clean());
    }

    @Test
    void gapsAreReportedAndSlicesKeepTheirTruePositions() {
        double[] z = {0, 2, 4, 10, 12, 14};
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < z.length; k++) planes.add(Plane.axial(z[k]).instance(k + 1));
        Stack s = SeriesPartition.of(shuffled(planes, 4)).stacks().getFirst();
        StackReport r = s.report();
        // spacings 2, 2, 6, 2, 2: median 2; 6 > 1.5 x 2 is a gap of two missing slices after slice 2
        assertEquals(2.0, r.nominalSpacingMm(), 1e-9);
        assertEquals(List.of(new StackReport.Gap(2, 6.0, 2)), r.gaps());
        assertTrue(r.irregularSpacing());
        assertEquals(2.0, r.minSpacingMm(), 1e-9);
        assertEquals(6.0, r.maxSpacingMm(), 1e-9);
        StackGeometry g = s.geometry();
        for (int k = 0; k < z.length; k++) assertArrayEquals(planes.get(k).position, g.patientPosition(0, 0, k), 1e-9);
        // between slices 2 and 3 (z 4 and 10) the plane is interpolated: k = 2.5 is z = 7
        assertEquals(7.0, g.patientPosition(0, 0, 2.5)[2], 1e-9);
        // a uniform grid would have put slice 3 at z = 6
        assertEquals(6.0, g.grid().patientPosition(0, 0, 3)[2], 1e-9);
    }

    @Test
    void slightlyIrregularSpacingIsReportedWithoutGaps() {
        List<Plane> planes = List.of(Plane.axial(0).instance(1), Plane.axial(2).instance(2), Plane.axial(4.1).instance(3),
                Plane.axial(6).instance(4), Plane.axial(8).instance(5));
        StackReport r = SeriesPartition.of(shuffled(planes, 5)).stacks().getFirst().report();
        assertTrue(r.irregularSpacing());
        assertTrue(r.gaps().isEmpty());
        assertEquals(1.9, r.minSpacingMm(), 1e-9);
        assertEquals(2.1, r.maxSpacingMm(), 1e-9);
    }

    @Test
    void gantryTiltIsAShearWithPerSliceOrigins() {
        double t = Math.toRadians(20), d = 5;
        double[] tilted = {1, 0, 0, 0, Math.cos(t), Math.sin(t)};
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            Plane p = Plane.axial(0).orient(tilted).instance(k + 1);
            // the table moves along z only: Image Position advances along z, not along the normal
            planes.add(p.shift(0, 0, d * k));
        }
        Stack s = SeriesPartition.of(shuffled(planes, 6)).stacks().getFirst();
        StackReport r = s.report();
        assertTrue(r.sheared());
        assertEquals(20.0, r.shearDegrees(), 1e-9);
        // distance between planes: the z step projected on the normal (0, -sin t, cos t)
        assertEquals(d * Math.cos(t), r.nominalSpacingMm(), 1e-9);
        assertTrue(r.gaps().isEmpty() && !r.irregularSpacing() && r.duplicates().isEmpty());
        StackGeometry g = s.geometry();
        for (int k = 0; k < 8; k++) {
            Plane p = planes.get(k);
            // pixel (row 7, column 11) of slice k, from the plane's own attributes
            assertArrayEquals(p.patient(7, 11), g.patientPosition(11, 7, k), 1e-9);
        }
        // the nominal grid steps along the normal and misses the shear: off by d·k·sin t across
        double[] nominal = g.grid().patientPosition(11, 7, 7);
        double[] truth = planes.get(7).patient(7, 11);
        assertEquals(d * 7 * Math.sin(t), Vec3.norm(Vec3.sub(truth, nominal)), 1e-9);
    }

    @Test
    void twoTemporalPhasesBecomeTwoStacks() {
        List<Plane> planes = new ArrayList<>();
        for (int phase = 1; phase <= 2; phase++) {
            for (int k = 0; k < 5; k++) planes.add(Plane.axial(3 * k).instance(10 * phase + k).temporal(phase).acquisition(phase));
        }
        List<SeriesSlice> in = shuffled(planes, 7);
        SeriesPartition p = SeriesPartition.of(in);
        assertAccountedFor(p, in);
        assertEquals(2, p.stacks().size());
        for (int phase = 1; phase <= 2; phase++) {
            Stack s = p.stacks().get(phase - 1);
            assertEquals("TemporalPosition", s.report().splitBy());
            assertEquals(String.valueOf(phase), s.report().splitValue());
            assertEquals(List.of(0.0, 3.0, 6.0, 9.0, 12.0), zOf(s));
            int ph = phase;
            assertTrue(s.slices().stream().allMatch(x -> x.frame().temporalPosition() == ph));
            assertTrue(s.report().duplicates().isEmpty());
        }
    }

    @Test
    void oneAcquisitionPerSliceDoesNotSplitAStack() {
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 6; k++) planes.add(Plane.axial(2 * k).instance(k + 1).acquisition(k + 1).trigger(100.0 + k));
        SeriesPartition p = SeriesPartition.of(shuffled(planes, 8));
        assertEquals(1, p.stacks().size());
        assertEquals(6, p.stacks().getFirst().slices().size());
    }

    @Test
    void repeatedPositionsAreSplitByAcquisitionNumberOrTriggerTime() {
        List<Plane> byAcquisition = new ArrayList<>(), byTrigger = new ArrayList<>();
        for (int a = 1; a <= 2; a++) {
            for (int k = 0; k < 4; k++) {
                byAcquisition.add(Plane.axial(2 * k).instance(10 * a + k).acquisition(a));
                byTrigger.add(Plane.axial(2 * k).instance(10 * a + k).trigger(a * 350.0));
            }
        }
        SeriesPartition pa = SeriesPartition.of(shuffled(byAcquisition, 9));
        assertEquals(List.of("AcquisitionNumber", "AcquisitionNumber"), pa.stacks().stream().map(s -> s.report().splitBy()).toList());
        assertEquals(List.of("1", "2"), pa.stacks().stream().map(s -> s.report().splitValue()).toList());
        SeriesPartition pt = SeriesPartition.of(shuffled(byTrigger, 10));
        assertEquals(List.of("TriggerTime", "TriggerTime"), pt.stacks().stream().map(s -> s.report().splitBy()).toList());
        assertEquals(List.of("350.0", "700.0"), pt.stacks().stream().map(s -> s.report().splitValue()).toList());
        for (Stack s : pt.stacks()) assertEquals(4, s.slices().size());
    }

    @Test
    void localizersAreLeftOutFlaggedOrNot() {
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 12; k++) planes.add(Plane.axial(2 * k).instance(k + 3));
        planes.add(Plane.axial(0).orient(CORONAL).instance(1).type("ORIGINAL", "PRIMARY", "LOCALIZER"));
        planes.add(Plane.axial(0).orient(CORONAL).instance(2));             // a scout without the flag
        planes.add(Plane.axial(0).orient(new double[]{0, 1, 0, 0, 0, -1}).instance(99)); // sagittal scout
        List<SeriesSlice> in = shuffled(planes, 11);
        SeriesPartition p = SeriesPartition.of(in);
        assertAccountedFor(p, in);
        assertEquals(1, p.stacks().size());
        assertEquals(12, p.stacks().getFirst().slices().size());
        assertEquals(3, p.excluded().size());
        for (SeriesPartition.Excluded e : p.excluded()) {
            assertEquals(e.slice().ref().instanceNumber() == 1 ? SeriesPartition.Reason.LOCALIZER
                    : SeriesPartition.Reason.MINORITY_ORIENTATION, e.reason());
        }
    }

    @Test
    void twoOrientationsOfSimilarSizeAreTwoStacks() {
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 6; k++) planes.add(Plane.axial(2 * k).instance(k + 1));
        for (int k = 0; k < 5; k++) planes.add(Plane.axial(0).orient(CORONAL).instance(20 + k).shift(0, 4 * k, 0));
        SeriesPartition p = SeriesPartition.of(shuffled(planes, 12));
        assertEquals(List.of(6, 5), p.stacks().stream().map(s -> s.slices().size()).toList());
        assertTrue(p.excluded().isEmpty());
        // coronal normal (1,0,0) x (0,0,-1) = (0, 1, 0): sorted by y
        assertEquals(4.0, p.stacks().get(1).report().nominalSpacingMm(), 1e-9);
    }

    @Test
    void imagesAtOnePositionAreAFrameStackInTimeOrder() {
        List<Plane> planes = new ArrayList<>();
        int[] temporal = {5, 3, 1, 2, 4};
        for (int i = 0; i < temporal.length; i++) planes.add(Plane.axial(7).instance(i + 1).temporal(temporal[i]));
        List<SeriesSlice> in = shuffled(planes, 13);
        SeriesPartition p = SeriesPartition.of(in);
        assertAccountedFor(p, in);
        assertTrue(p.stacks().isEmpty());
        FrameStack f = p.frameStacks().getFirst();
        assertEquals(FrameStack.Reason.ONE_POSITION, f.reason());
        assertEquals(List.of(1, 2, 3, 4, 5), f.frames().stream().map(x -> x.frame().temporalPosition()).toList());
    }

    @Test
    void perSliceRescaleIsKeptPerSliceAndReported() {
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 4; k++) planes.add(Plane.axial(4 * k).instance(k + 1).rescale(0.5 + k, -10 * k));
        Stack s = SeriesPartition.of(shuffled(planes, 14)).stacks().getFirst();
        assertTrue(s.report().perSliceRescale());
        List<SliceSource> sources = s.sources();
        for (int k = 0; k < 4; k++) {
            assertEquals(0.5 + k, sources.get(k).rescaleSlope(), 0);
            assertEquals(-10.0 * k, sources.get(k).rescaleIntercept(), 0);
        }
    }

    @Test
    void imagesWithoutAPlaneOrInColourAreFrameStacks() {
        Plane flat = Plane.axial(0).instance(1);
        FrameAttributes noPlane = new FrameAttributes(1, null, null, null, null, 1, 0, null, null, null, null, null, null, null, null);
        List<SeriesSlice> in = new ArrayList<>();
        PixelDescription cine = new PixelDescription(8, 8, 3, 1, 8, 8, 7, false, "MONOCHROME2", 0, Tag.PixelData);
        for (int f = 3; f >= 1; f--) {
            FrameAttributes fa = new FrameAttributes(f, null, null, null, null, 1, 0, null, null, null, null, null, null, null, null);
            in.add(new SeriesSlice(new SliceRef("1.9.1", 1, f), fa, cine, () -> new byte[64]));
        }
        PixelDescription rgb = new PixelDescription(8, 8, 1, 3, 8, 8, 7, false, "RGB", 0, Tag.PixelData);
        in.add(new SeriesSlice(new SliceRef("1.9.2", 2, 1), noPlane, rgb, () -> new byte[192]));
        in.add(slice(flat));
        SeriesPartition p = SeriesPartition.of(in);
        assertAccountedFor(p, in);
        assertEquals(1, p.stacks().size());
        assertEquals(List.of(FrameStack.Reason.NO_PLANE, FrameStack.Reason.NOT_MONOCHROME),
                p.frameStacks().stream().map(FrameStack::reason).toList());
        assertEquals(List.of(1, 2, 3), p.frameStacks().getFirst().frames().stream().map(x -> x.ref().frameNumber()).toList());
    }
}
