package io.radstream.volume.phantom;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DataSetBuilder;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.UID;
import io.radstream.volume.dicom.VR;

import java.time.format.DateTimeFormatter;

/**
 * The data set of one slice of a CT Image IOD (PS3.3 §A.3): Patient, General Study, General
 * Series, Frame of Reference, General Equipment, General Image, Image Plane, Image Pixel,
 * Contrast/Bolus, CT Image, VOI LUT and SOP Common modules.
 */
final class CtImageAttributes {
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");

    static final int SERIES_NUMBER = 2;
    static final String STUDY_DESCRIPTION = "Phantom CT chest/abdomen";

    private CtImageAttributes() {}

    static Attributes forSlice(CtPhantom.Spec spec, SeriesIdentity id, int slice, byte[] pixelData) {
        return forSlice(spec, id, slice, pixelData, "CT");
    }

    /** @param kind "CT", or "CTA" for the arterial-phase angiography phantom (descriptions only) */
    static Attributes forSlice(CtPhantom.Spec spec, SeriesIdentity id, int slice, byte[] pixelData, String kind) {
        String date = id.acquired().format(DA), time = id.acquired().format(TM);
        PatientInfo patient = spec.patient();
        double[] position = spec.slicePosition(slice);
        return new DataSetBuilder()
                // SOP Common (PS3.3 §C.12.1): Latin-1 covers the names a phantom is given
                .putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100")
                .putString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, UidGenerator.newUid())
                // CT Image (PS3.3 §C.8.2.1.1.1): value 3 AXIAL for a transverse, non-localizer image
                .putString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL")
                .putString(Tag.StudyDate, VR.DA, date)
                .putString(Tag.SeriesDate, VR.DA, date)
                .putString(Tag.AcquisitionDate, VR.DA, date)
                .putString(Tag.ContentDate, VR.DA, date)
                .putString(Tag.StudyTime, VR.TM, time)
                .putString(Tag.SeriesTime, VR.TM, time)
                .putString(Tag.AcquisitionTime, VR.TM, time)
                .putString(Tag.ContentTime, VR.TM, time)
                .putString(Tag.AccessionNumber, VR.SH, id.accessionNumber())
                .putString(Tag.Modality, VR.CS, "CT")
                .putString(Tag.Manufacturer, VR.LO, "Radstream")
                .putString(Tag.ReferringPhysicianName, VR.PN)
                .putString(Tag.StudyDescription, VR.LO, STUDY_DESCRIPTION.replace("CT", kind))
                .putString(Tag.SeriesDescription, VR.LO, kind.equals("CT") ? seriesDescription(spec) : seriesDescription(spec).replace("Phantom", "Phantom " + kind))
                .putString(Tag.ManufacturerModelName, VR.LO, "CtPhantom")
                .putString(Tag.PatientName, VR.PN, patient.name())
                .putString(Tag.PatientID, VR.LO, patient.id())
                .putString(Tag.PatientBirthDate, VR.DA, patient.birthDate() == null ? "" : patient.birthDate().format(DA))
                .putString(Tag.PatientSex, VR.CS, patient.sex())
                // Contrast/Bolus (PS3.3 §C.7.6.4) is required when contrast was used, as it "was" here
                .putString(Tag.ContrastBolusAgent, VR.LO, "IODINATED CONTRAST")
                .putString(Tag.BodyPartExamined, VR.CS, "CHESTABDOMEN")
                .putDS(Tag.SliceThickness, spec.sliceSpacingMm())
                .putDS(Tag.KVP, 120)
                .putString(Tag.ContrastBolusRoute, VR.LO, "IV")
                // HFS: General Series requires Patient Position for CT (PS3.3 §C.7.3.1.1.2)
                .putString(Tag.PatientPosition, VR.CS, "HFS")
                .putString(Tag.StudyInstanceUID, VR.UI, id.studyInstanceUid())
                .putString(Tag.SeriesInstanceUID, VR.UI, id.seriesInstanceUid())
                .putString(Tag.StudyID, VR.SH, "1")
                .putIS(Tag.SeriesNumber, SERIES_NUMBER)
                .putIS(Tag.AcquisitionNumber, 1)
                .putIS(Tag.InstanceNumber, slice + 1)
                .putDS(Tag.ImagePositionPatient, position)
                .putDS(Tag.ImageOrientationPatient, spec.orientation())
                .putString(Tag.FrameOfReferenceUID, VR.UI, id.frameOfReferenceUid())
                .putString(Tag.PositionReferenceIndicator, VR.LO)
                // Slice Location: position along the plane normal (PS3.3 §C.7.6.2.1.2 leaves the datum to us)
                .putDS(Tag.SliceLocation, dot(position, spec.normal()))
                .putUS(Tag.SamplesPerPixel, 1)
                .putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putUS(Tag.Rows, spec.rows())
                .putUS(Tag.Columns, spec.columns())
                // PixelSpacing is row spacing (between rows) then column spacing (PS3.3 §10.7.1.3)
                .putDS(Tag.PixelSpacing, spec.rowSpacingMm(), spec.columnSpacingMm())
                .putUS(Tag.BitsAllocated, 16)
                .putUS(Tag.BitsStored, 16)
                .putUS(Tag.HighBit, 15)
                .putUS(Tag.PixelRepresentation, 1)
                .putDS(Tag.WindowCenter, 40, -600)
                .putDS(Tag.WindowWidth, 400, 1500)
                .putDS(Tag.RescaleIntercept, HuEncoding.RESCALE_INTERCEPT)
                .putDS(Tag.RescaleSlope, HuEncoding.RESCALE_SLOPE)
                .putString(Tag.RescaleType, VR.LO, "HU")
                .putString(Tag.WindowCenterWidthExplanation, VR.LO, "SOFT TISSUE", "LUNG")
                .putBytes(Tag.PixelData, VR.OW, pixelData)
                .build();
    }

    private static String seriesDescription(CtPhantom.Spec spec) {
        return "Phantom " + DataSetBuilder.formatDecimal(spec.sliceSpacingMm()) + " mm";
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
