package io.radstream.volume.phantom;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.TransferSyntax;
import io.radstream.volume.dicom.UID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CtPhantomTest {
    /** Tolerance for the mean of a 5 x 5 neighbourhood: noise sigma 9 / 5 = 1.8 HU, so 10 HU is > 5 sigma. */
    private static final double MEAN_TOLERANCE = 10;
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path dir;

    static CtPhantom.Spec axialSpec, obliqueSpec;
    static CtPhantom.PhantomSeries axial, oblique;

    @BeforeAll
    static void writePhantoms() throws IOException {
        axialSpec = CtPhantom.Spec.defaults(4);
        axial = CtPhantom.write(axialSpec, dir.resolve("axial"));
        // non-square pixels, rotated 10 degrees in-plane and tilted 20 degrees toward the head,
        // centred so that the middle slice passes through the centre of the descending aorta
        obliqueSpec = CtPhantom.Spec.defaults(3).withPixelSpacing(0.6, 0.9)
                .withOrientation(oblique(Math.toRadians(10), Math.toRadians(20))).withCentre(22, 40, 0);
        oblique = CtPhantom.write(obliqueSpec, dir.resolve("oblique"));
    }

    static double[] oblique(double inPlane, double tilt) {
        double[] row = {Math.cos(inPlane), Math.sin(inPlane), 0};
        double[] col = {-Math.sin(inPlane) * Math.cos(tilt), Math.cos(inPlane) * Math.cos(tilt), Math.sin(tilt)};
        return new double[]{row[0], row[1], row[2], col[0], col[1], col[2]};
    }

    // ---- files and attributes ----

    @Test
    void writesOneFileNamedBySlicePerSlice() {
        assertEquals(List.of("CT000001.dcm", "CT000002.dcm", "CT000003.dcm", "CT000004.dcm"),
                axial.files().stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(axial.files().stream().allMatch(Files::isRegularFile));
        assertEquals(dir.resolve("axial"), axial.files().getFirst().getParent());
    }

    @Test
    void seriesAttributesDescribeOneCtSeries() throws Exception {
        Set<String> instances = new HashSet<>();
        Set<String> frames = new HashSet<>();
        for (int i = 0; i < axial.files().size(); i++) {
            try (DicomFile f = DicomReader.read(axial.files().get(i))) {
                Attributes ds = f.dataSet(), meta = f.fileMeta();
                assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, f.transferSyntax());
                assertEquals(UID.CTImageStorage, ds.getString(Tag.SOPClassUID));
                assertEquals(UID.CTImageStorage, meta.getString(Tag.MediaStorageSOPClassUID));
                assertEquals(ds.getString(Tag.SOPInstanceUID), meta.getString(Tag.MediaStorageSOPInstanceUID));
                instances.add(ds.getString(Tag.SOPInstanceUID));
                frames.add(ds.getString(Tag.FrameOfReferenceUID));
                assertEquals(axial.studyInstanceUid(), ds.getString(Tag.StudyInstanceUID));
                assertEquals(axial.seriesInstanceUid(), ds.getString(Tag.SeriesInstanceUID));
                assertTrue(ds.getString(Tag.StudyInstanceUID).startsWith("2.25."));
                assertEquals(i + 1, ds.getInt(Tag.InstanceNumber, -1));
                assertEquals("ISO_IR 100", ds.getString(Tag.SpecificCharacterSet));
                assertArrayEquals(new String[]{"ORIGINAL", "PRIMARY", "AXIAL"}, ds.getStrings(Tag.ImageType));
                assertEquals("CT", ds.getString(Tag.Modality));
                assertEquals("Radstream", ds.getString(Tag.Manufacturer));
                assertEquals("PHANTOM^CT", ds.getString(Tag.PatientName));
                assertEquals("Phantom CT chest/abdomen", ds.getString(Tag.StudyDescription));
                assertTrue(ds.contains(Tag.ReferringPhysicianName) && !ds.hasValue(Tag.ReferringPhysicianName));
                assertTrue(ds.contains(Tag.PositionReferenceIndicator));
                assertEquals("MONOCHROME2", ds.getString(Tag.PhotometricInterpretation));
                assertEquals(1, ds.getInt(Tag.SamplesPerPixel, 0));
                assertEquals(16, ds.getInt(Tag.BitsAllocated, 0));
                assertEquals(16, ds.getInt(Tag.BitsStored, 0));
                assertEquals(15, ds.getInt(Tag.HighBit, 0));
                assertEquals(1, ds.getInt(Tag.PixelRepresentation, 0));
                assertEquals(-1024, ds.getDouble(Tag.RescaleIntercept, 0));
                assertEquals(1, ds.getDouble(Tag.RescaleSlope, 0));
                assertEquals("HU", ds.getString(Tag.RescaleType));
                assertEquals(120, ds.getDouble(Tag.KVP, 0));
                assertArrayEquals(new double[]{40, -600}, ds.getDoubles(Tag.WindowCenter));
                assertArrayEquals(new double[]{400, 1500}, ds.getDoubles(Tag.WindowWidth));
                assertArrayEquals(new String[]{"SOFT TISSUE", "LUNG"}, ds.getStrings(Tag.WindowCenterWidthExplanation));
            }
        }
        assertEquals(4, instances.size(), "SOP Instance UIDs are unique");
        assertEquals(1, frames.size(), "one frame of reference");
    }

    @Test
    void geometryAttributesEqualTheSpec() throws Exception {
        for (var run : List.of(new Object[]{axialSpec, axial}, new Object[]{obliqueSpec, oblique})) {
            CtPhantom.Spec spec = (CtPhantom.Spec) run[0];
            CtPhantom.PhantomSeries series = (CtPhantom.PhantomSeries) run[1];
            assertEquals(spec.slices(), series.files().size());
            for (int i = 0; i < spec.slices(); i++) {
                try (DicomFile f = DicomReader.read(series.files().get(i))) {
                    Attributes ds = f.dataSet();
                    assertEquals(spec.rows(), ds.getInt(Tag.Rows, 0));
                    assertEquals(spec.columns(), ds.getInt(Tag.Columns, 0));
                    assertArrayEquals(new double[]{spec.rowSpacingMm(), spec.columnSpacingMm()}, ds.getDoubles(Tag.PixelSpacing));
                    assertArrayEquals(spec.orientation(), ds.getDoubles(Tag.ImageOrientationPatient), 1e-12);
                    assertArrayEquals(spec.slicePosition(i), ds.getDoubles(Tag.ImagePositionPatient), 1e-9);
                    assertEquals(spec.sliceSpacingMm(), ds.getDouble(Tag.SliceThickness, 0));
                    double along = dot(spec.slicePosition(i), spec.normal());
                    assertEquals(along, ds.getDouble(Tag.SliceLocation, Double.NaN), 1e-9);
                }
            }
        }
    }

    @Test
    void defaultsCentreTheVolumeAndCopiesKeepTheCentre() {
        CtPhantom.Spec d = CtPhantom.Spec.defaults(4);
        assertArrayEquals(new double[]{-178.85, -178.85, -1.875}, d.firstPosition(), 1e-9);
        assertArrayEquals(new double[]{1, 0, 0, 0, 1, 0}, d.orientation());
        assertArrayEquals(new double[]{0, 0, 1}, d.normal());
        assertArrayEquals(new double[]{0, 0, 0}, d.centre(), 1e-9);
        assertArrayEquals(new double[]{0, 0, 0}, d.withSlices(9).centre(), 1e-9);
        assertArrayEquals(new double[]{0, 0, 0}, d.withPixelSpacing(0.6, 0.9).centre(), 1e-9);
        assertArrayEquals(new double[]{0, 0, 0}, d.withOrientation(oblique(0.3, 0.4)).centre(), 1e-9);
        assertArrayEquals(new double[]{22, 40, 0}, obliqueSpec.centre(), 1e-9);
        assertEquals(d, CtPhantom.Spec.defaults(4));
        assertThrows(IllegalArgumentException.class, () -> d.withOrientation(new double[]{1, 0, 0, 0.1, 1, 0}));
        assertThrows(IllegalArgumentException.class, () -> d.withPixelSpacing(0, 1));
        assertThrows(IllegalArgumentException.class, () -> d.withSlices(0));
    }

    // ---- pixel content ----

    @Test
    void hounsfieldValuesAtAnatomicalLandmarks() throws Exception {
        Slice s = Slice.read(axial.files().get(1)); // z = -0.625
        double z = s.position[2];
        assertEquals(-0.625, z, 1e-9);
        assertLandmark(s, 22, 40, "descending aorta", 350);
        assertLandmark(s, -78, -5, "right lung", -850);
        assertLandmark(s, -100, -60, "right lung", -850);
        assertLandmark(s, 22, -30, "cardiac blood pool", 280);
        assertLandmark(s, 0, -124, "subcutaneous fat", -100);
        assertEquals(-1000, s.neighbourhoodMean(2, 2), MEAN_TOLERANCE, "air in the corner");
    }

    @Test
    void kidneysAndLiverEnhanceInTheLowerSlices(@TempDir Path out) throws Exception {
        CtPhantom.Spec abdomen = CtPhantom.Spec.defaults(1).withCentre(0, 0, -130);
        Slice s = Slice.read(CtPhantom.write(abdomen, out).files().getFirst());
        assertLandmark(s, -72, 60, "kidney", 170);
        assertLandmark(s, -55, 0, "liver", 60);
        assertLandmark(s, 0, 70, "vertebral body (cancellous)", 250);
    }

    @Test
    void obliqueNonSquareSliceSamplesTheSameAnatomy() throws Exception {
        Slice s = Slice.read(oblique.files().get(1));
        double[] rc = s.pixelNearest(22, 40, 0);
        assertTrue(Math.abs(s.distanceFromPlane(22, 40, 0)) < 1e-6, "middle slice contains the aorta centre");
        assertEquals(350, s.neighbourhoodMean((int) rc[0], (int) rc[1]), MEAN_TOLERANCE);
        assertEquals("descending aorta", CtPhantom.structureAt(22, 40, 0));
    }

    /**
     * Every pixel, placed at the patient position its file declares (IPP, IOP, PixelSpacing),
     * holds the model's value there plus noise of the stated size: catches swapped spacings,
     * transposed directions and wrong slice positions.
     */
    @Test
    void pixelsEqualTheModelAtTheDeclaredPatientPositionsPlusNoise() throws Exception {
        for (CtPhantom.PhantomSeries series : List.of(axial, oblique)) {
            for (Path file : series.files()) {
                Slice s = Slice.read(file);
                double sum = 0, sumSq = 0;
                int n = 0;
                for (int r = 0; r < s.rows; r += 3) {
                    for (int c = 0; c < s.columns; c += 3) {
                        double[] p = s.patientPosition(r, c);
                        double diff = s.hu(r, c) - CtPhantom.huAt(p[0], p[1], p[2]);
                        assertTrue(Math.abs(diff) <= 60, () -> file.getFileName() + " differs from the model by " + diff);
                        sum += diff;
                        sumSq += diff * diff;
                        n++;
                    }
                }
                double mean = sum / n, sigma = Math.sqrt(sumSq / n - mean * mean);
                assertEquals(0, mean, 0.5, "noise is unbiased");
                assertEquals(NoiseField.SIGMA_HU, sigma, 1.0, "noise sigma");
            }
        }
    }

    @Test
    void noiseIsDeterministicPerSeed() {
        CtPhantom.Spec small = CtPhantom.Spec.defaults(2).withMatrix(64, 64).withPixelSpacing(5, 5);
        assertArrayEquals(CtPhantom.renderSlice(small, 1), CtPhantom.renderSlice(small, 1));
        assertFalse(Arrays.equals(CtPhantom.renderSlice(small, 1), CtPhantom.renderSlice(small.withSeed(2), 1)));
        assertFalse(Arrays.equals(CtPhantom.renderSlice(small, 0), CtPhantom.renderSlice(small, 1)));
    }

    @Test
    void scrollingShowsChange() {
        // the descending aorta narrows and moves toward the midline in the abdomen
        assertEquals("descending aorta", CtPhantom.structureAt(22, 40, 0));
        assertNotEquals("descending aorta", CtPhantom.structureAt(22, 40, -150));
        assertEquals("descending aorta", CtPhantom.structureAt(7, 36, -150));
        // vertebral bodies alternate with discs
        Set<String> spine = new HashSet<>();
        for (double z = 0; z < 30; z += 1) spine.add(CtPhantom.structureAt(0, 70, z));
        assertEquals(Set.of("intervertebral disc", "vertebral body (cancellous)"), spine);
    }

    // ---- independent readers and validators ----

    @Test
    void dciodvfyReportsNoErrors() throws Exception {
        Assumptions.assumeTrue(onPath("dciodvfy"), "dciodvfy not installed: apt-get install dicom3tools");
        for (Path file : List.of(axial.files().getFirst(), oblique.files().get(1))) {
            Result r = run("dciodvfy", file.toString());
            List<String> errors = r.output.lines().filter(l -> l.startsWith("Error")).toList();
            assertTrue(errors.isEmpty(), () -> file.getFileName() + ":\n" + r.output);
        }
    }

    @Test
    void dcmdumpReadsTheFile() throws Exception {
        Assumptions.assumeTrue(onPath("dcmdump"), "dcmdump not installed: apt-get install dcmtk");
        Result r = run("dcmdump", "-q", oblique.files().get(1).toString());
        assertEquals(0, r.exit, r.output);
        assertFalse(r.output.contains("E: "), r.output);
        assertTrue(r.output.contains("(0028,0030) DS [0.6\\0.9]"), r.output);
    }

    @Test
    void dcm2pnmConvertsTheFile(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(onPath("dcm2pnm"), "dcm2pnm not installed: apt-get install dcmtk");
        Path png = out.resolve("slice.png");
        Result r = run("dcm2pnm", "--write-png", "+Wi", "1", axial.files().get(1).toString(), png.toString());
        assertEquals(0, r.exit, r.output);
        assertTrue(Files.size(png) > 0);
    }

    /** pydicom, an implementation independent of ours, sees the same matrix, spacing and pixel values. */
    @Test
    void pydicomReadsTheSameGeometryAndPixels() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON))
                && run(PYTHON, "-c", "import pydicom, numpy").exit == 0, "pydicom not available to /usr/bin/python3");
        Path file = oblique.files().get(1);
        Slice s = Slice.read(file);
        double[] aorta = s.pixelNearest(22, 40, 0);
        int[][] pixels = {{(int) aorta[0], (int) aorta[1]}, {3, 500}, {400, 17}};
        StringBuilder coords = new StringBuilder();
        for (int[] p : pixels) coords.append(p[0]).append(',').append(p[1]).append(' ');
        String script = """
                import sys, pydicom
                ds = pydicom.dcmread(sys.argv[1])
                a = ds.pixel_array
                print(ds.Rows, ds.Columns, float(ds.PixelSpacing[0]), float(ds.PixelSpacing[1]), a.shape[0], a.shape[1])
                for rc in sys.argv[2].split():
                    r, c = map(int, rc.split(','))
                    print(int(a[r, c]))
                """;
        Result r = run(PYTHON, "-c", script, file.toString(), coords.toString().trim());
        assertEquals(0, r.exit, r.output);
        String[] lines = r.output.strip().split("\n");
        String[] head = lines[0].trim().split(" ");
        assertEquals(obliqueSpec.rows(), Integer.parseInt(head[0]));
        assertEquals(obliqueSpec.columns(), Integer.parseInt(head[1]));
        assertEquals(0.6, Double.parseDouble(head[2]));
        assertEquals(0.9, Double.parseDouble(head[3]));
        assertEquals(obliqueSpec.rows(), Integer.parseInt(head[4]), "numpy rows");
        for (int i = 0; i < pixels.length; i++) {
            int stored = Integer.parseInt(lines[i + 1].trim());
            assertEquals(s.stored(pixels[i][0], pixels[i][1]), stored, "stored value at " + Arrays.toString(pixels[i]));
        }
        int aortaStored = Integer.parseInt(lines[1].trim());
        assertEquals(350 + 1024, aortaStored, 45, "stored value = HU + 1024 in the aorta");
    }

    // ---- helpers ----

    private static void assertLandmark(Slice s, double x, double y, String structure, int hu) {
        double z = s.planeZ(x, y);
        double[] rc = s.pixelNearest(x, y, z);
        int r = (int) rc[0], c = (int) rc[1];
        for (int dr = -2; dr <= 2; dr++) {
            for (int dc = -2; dc <= 2; dc++) {
                double[] p = s.patientPosition(r + dr, c + dc);
                assertEquals(structure, CtPhantom.structureAt(p[0], p[1], p[2]), "landmark neighbourhood");
            }
        }
        assertEquals(hu, s.neighbourhoodMean(r, c), MEAN_TOLERANCE, structure);
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    /** One slice as read by our reader: geometry from its own attributes, HU through its rescale. */
    private static final class Slice {
        final int rows, columns;
        final double[] position, rowDir, colDir, normal;
        final double rowSpacing, colSpacing, slope, intercept;
        final short[] stored;

        private Slice(Attributes ds, byte[] pixelData) {
            rows = ds.getInt(Tag.Rows, 0);
            columns = ds.getInt(Tag.Columns, 0);
            position = ds.getDoubles(Tag.ImagePositionPatient);
            double[] o = ds.getDoubles(Tag.ImageOrientationPatient);
            rowDir = Arrays.copyOfRange(o, 0, 3);
            colDir = Arrays.copyOfRange(o, 3, 6);
            normal = new double[]{rowDir[1] * colDir[2] - rowDir[2] * colDir[1],
                    rowDir[2] * colDir[0] - rowDir[0] * colDir[2], rowDir[0] * colDir[1] - rowDir[1] * colDir[0]};
            double[] spacing = ds.getDoubles(Tag.PixelSpacing);
            rowSpacing = spacing[0];
            colSpacing = spacing[1];
            slope = ds.getDouble(Tag.RescaleSlope, 1);
            intercept = ds.getDouble(Tag.RescaleIntercept, 0);
            stored = new short[rows * columns];
            ByteBuffer.wrap(pixelData).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(stored);
        }

        static Slice read(Path file) throws Exception {
            try (DicomFile f = DicomReader.read(file)) {
                DicomValue.BulkData bulk = (DicomValue.BulkData) f.dataSet().get(Tag.PixelData).value();
                return new Slice(f.dataSet(), f.read(bulk));
            }
        }

        int stored(int r, int c) { return stored[r * columns + c]; }

        double hu(int r, int c) { return stored(r, c) * slope + intercept; }

        double[] patientPosition(double r, double c) {
            double[] p = new double[3];
            for (int a = 0; a < 3; a++) p[a] = position[a] + c * colSpacing * rowDir[a] + r * rowSpacing * colDir[a];
            return p;
        }

        /** The (row, column) of the pixel centre nearest to the projection of a patient point. */
        double[] pixelNearest(double x, double y, double z) {
            double[] d = {x - position[0], y - position[1], z - position[2]};
            return new double[]{Math.round(dot(d, colDir) / rowSpacing), Math.round(dot(d, rowDir) / colSpacing)};
        }

        double distanceFromPlane(double x, double y, double z) {
            return dot(new double[]{x - position[0], y - position[1], z - position[2]}, normal);
        }

        /** z of the plane above (x, y). */
        double planeZ(double x, double y) {
            return position[2] - ((x - position[0]) * normal[0] + (y - position[1]) * normal[1]) / normal[2];
        }

        double neighbourhoodMean(int r, int c) {
            double sum = 0;
            for (int dr = -2; dr <= 2; dr++) for (int dc = -2; dc <= 2; dc++) sum += hu(r + dr, c + dc);
            return sum / 25;
        }
    }

    private record Result(int exit, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        List<Path> dirs = new ArrayList<>();
        for (String d : path.split(File.pathSeparator)) if (!d.isEmpty()) dirs.add(Path.of(d));
        return dirs.stream().anyMatch(d -> Files.isExecutable(d.resolve(tool)));
    }
}
