package io.radstream.volume.phantom;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DataSetBuilder;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.UID;
import io.radstream.volume.dicom.VR;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The data set (without Pixel Data) of a Breast Tomosynthesis Image (PS3.3 §A.55): Patient,
 * General Study, General Series, Enhanced Mammography Series (§C.8.11.10), Frame of Reference,
 * General and Enhanced General Equipment (§C.7.5.2), Image Pixel, Acquisition Context (§C.7.6.14),
 * Multi-frame Functional Groups (§C.7.6.16) with the Breast Tomosynthesis functional group macros
 * (§A.55.4: Pixel Measures, Plane Position, Plane Orientation, Frame Anatomy, Pixel Value
 * Transformation, Frame VOI LUT, Frame Content, X-Ray 3D Frame Type), X-Ray 3D Image (§C.8.21.1),
 * Breast View (§C.8.21.6) and SOP Common modules. dciodvfy (dicom3tools) reports no errors for it.
 */
final class DbtImageAttributes {
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    static final int SERIES_NUMBER = 73;
    /** X-Ray 3D Image (PS3.3 §C.8.21.1.1): a derived tomosynthesis volume. */
    private static final String[] IMAGE_TYPE = {"DERIVED", "PRIMARY", "TOMOSYNTHESIS", "NONE"};
    static final double WINDOW_CENTER = 450, WINDOW_WIDTH = 900;

    private DbtImageAttributes() {}

    static Attributes of(DbtPhantom.Spec spec, DbtGeometry geometry, SeriesIdentity id, String sopInstanceUid) {
        String date = id.acquired().format(DA), time = id.acquired().format(TM), dateTime = id.acquired().format(DT);
        PatientInfo patient = spec.patient();
        return new DataSetBuilder()
                .putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100")
                .putString(Tag.ImageType, VR.CS, IMAGE_TYPE)
                .putString(Tag.SOPClassUID, VR.UI, UID.BreastTomosynthesisImageStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, sopInstanceUid)
                .putString(Tag.StudyDate, VR.DA, date)
                .putString(Tag.ContentDate, VR.DA, date)
                .putString(Tag.StudyTime, VR.TM, time)
                .putString(Tag.ContentTime, VR.TM, time)
                .putString(Tag.AccessionNumber, VR.SH, id.accessionNumber())
                // Enhanced Mammography Series: Modality MG for tomosynthesis too
                .putString(Tag.Modality, VR.CS, "MG")
                .putString(Tag.Manufacturer, VR.LO, "Radstream")
                .putString(Tag.ReferringPhysicianName, VR.PN)
                .putString(Tag.StudyDescription, VR.LO, "Phantom breast tomosynthesis")
                .putString(Tag.SeriesDescription, VR.LO, spec.laterality() + " CC tomosynthesis")
                .putString(Tag.ManufacturerModelName, VR.LO, "DbtPhantom")
                .putString(Tag.PatientName, VR.PN, patient.name())
                .putString(Tag.PatientID, VR.LO, patient.id())
                .putString(Tag.PatientBirthDate, VR.DA, patient.birthDate() == null ? "" : patient.birthDate().format(DA))
                .putString(Tag.PatientSex, VR.CS, patient.sex())
                .putString(Tag.BodyPartExamined, VR.CS, "BREAST")
                // Enhanced General Equipment (PS3.3 §C.7.5.2): type 1 there
                .putString(Tag.DeviceSerialNumber, VR.LO, "RS-DBT-0001")
                .putString(Tag.SoftwareVersions, VR.LO, "1")
                .putString(Tag.ContentQualification, VR.CS, "PRODUCT")
                .putString(Tag.StudyInstanceUID, VR.UI, id.studyInstanceUid())
                .putString(Tag.SeriesInstanceUID, VR.UI, id.seriesInstanceUid())
                .putString(Tag.StudyID, VR.SH, "1")
                .putIS(Tag.SeriesNumber, SERIES_NUMBER)
                .putIS(Tag.InstanceNumber, 1)
                .putString(Tag.FrameOfReferenceUID, VR.UI, id.frameOfReferenceUid())
                .putString(Tag.PositionReferenceIndicator, VR.LO)
                .putUS(Tag.SamplesPerPixel, 1)
                .putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putIS(Tag.NumberOfFrames, spec.frames())
                .putUS(Tag.Rows, spec.rows())
                .putUS(Tag.Columns, spec.columns())
                .putUS(Tag.BitsAllocated, 16)
                .putUS(Tag.BitsStored, 10)
                .putUS(Tag.HighBit, 9)
                .putUS(Tag.PixelRepresentation, 0)
                // Common CT/MR Image Description, image level (PS3.3 §C.8.16.2), as X-Ray 3D Image includes it
                .putString(Tag.PixelPresentation, VR.CS, "MONOCHROME")
                .putString(Tag.VolumetricProperties, VR.CS, "VOLUME")
                .putString(Tag.VolumeBasedCalculationTechnique, VR.CS, "TOMOSYNTHESIS")
                .putString(Tag.BurnedInAnnotation, VR.CS, "NO")
                .putString(Tag.LossyImageCompression, VR.CS, "00")
                .putString(Tag.PresentationLUTShape, VR.CS, "IDENTITY")
                .putSequence(Tag.AcquisitionContextSequence, List.of())
                // Breast View (PS3.3 §C.8.21.6): cranio-caudal (CID 4014), no modifier, no implant
                .putSequence(Tag.ViewCodeSequence, List.of(code("399162004", "SCT", "cranio-caudal",
                        b -> b.putSequence(Tag.ViewModifierCodeSequence, List.of()))))
                .putString(Tag.BreastImplantPresent, VR.CS, "NO")
                .putSequence(Tag.SharedFunctionalGroupsSequence, List.of(shared(spec, geometry)))
                .putSequence(Tag.PerFrameFunctionalGroupsSequence, perFrame(spec, geometry, dateTime))
                .build();
    }

