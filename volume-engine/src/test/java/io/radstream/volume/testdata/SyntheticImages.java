package io.radstream.volume.testdata;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DataSetBuilder;
import io.radstream.volume.dicom.DicomWriter;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.UID;
import io.radstream.volume.dicom.VR;
import io.radstream.volume.phantom.CtPhantom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small DICOM images for series tests, written with our {@link DataSetBuilder} and
 * {@link DicomWriter}: every pixel holds the noise-free Hounsfield value of {@link CtPhantom}'s
 * anatomy at the patient position its own attributes declare, so a test can check any voxel of a
 * volume against {@code CtPhantom.huAt} at the position the volume's geometry claims for it.
 */
public final class SyntheticImages {
    public static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    private SyntheticImages() {}

    /** One image plane and the attributes that decide its stack. Mutable, for terse tests. */
    public static final class Plane {
        public double[] position;
        public double[] orientation = AXIAL;
        public double[] pixelSpacing = {6, 6};
        public int rows = 40, columns = 40;
        public int instanceNumber = 1;
        public String[] imageType = {"ORIGINAL", "PRIMARY", "AXIAL"};
        public Integer temporalPosition, acquisitionNumber;
        public Double triggerTime;
        public double slope = 1, intercept = -1024;

        /** A plane of this size centred on patient (x, y) at height z, axial. */
        public static Plane axial(double z) {
            Plane p = new Plane();
            p.position = new double[]{-(p.columns - 1) / 2.0 * p.pixelSpacing[1], -(p.rows - 1) / 2.0 * p.pixelSpacing[0], z};
            return p;
        }

        public Plane instance(int n) { instanceNumber = n; return this; }
        public Plane temporal(Integer t) { temporalPosition = t; return this; }
        public Plane acquisition(Integer a) { acquisitionNumber = a; return this; }
        public Plane trigger(Double t) { triggerTime = t; return this; }
        public Plane type(String... t) { imageType = t; return this; }
        public Plane rescale(double s, double i) { slope = s; intercept = i; return this; }
        public Plane shift(double dx, double dy, double dz) {
            position = new double[]{position[0] + dx, position[1] + dy, position[2] + dz};
            return this;
        }
        public Plane orient(double[] o) {
            // keep the plane centred where it was
            double[] c = centre();
            orientation = o.clone();
            for (int a = 0; a < 3; a++) {
                position[a] = c[a] - (columns - 1) / 2.0 * pixelSpacing[1] * o[a] - (rows - 1) / 2.0 * pixelSpacing[0] * o[3 + a];
            }
            return this;
        }

        public double[] centre() {
            return patient((rows - 1) / 2.0, (columns - 1) / 2.0);
        }

        /** Patient position of pixel (row, column), PS3.3 §C.7.6.2.1.1. */
        public double[] patient(double row, double column) {
            double[] p = new double[3];
            for (int a = 0; a < 3; a++) {
                p[a] = position[a] + column * pixelSpacing[1] * orientation[a] + row * pixelSpacing[0] * orientation[3 + a];
            }
            return p;
        }

        /** Stored values, signed 16-bit little endian: (HU - intercept) / slope, rounded. */
        public byte[] pixels() {
            ByteBuffer b = ByteBuffer.allocate(rows * columns * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    double[] p = patient(r, c);
                    b.putShort((short) stored(CtPhantom.huAt(p[0], p[1], p[2])));
                }
            }
            return b.array();
        }

