package io.radstream.volume.phantom;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.TransferSyntax;
import io.radstream.volume.dicom.UID;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.frames.FrameAttributesReader;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.series.FileSlices;
import io.radstream.volume.series.SeriesPartition;
import io.radstream.volume.series.Stack;
import io.radstream.volume.series.StackLoader;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import io.radstream.volume.testdata.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DBT phantom at a small size (160 x 124 x 12, 1.54 mm pixels, 5.5 mm slices: same field of
 * view and thickness as the full 2457 x 1890 x 66): a valid Breast Tomosynthesis object whose frames
 * sit along the detector normal and show a breast, with each lesion in focus at its own depth.
 */
class DbtPhantomTest {
    static final DbtPhantom.Spec SPEC = DbtPhantom.Spec.defaults().withMatrix(160, 124, 12);

    @TempDir
    static Path dir;
    static DbtPhantom.PhantomObject right, left;
    static short[][] frames;

    @BeforeAll
    static void write() throws Exception {
        right = DbtPhantom.write(SPEC, dir.resolve("R"), 2);
        left = DbtPhantom.write(SPEC.withLaterality("L"), dir.resolve("L"), 2);
        frames = new short[SPEC.frames()][];
        try (DicomFile f = DicomReader.read(right.file())) {
            FrameReader reader = new FrameReader(f);
            for (int k = 0; k < SPEC.frames(); k++) {
                frames[k] = new short[SPEC.rows() * SPEC.columns()];
                ByteBuffer.wrap(reader.frame(k)).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(frames[k]);
            }
        }
    }

    @Test
    void defaultIsAFullSizeView() {
        DbtPhantom.Spec d = DbtPhantom.Spec.defaults();
        assertEquals(List.of(2457, 1890, 66), List.of(d.rows(), d.columns(), d.frames()));
        assertEquals(0.1, d.pixelSpacingMm());
        assertEquals(66.0, d.thicknessMm(), 1e-12);
        assertEquals(612_972_360L, d.pixelBytes()); // 2457 · 1890 · 2 · 66
        assertEquals(1.536, SPEC.pixelSpacingMm(), 1e-3); // max(245.7 / 160, 189 / 124)
        assertEquals(5.5, SPEC.sliceSpacingMm(), 1e-12);
    }

    @Test
    void dciodvfyReportsNoErrors() throws Exception {
        Assumptions.assumeTrue(Tools.onPath("dciodvfy"), "dciodvfy not installed: apt-get install dicom3tools");
        for (Path file : List.of(right.file(), left.file())) {
            Tools.Result r = Tools.run("dciodvfy", file.toString());
            assertTrue(r.output().contains("BreastTomosynthesisImage"), r.output());
            List<String> errors = r.output().lines().filter(l -> l.startsWith("Error")).toList();
            assertTrue(errors.isEmpty(), () -> file + ":\n" + r.output());
        }
    }

