package io.radstream.volume.phantom;

import io.radstream.volume.dicom.DicomWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A synthetic contrast-enhanced CT of the chest and abdomen, written as a series of CT Image
 * Storage files (one per slice) in Explicit VR Little Endian.
 *
 * <p>The anatomy ({@link TorsoAnatomy}) is defined in patient coordinates, and each pixel is
 * sampled at its patient position (PS3.3 §C.7.6.2.1.1):
 * {@code firstPosition + column * columnSpacing * rowDirection + row * rowSpacing * columnDirection
 * + slice * sliceSpacing * normal}, with {@code normal = rowDirection x columnDirection}. A
 * non-square, oblique or differently placed acquisition therefore shows the same body.
 */
public final class CtPhantom {
    private CtPhantom() {}

    /**
     * The acquisition geometry and who the "patient" is.
     *
     * @param slices          number of images
     * @param rows            Rows (0028,0010)
     * @param columns         Columns (0028,0011)
     * @param rowSpacingMm    distance between adjacent rows, PixelSpacing[0]
     * @param columnSpacingMm distance between adjacent columns, PixelSpacing[1]
     * @param sliceSpacingMm  distance between slice planes along the normal; also Slice Thickness
     * @param orientation     Image Orientation (Patient): row direction then column direction, unit and orthogonal
     * @param firstPosition   Image Position (Patient) of slice 1: centre of its first pixel, mm
     * @param patient         Patient Module values
     * @param seed            noise seed: equal seeds give equal pixels
     */
    public record Spec(int slices, int rows, int columns, double rowSpacingMm, double columnSpacingMm,
                       double sliceSpacingMm, double[] orientation, double[] firstPosition, PatientInfo patient,
                       long seed) {

        /** Standard axial orientation: rows along +x (patient left), columns along +y (posterior). */
        public static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

        public Spec {
            if (slices < 1 || rows < 1 || columns < 1 || rows > 0xFFFF || columns > 0xFFFF) {
                throw new IllegalArgumentException("need at least one slice, and 1..65535 rows and columns");
            }
            if (!(rowSpacingMm > 0 && columnSpacingMm > 0 && sliceSpacingMm > 0)
                    || !Double.isFinite(rowSpacingMm + columnSpacingMm + sliceSpacingMm)) {
                throw new IllegalArgumentException("spacings must be positive and finite");
            }
            orientation = checkOrientation(orientation);
            if (firstPosition == null || firstPosition.length != 3) throw new IllegalArgumentException("firstPosition needs 3 values");
            firstPosition = firstPosition.clone();
            Objects.requireNonNull(patient, "patient");
        }

        /**
         * 512 x 512 axial slices of 0.7 mm square pixels, 1.25 mm apart, centred on the patient
         * origin (mid-chest): pixel centres are symmetric about x = y = 0 and the slices about z = 0.
         * With the axial normal +z, slice 1 is the most inferior (toward the feet) and later slices
         * go toward the head.
         */
        public static Spec defaults(int slices) {
            double[] first = firstPositionFor(new double[3], slices, 512, 512, 0.7, 0.7, 1.25, AXIAL);
            return new Spec(slices, 512, 512, 0.7, 0.7, 1.25, AXIAL, first, PatientInfo.phantom(), 1);
        }

        // Copy methods keep the centre of the volume where it was, so the anatomy stays in view.

        public Spec withPixelSpacing(double rowSpacing, double columnSpacing) {
            return recentred(slices, rows, columns, rowSpacing, columnSpacing, sliceSpacingMm, orientation);
        }

        public Spec withOrientation(double[] newOrientation) {
            return recentred(slices, rows, columns, rowSpacingMm, columnSpacingMm, sliceSpacingMm, newOrientation);
        }

        public Spec withSlices(int n) {
            return recentred(n, rows, columns, rowSpacingMm, columnSpacingMm, sliceSpacingMm, orientation);
        }

        public Spec withMatrix(int newRows, int newColumns) {
            return recentred(slices, newRows, newColumns, rowSpacingMm, columnSpacingMm, sliceSpacingMm, orientation);
        }

        public Spec withSliceSpacing(double mm) {
            return recentred(slices, rows, columns, rowSpacingMm, columnSpacingMm, mm, orientation);
        }

        /** Moves the volume so that its centre is at the patient position {@code (x, y, z)} mm. */
        public Spec withCentre(double x, double y, double z) {
            double[] first = firstPositionFor(new double[]{x, y, z}, slices, rows, columns,
                    rowSpacingMm, columnSpacingMm, sliceSpacingMm, orientation);
            return new Spec(slices, rows, columns, rowSpacingMm, columnSpacingMm, sliceSpacingMm, orientation, first, patient, seed);
        }

        public Spec withPatient(PatientInfo p) {
            return new Spec(slices, rows, columns, rowSpacingMm, columnSpacingMm, sliceSpacingMm, orientation, firstPosition, p, seed);
        }

        public Spec withSeed(long s) {
            return new Spec(slices, rows, columns, rowSpacingMm, columnSpacingMm, sliceSpacingMm, orientation, firstPosition, patient, s);
        }

        @Override
        public double[] orientation() { return orientation.clone(); }

        @Override
        public double[] firstPosition() { return firstPosition.clone(); }

        public double[] rowDirection() { return Arrays.copyOfRange(orientation, 0, 3); }

        public double[] columnDirection() { return Arrays.copyOfRange(orientation, 3, 6); }

        /** rowDirection x columnDirection: the direction in which slice positions advance. */
        public double[] normal() { return cross(rowDirection(), columnDirection()); }

        /** Image Position (Patient) of slice {@code slice} (0-based). */
        public double[] slicePosition(int slice) {
            return patientPosition(slice, 0, 0);
        }

        /** The patient position (mm) of a pixel centre; fractional indices allowed. */
        public double[] patientPosition(double slice, double row, double column) {
            return positionOf(firstPosition, orientation, slice * sliceSpacingMm, row * rowSpacingMm, column * columnSpacingMm);
        }

        /** The centre of the volume, mm. */
        public double[] centre() {
            return patientPosition((slices - 1) / 2.0, (rows - 1) / 2.0, (columns - 1) / 2.0);
        }

        private Spec recentred(int n, int r, int c, double rs, double cs, double ss, double[] o) {
            double[] first = firstPositionFor(centre(), n, r, c, rs, cs, ss, checkOrientation(o));
            return new Spec(n, r, c, rs, cs, ss, o, first, patient, seed);
        }

        private static double[] firstPositionFor(double[] centre, int n, int r, int c, double rs, double cs, double ss, double[] o) {
            return positionOf(centre, o, -(n - 1) / 2.0 * ss, -(r - 1) / 2.0 * rs, -(c - 1) / 2.0 * cs);
        }

        private static double[] positionOf(double[] from, double[] o, double alongNormal, double alongColumn, double alongRow) {
            double[] n = cross(new double[]{o[0], o[1], o[2]}, new double[]{o[3], o[4], o[5]});
            double[] p = new double[3];
            for (int a = 0; a < 3; a++) p[a] = from[a] + alongRow * o[a] + alongColumn * o[3 + a] + alongNormal * n[a];
            return p;
        }

        private static double[] checkOrientation(double[] o) {
            if (o == null || o.length != 6) throw new IllegalArgumentException("orientation needs 6 direction cosines");
            double rr = o[0] * o[0] + o[1] * o[1] + o[2] * o[2];
            double cc = o[3] * o[3] + o[4] * o[4] + o[5] * o[5];
            double rc = o[0] * o[3] + o[1] * o[4] + o[2] * o[5];
            if (Math.abs(rr - 1) > 1e-6 || Math.abs(cc - 1) > 1e-6 || Math.abs(rc) > 1e-6) {
                throw new IllegalArgumentException("orientation must be two orthogonal unit vectors (PS3.3 §C.7.6.2.1.1)");
            }
            return o.clone();
        }

        private static double[] cross(double[] a, double[] b) {
            return new double[]{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Spec s && slices == s.slices && rows == s.rows && columns == s.columns
                    && rowSpacingMm == s.rowSpacingMm && columnSpacingMm == s.columnSpacingMm
                    && sliceSpacingMm == s.sliceSpacingMm && Arrays.equals(orientation, s.orientation)
                    && Arrays.equals(firstPosition, s.firstPosition) && patient.equals(s.patient) && seed == s.seed;
        }

        @Override
        public int hashCode() {
            return Objects.hash(slices, rows, columns, rowSpacingMm, columnSpacingMm, sliceSpacingMm,
                    Arrays.hashCode(orientation), Arrays.hashCode(firstPosition), patient, seed);
        }

        @Override
        public String toString() {
            return "Spec[" + slices + " x " + rows + " x " + columns + ", spacing " + rowSpacingMm + "/" + columnSpacingMm
                    + "/" + sliceSpacingMm + " mm, orientation " + Arrays.toString(orientation)
                    + ", first " + Arrays.toString(firstPosition) + ", seed " + seed + "]";
        }
    }

    /** What {@link #write} produced; {@code files} are in slice order (Instance Number 1..N). */
    public record PhantomSeries(String studyInstanceUid, String seriesInstanceUid, List<Path> files) {
        public PhantomSeries {
            files = List.copyOf(files);
        }
    }

    /** Writes one file per slice, CT000001.dcm onward, into {@code outDir} (created if missing). */
    public static PhantomSeries write(Spec spec, Path outDir) throws IOException {
        return write(spec, outDir, TorsoAnatomy.get(), "CT");
    }

    /**
     * As {@link #write}, the arterial phase of a CT angiogram ({@link CtaAnatomy}): arteries at
     * 450 HU with a branching tree of smaller arteries, veins barely enhanced.
     */
    public static PhantomSeries writeCta(Spec spec, Path outDir) throws IOException {
        return write(spec, outDir, CtaAnatomy.get(), "CTA");
    }

    /** The noise-free Hounsfield value of the CTA phantom at a patient position (mm). */
    public static int ctaHuAt(double x, double y, double z) {
        return CtaAnatomy.get().huAt(x, y, z);
    }

    /** The centre lines of the CTA phantom's small-artery tree, for tests: {x0,y0,z0,x1,y1,z1,radius} per segment. */
    public static List<double[]> ctaTreeSegments() {
        return CtaAnatomy.treeSegments();
    }

    private static PhantomSeries write(Spec spec, Path outDir, Anatomy anatomy, String kind) throws IOException {
        Files.createDirectories(outDir);
        SeriesIdentity id = SeriesIdentity.create(LocalDateTime.now());
        SliceRenderer renderer = new SliceRenderer(spec, anatomy);
        List<Path> files = new ArrayList<>(spec.slices());
        short[] hu = new short[spec.rows() * spec.columns()];
        byte[] pixels = new byte[2 * hu.length];
        for (int slice = 0; slice < spec.slices(); slice++) {
            renderer.render(slice, hu);
            HuEncoding.toStoredLittleEndian(hu, pixels); // the data set builder copies it
            Path file = outDir.resolve(String.format("CT%06d.dcm", slice + 1));
            DicomWriter.write(file, CtImageAttributes.forSlice(spec, id, slice, pixels, kind));
            files.add(file);
        }
        return new PhantomSeries(id.studyInstanceUid(), id.seriesInstanceUid(), files);
    }

    /** Hounsfield values of one slice with noise, rows x columns row-major; for callers that skip the files. */
    public static short[] renderSlice(Spec spec, int slice) {
        return new SliceRenderer(spec).render(slice);
    }

    /** The noise-free Hounsfield value of the phantom at a patient position (mm). */
    public static int huAt(double x, double y, double z) {
        return TorsoAnatomy.get().huAt(x, y, z);
    }

    /** The name of the structure at a patient position, or "air". */
    public static String structureAt(double x, double y, double z) {
        return TorsoAnatomy.get().structureAt(x, y, z);
    }
}