        public int stored(double hu) {
            return (int) Math.clamp(Math.round((hu - intercept) / slope), Short.MIN_VALUE, Short.MAX_VALUE);
        }
    }

    /** Writes one classic CT Image Storage file (PS3.3 §A.3) for the plane. */
    public static Path writeCt(Path file, String studyUid, String seriesUid, Plane p) throws IOException {
        DataSetBuilder b = common(studyUid, seriesUid, UID.CTImageStorage, "CT", p.rows, p.columns)
                .putString(Tag.ImageType, VR.CS, p.imageType)
                .putIS(Tag.InstanceNumber, p.instanceNumber)
                .putDS(Tag.ImagePositionPatient, p.position)
                .putDS(Tag.ImageOrientationPatient, p.orientation)
                .putDS(Tag.PixelSpacing, p.pixelSpacing)
                .putDS(Tag.RescaleSlope, p.slope)
                .putDS(Tag.RescaleIntercept, p.intercept)
                .putBytes(Tag.PixelData, VR.OW, p.pixels());
        if (p.temporalPosition != null) b.putIS(Tag.TemporalPositionIdentifier, p.temporalPosition);
        if (p.acquisitionNumber != null) b.putIS(Tag.AcquisitionNumber, p.acquisitionNumber);
        if (p.triggerTime != null) b.putDS(Tag.TriggerTime, p.triggerTime);
        DicomWriter.write(file, b.build());
        return file;
    }

    /** Writes one file per plane into {@code dir} (CT0001.dcm, ...) in the order given. */
    public static List<Path> writeSeries(Path dir, String studyUid, String seriesUid, List<Plane> planes) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < planes.size(); i++) {
            files.add(writeCt(dir.resolve(String.format("CT%04d.dcm", i + 1)), studyUid, seriesUid, planes.get(i)));
        }
        return files;
    }

    /**
     * Writes an Enhanced CT Image (PS3.3 §A.38) with one frame per plane: orientation and pixel
     * measures shared, position and frame content per frame, rescale per frame when the planes'
     * differ (else shared).
     */
    public static Path writeEnhancedCt(Path file, String studyUid, String seriesUid, List<Plane> planes) throws IOException {
        Plane first = planes.getFirst();
        boolean perFrameRescale = planes.stream().anyMatch(p -> p.slope != first.slope || p.intercept != first.intercept);
        DataSetBuilder shared = new DataSetBuilder()
                .putSequence(Tag.PixelMeasuresSequence, List.of(new DataSetBuilder()
                        .putDS(Tag.PixelSpacing, first.pixelSpacing).putDS(Tag.SliceThickness, 2).build()))
                .putSequence(Tag.PlaneOrientationSequence, List.of(new DataSetBuilder()
                        .putDS(Tag.ImageOrientationPatient, first.orientation).build()))
                .putSequence(Tag.FrameVOILUTSequence, List.of(new DataSetBuilder()
                        .putDS(Tag.WindowCenter, 40).putDS(Tag.WindowWidth, 400).build()));
        if (!perFrameRescale) shared.putSequence(Tag.PixelValueTransformationSequence, List.of(rescale(first)));
        List<Attributes> perFrame = new ArrayList<>();
        ByteBuffer pixels = ByteBuffer.allocate(planes.size() * first.rows * first.columns * 2);
        for (int i = 0; i < planes.size(); i++) {
            Plane p = planes.get(i);
            DataSetBuilder content = new DataSetBuilder().putString(Tag.StackID, VR.SH, "1").putUL(Tag.InStackPositionNumber, i + 1);
            if (p.temporalPosition != null) content.putUL(Tag.TemporalPositionIndex, p.temporalPosition);
            DataSetBuilder item = new DataSetBuilder()
                    .putSequence(Tag.FrameContentSequence, List.of(content.build()))
                    .putSequence(Tag.PlanePositionSequence, List.of(new DataSetBuilder().putDS(Tag.ImagePositionPatient, p.position).build()))
                    .putSequence(Tag.CTImageFrameTypeSequence, List.of(new DataSetBuilder().putString(Tag.FrameType, VR.CS, p.imageType).build()));
            if (perFrameRescale) item.putSequence(Tag.PixelValueTransformationSequence, List.of(rescale(p)));
            perFrame.add(item.build());
            pixels.put(p.pixels());
        }
        Attributes ds = common(studyUid, seriesUid, UID.EnhancedCTImageStorage, "CT", first.rows, first.columns)
                .putString(Tag.ImageType, VR.CS, first.imageType)
                .putIS(Tag.InstanceNumber, first.instanceNumber)
                .putIS(Tag.NumberOfFrames, planes.size())
                .putSequence(Tag.SharedFunctionalGroupsSequence, List.of(shared.build()))
                .putSequence(Tag.PerFrameFunctionalGroupsSequence, perFrame)
                .putBytes(Tag.PixelData, VR.OW, pixels.array())
                .build();
        DicomWriter.write(file, ds);
        return file;
    }

    private static Attributes rescale(Plane p) {
        return new DataSetBuilder().putDS(Tag.RescaleSlope, p.slope).putDS(Tag.RescaleIntercept, p.intercept)
                .putString(Tag.RescaleType, VR.LO, "HU").build();
    }

    /**
     * A multi-frame cine without a plane (ultrasound or XA), 8-bit MONOCHROME2: frame f's pixel
     * (r, c) holds {@link #cineValue}.
     */
    public static Path writeCine(Path file, String studyUid, String seriesUid, String sopClass, String modality,
                                 int frames, int rows, int columns) throws IOException {
        byte[] pixels = new byte[frames * rows * columns];
        for (int f = 0; f < frames; f++) {
            for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) pixels[(f * rows + r) * columns + c] = (byte) cineValue(f, r, c);
        }
        Attributes ds = common(studyUid, seriesUid, sopClass, modality, rows, columns)
                .putString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY")
                .putIS(Tag.InstanceNumber, 1)
                .putIS(Tag.NumberOfFrames, frames)
                .putDS(Tag.FrameTime, 33.3)
                .putUS(Tag.BitsAllocated, 8).putUS(Tag.BitsStored, 8).putUS(Tag.HighBit, 7).putUS(Tag.PixelRepresentation, 0)
                .putBytes(Tag.PixelData, VR.OB, pixels)
                .build();
        DicomWriter.write(file, ds);
        return file;
    }

    public static int cineValue(int frame, int row, int column) {
        return (frame * 37 + row * 3 + column) & 0xFF;
    }

    private static DataSetBuilder common(String studyUid, String seriesUid, String sopClass, String modality, int rows, int columns) {
        return new DataSetBuilder()
                .putString(Tag.SOPClassUID, VR.UI, sopClass)
                .putString(Tag.SOPInstanceUID, VR.UI, newUid())
                .putString(Tag.Modality, VR.CS, modality)
                .putString(Tag.PatientName, VR.PN, "SYNTHETIC^SERIES")
                .putString(Tag.PatientID, VR.LO, "RS-SYNTH-1")
                .putString(Tag.StudyInstanceUID, VR.UI, studyUid)
                .putString(Tag.SeriesInstanceUID, VR.UI, seriesUid)
                .putString(Tag.FrameOfReferenceUID, VR.UI, studyUid + ".9")
                .putIS(Tag.SeriesNumber, 1)
                .putUS(Tag.SamplesPerPixel, 1)
                .putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putUS(Tag.Rows, rows).putUS(Tag.Columns, columns)
                .putUS(Tag.BitsAllocated, 16).putUS(Tag.BitsStored, 16).putUS(Tag.HighBit, 15)
                .putUS(Tag.PixelRepresentation, 1);
    }

    private static long counter = System.nanoTime() & 0xFFFFFFFL;

    /** A fresh UID under the UUID-derived 2.25 root (PS3.5 §B.2). */
    public static synchronized String newUid() {
        return "2.25." + (Math.abs(java.util.UUID.randomUUID().getMostSignificantBits() >>> 1)) + (++counter);
    }
}