    /** Macros whose values are the same for every frame (PS3.3 §C.7.6.16.1.1). */
    private static Attributes shared(DbtPhantom.Spec spec, DbtGeometry geometry) {
        return new DataSetBuilder()
                .putSequence(Tag.PixelMeasuresSequence, List.of(new DataSetBuilder()
                        .putDS(Tag.SliceThickness, spec.sliceSpacingMm())
                        .putDS(Tag.PixelSpacing, spec.pixelSpacingMm(), spec.pixelSpacingMm()).build()))
                .putSequence(Tag.PlaneOrientationSequence, List.of(new DataSetBuilder()
                        .putDS(Tag.ImageOrientationPatient, geometry.orientation()).build()))
                .putSequence(Tag.FrameAnatomySequence, List.of(new DataSetBuilder()
                        .putSequence(Tag.AnatomicRegionSequence, List.of(code("76752008", "SCT", "Breast", b -> {})))
                        .putString(Tag.FrameLaterality, VR.CS, spec.laterality()).build()))
                .putSequence(Tag.PixelValueTransformationSequence, List.of(new DataSetBuilder()
                        .putDS(Tag.RescaleIntercept, 0)
                        .putDS(Tag.RescaleSlope, 1)
                        .putString(Tag.RescaleType, VR.LO, "US").build()))
                .putSequence(Tag.FrameVOILUTSequence, List.of(new DataSetBuilder()
                        .putDS(Tag.WindowCenter, WINDOW_CENTER)
                        .putDS(Tag.WindowWidth, WINDOW_WIDTH).build()))
                .build();
    }

    /** Per frame: its plane position along the detector normal, its place in the stack, its type. */
    private static List<Attributes> perFrame(DbtPhantom.Spec spec, DbtGeometry geometry, String dateTime) {
        List<Attributes> items = new ArrayList<>(spec.frames());
        Attributes frameType = new DataSetBuilder()
                .putString(Tag.FrameType, VR.CS, IMAGE_TYPE)
                .putString(Tag.PixelPresentation, VR.CS, "MONOCHROME")
                .putString(Tag.VolumetricProperties, VR.CS, "VOLUME")
                .putString(Tag.VolumeBasedCalculationTechnique, VR.CS, "TOMOSYNTHESIS").build();
        for (int k = 0; k < spec.frames(); k++) {
            items.add(new DataSetBuilder()
                    .putSequence(Tag.FrameContentSequence, List.of(new DataSetBuilder()
                            .putString(Tag.FrameAcquisitionDateTime, VR.DT, dateTime)
                            .putString(Tag.FrameReferenceDateTime, VR.DT, dateTime)
                            .putFD(Tag.FrameAcquisitionDuration, 1000)
                            .putString(Tag.StackID, VR.SH, "1")
                            .putUL(Tag.InStackPositionNumber, k + 1).build()))
                    .putSequence(Tag.PlanePositionSequence, List.of(new DataSetBuilder()
                            .putDS(Tag.ImagePositionPatient, geometry.framePosition(k)).build()))
                    .putSequence(Tag.XRay3DFrameTypeSequence, List.of(frameType))
                    .build());
        }
        return items;
    }

    private static Attributes code(String value, String scheme, String meaning, java.util.function.Consumer<DataSetBuilder> more) {
        DataSetBuilder b = new DataSetBuilder()
                .putString(Tag.CodeValue, VR.SH, value)
                .putString(Tag.CodingSchemeDesignator, VR.SH, scheme)
                .putString(Tag.CodeMeaning, VR.LO, meaning);
        more.accept(b);
        return b.build();
    }
}