    @Test
    void oneTenBitBreastTomosynthesisObject() throws Exception {
        try (DicomFile f = DicomReader.read(right.file())) {
            Attributes ds = f.dataSet();
            assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, f.transferSyntax());
            assertEquals(UID.BreastTomosynthesisImageStorage, ds.getString(Tag.SOPClassUID));
            assertEquals(right.sopInstanceUid(), ds.getString(Tag.SOPInstanceUID));
            assertEquals("MG", ds.getString(Tag.Modality));
            assertEquals(12, ds.getInt(Tag.NumberOfFrames, 0));
            assertEquals(List.of(160, 124, 16, 10, 9, 0), List.of(ds.getInt(Tag.Rows, 0), ds.getInt(Tag.Columns, 0),
                    ds.getInt(Tag.BitsAllocated, 0), ds.getInt(Tag.BitsStored, 0), ds.getInt(Tag.HighBit, 0),
                    ds.getInt(Tag.PixelRepresentation, -1)));
            assertEquals("MONOCHROME2", ds.getString(Tag.PhotometricInterpretation));
            assertArrayEquals(new String[]{"DERIVED", "PRIMARY", "TOMOSYNTHESIS", "NONE"}, ds.getStrings(Tag.ImageType));
            Attributes anatomy = ds.getItem(Tag.SharedFunctionalGroupsSequence).getItem(Tag.FrameAnatomySequence);
            assertEquals("R", anatomy.getString(Tag.FrameLaterality));
            assertEquals("399162004", ds.getItem(Tag.ViewCodeSequence).getString(Tag.CodeValue));
            assertEquals(12, ds.getSequence(Tag.PerFrameFunctionalGroupsSequence).size());
        }
        for (short[] frame : frames) {
            for (short v : frame) assertTrue(v >= 0 && v <= 1023, "10-bit value " + v);
        }
    }

    /**
     * Frames are parallel planes 5.5 mm apart along the detector normal +z. For a right CC view rows
     * run posterior (0,1,0) and columns to the patient's left (1,0,0); for a left CC view anterior
     * and right. Both image normals are row × column = (0,0,−1): the detector normal reversed.
     */
    @Test
    void framePositionsAdvanceAlongTheDetectorNormal() throws Exception {
        for (var run : List.of(new Object[]{right, new double[]{0, 1, 0, 1, 0, 0}}, new Object[]{left, new double[]{0, -1, 0, -1, 0, 0}})) {
            DbtPhantom.PhantomObject object = (DbtPhantom.PhantomObject) run[0];
            List<FrameAttributes> fs;
            try (DicomFile f = DicomReader.read(object.file())) {
                fs = FrameAttributesReader.read(f.dataSet());
            }
            double[] first = fs.getFirst().imagePosition();
            for (FrameAttributes f : fs) {
                assertArrayEquals((double[]) run[1], f.imageOrientation(), 0);
                assertArrayEquals(new double[]{SPEC.pixelSpacingMm(), SPEC.pixelSpacingMm()}, f.pixelSpacing(), 1e-12);
                assertEquals(5.5, f.sliceThickness(), 1e-12);
                double[] p = f.imagePosition();
                int k = f.frameNumber() - 1;
                assertArrayEquals(new double[]{first[0], first[1], first[2] + 5.5 * k}, p, 1e-9);
                assertEquals(k + 1, f.inStackPosition());
            }
            // the first frame lies half a slice above the detector surface, z = 20 mm
            assertEquals(20 + 2.75, first[2], 1e-9);
        }
    }

    /** Outside the outline: air. The outline itself: skin. Inside: fat and glandular tissue. Smaller near paddle and detector. */
    @Test
    void framesShowACompressedBreast() {
        int middle = 6;
        double[] p0 = DbtPhantom.framePosition(SPEC, middle);
        double ps = SPEC.pixelSpacingMm();
        int agree = 0, inside = 0, n = SPEC.rows() * SPEC.columns();
        for (int r = 0; r < SPEC.rows(); r++) {
            for (int c = 0; c < SPEC.columns(); c++) {
                // right CC: column c is c·ps posterior of the first, row r is r·ps to the left
                String s = DbtPhantom.structureAt(SPEC, p0[0] + r * ps, p0[1] + c * ps, p0[2]);
                int v = frames[middle][r * SPEC.columns() + c];
                boolean air = s.equals("air");
                if (air == (v < 150)) agree++;
                if (!air) inside++;
            }
        }
        assertTrue(agree >= 0.995 * n, agree + " of " + n + " pixels are air exactly where the model has air");
        assertTrue(inside > 0.25 * n && inside < 0.6 * n, "breast covers " + inside + " of " + n);
        // the chest wall is at the right edge (last column): the middle row is breast there, air at the far left
        int mid = SPEC.rows() / 2;
        assertTrue(frames[middle][mid * SPEC.columns() + SPEC.columns() - 1] > 150);
        assertTrue(frames[middle][mid * SPEC.columns()] < 150);
        // along the middle row from the air side, the first tissue is skin (470 ± noise)
        int c = 0;
        while (frames[middle][mid * SPEC.columns() + c] < 150) c++;
        assertEquals(470, frames[middle][mid * SPEC.columns() + c], 25, "skin line");
        // rounded edge: the frame next to the detector shows less breast than the middle one
        assertTrue(breastPixels(0) < 0.9 * breastPixels(middle));
        // texture: fat and glandular tissue both present
        long fat = 0, gland = 0;
        for (short v : frames[middle]) {
            if (Math.abs(v - 250) < 20) fat++;
            if (Math.abs(v - 540) < 20) gland++;
        }
        assertTrue(fat > 200 && gland > 200, fat + " fat, " + gland + " glandular pixels");
    }

    private static int breastPixels(int k) {
        int n = 0;
        for (short v : frames[k]) if (v >= 150) n++;
        return n;
    }

    /** Each lesion is sharp on the frame at its depth, absent on frames far from it. */
    @Test
    void lesionsAreInFocusOnlyAtTheirDepth() {
        double[] p0 = DbtPhantom.framePosition(SPEC, 0);
        double ps = SPEC.pixelSpacingMm();
        List<DbtPhantom.Lesion> lesions = DbtPhantom.lesions(SPEC);
        assertEquals(2, lesions.stream().filter(l -> !l.calcification()).count());
        assertEquals(17, lesions.stream().filter(DbtPhantom.Lesion::calcification).count());
        for (DbtPhantom.Lesion l : lesions) {
            double[] c = l.patientCentre();
            // pixel of the centre from the frame attributes: rows along +x, columns along +y, frames along +z
            int row = (int) Math.round((c[0] - p0[0]) / ps), col = (int) Math.round((c[1] - p0[1]) / ps);
            int focus = (int) Math.round((c[2] - p0[2]) / 5.5);
            int value = frames[focus][row * SPEC.columns() + col];
            int expected = l.calcification() ? 980 : 650;
            assertEquals(expected, value, 25, l.name() + " at its depth (frame " + (focus + 1) + ")");
            int far = focus >= 6 ? 0 : 11; // at least 27 mm away
            assertTrue(frames[far][row * SPEC.columns() + col] < 620, l.name() + " must not show on frame " + (far + 1));
        }
    }

    /** Pixels equal the noise-free model at the positions the header declares, plus noise of sigma 5. */
    @Test
    void pixelsFollowTheModelAtTheirDeclaredPositions() {
        double ps = SPEC.pixelSpacingMm();
        double sum = 0, sumSq = 0;
        int n = 0, far = 0;
        for (int k = 0; k < SPEC.frames(); k += 3) {
            double[] p0 = DbtPhantom.framePosition(SPEC, k);
            for (int r = 1; r < SPEC.rows(); r += 4) {
                for (int c = 2; c < SPEC.columns(); c += 4) {
                    double d = frames[k][r * SPEC.columns() + c] - DbtPhantom.valueAt(SPEC, p0[0] + r * ps, p0[1] + c * ps, p0[2]);
                    sum += d;
                    sumSq += d * d;
                    if (Math.abs(d) > 40) far++;
                    n++;
                }
            }
        }
        double mean = sum / n, sigma = Math.sqrt(sumSq / n - mean * mean);
        assertEquals(0, mean, 1.0);
        assertTrue(sigma < 8, "sigma " + sigma + " (noise 5, plus texture interpolation)");
        assertTrue(far < n / 100, far + " of " + n + " differ by more than 40");
    }

    @Test
    void renderingIsDeterministicPerSeed() {
        assertArrayEquals(frames[4], DbtPhantom.renderFrame(SPEC, 4));
        assertFalse(Arrays.equals(frames[4], DbtPhantom.renderFrame(SPEC.withSeed(2), 4)));
    }

    /** The object is one volume: frames sorted along the image normal (0,0,−1), so slice k is frame 12 − k. */
    @Test
    void readsBackAsOneVolume() throws Exception {
        SeriesPartition p = SeriesPartition.of(FileSlices.read(List.of(right.file())));
        assertEquals(1, p.stacks().size());
        Stack s = p.stacks().getFirst();
        assertTrue(s.report().clean(), s.report().summary());
        assertEquals(5.5, s.report().nominalSpacingMm(), 1e-9);
        try (VolumeLoader loader = new VolumeLoader(2)) {
            Volume v = StackLoader.load(s, loader);
            try {
                assertFalse(v.signed());
                assertArrayEquals(new double[]{0, 0, -1}, v.geometry().normal(), 1e-12);
                assertArrayEquals(new double[]{450, 900}, v.defaultWindow(), 0);
                for (int k = 0; k < 12; k++) {
                    short[] frame = frames[11 - k];
                    for (int j = 0; j < SPEC.rows(); j += 7) {
                        for (int i = 0; i < SPEC.columns(); i += 5) assertEquals(frame[j * SPEC.columns() + i], v.stored(i, j, k));
                    }
                }
            } finally {
                v.release();
            }
        }
    }

    /** pydicom, independent of our reader, sees the same per-frame position and pixels. */
    @Test
    void pydicomReadsTheSameFramesAndPositions() throws Exception {
        Assumptions.assumeTrue(Tools.pydicom(), "pydicom not available to /usr/bin/python3");
        String script = """
                import sys, pydicom
                ds = pydicom.dcmread(sys.argv[1])
                a = ds.pixel_array
                f = ds.PerFrameFunctionalGroupsSequence[7].PlanePositionSequence[0].ImagePositionPatient
                print(a.shape[0], a.shape[1], a.shape[2], ds.BitsStored, *[float(x) for x in f])
                print(int(a[7, 80, 60]), int(a[2, 10, 123]), int(a.max()))
                """;
        Tools.Result r = Tools.run(Tools.PYTHON, "-c", script, right.file().toString());
        assertEquals(0, r.exit(), r.output());
        String[] l0 = r.output().lines().toList().get(0).trim().split(" ");
        String[] l1 = r.output().lines().toList().get(1).trim().split(" ");
        assertEquals(List.of("12", "160", "124", "10"), Arrays.asList(l0).subList(0, 4));
        double[] p7 = DbtPhantom.framePosition(SPEC, 7);
        for (int a = 0; a < 3; a++) assertEquals(p7[a], Double.parseDouble(l0[4 + a]), 1e-9);
        assertEquals(frames[7][80 * 124 + 60], Integer.parseInt(l1[0]));
        assertEquals(frames[2][10 * 124 + 123], Integer.parseInt(l1[1]));
        int max = 0;
        for (short[] f : frames) for (short v : f) max = Math.max(max, v);
        assertEquals(max, Integer.parseInt(l1[2]));
    }
}
