package io.radstream.volume.store;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Element;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.VR;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.frames.FrameAttributesReader;
import io.radstream.volume.pixel.PixelDataException;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a parsed header into the {@link IndexEntry} of its stored copy. Pixel data is located, not
 * read: its offset, length and fragment table come from the parser's bulk data positions.
 *
 * <p>Objects without pixel data (SR, KOS, presentation states) are indexed with empty pixel and
 * geometry values. An object without SOP Instance UID (in the data set or, failing that, as Media
 * Storage SOP Instance UID in the File Meta Information), Study Instance UID or Series Instance UID
 * cannot be placed in the hierarchy and is rejected: inventing UIDs would split or merge studies
 * behind the radiologist's back.
 */
final class IndexEntryReader {
    private static final int[] PIXEL_DATA_TAGS = {Tag.PixelData, Tag.FloatPixelData, Tag.DoubleFloatPixelData};
    /** Header of the item that precedes the Basic Offset Table value (tag and length). */
    private static final int ITEM_HEADER = 8;

    private IndexEntryReader() {}

    static IndexEntry read(DicomFile dcm, StudyStore store, long fileSize) throws NotIndexableException {
        Attributes ds = dcm.dataSet();
        // PS3.10 §7.1: (0002,0003) equals the SOP Instance UID; some writers fill only the former
        String sopUid = ds.getString(Tag.SOPInstanceUID, dcm.fileMeta().getString(Tag.MediaStorageSOPInstanceUID));
        if (sopUid == null) throw new NotIndexableException("no SOP Instance UID (0008,0018)");
        String studyUid = required(ds, Tag.StudyInstanceUID, "Study Instance UID (0020,000D)");
        String seriesUid = required(ds, Tag.SeriesInstanceUID, "Series Instance UID (0020,000E)");

        var patient = new IndexEntry.Patient(ds.getString(Tag.PatientID), ds.getString(Tag.PatientName),
                ds.getString(Tag.PatientBirthDate), ds.getString(Tag.PatientSex));
        var study = new IndexEntry.Study(studyUid, ds.getString(Tag.StudyDate), ds.getString(Tag.StudyTime),
                ds.getString(Tag.AccessionNumber), ds.getString(Tag.StudyDescription));
        var series = new IndexEntry.Series(seriesUid, ds.getString(Tag.Modality), optionalInt(ds, Tag.SeriesNumber),
                ds.getString(Tag.SeriesDescription), ds.getString(Tag.FrameOfReferenceUID));

        String storageKey = StudyStore.storageKeyOf(sopUid);
        PixelLocation pixels = locatePixelData(ds);
        boolean image = pixels != null;

        int bitsAllocated = ds.getInt(Tag.BitsAllocated, 0);
        // defaults only matter for images missing Type 1 values; what every reader assumes
        int bitsStored = ds.getInt(Tag.BitsStored, image ? bitsAllocated : 0);
        int highBit = ds.getInt(Tag.HighBit, image && bitsStored > 0 ? bitsStored - 1 : 0);
        int pixelRepresentation = ds.getInt(Tag.PixelRepresentation, 0);

        var instance = new InstanceRecord(sopUid, seriesUid,
                ds.getString(Tag.SOPClassUID, dcm.fileMeta().getString(Tag.MediaStorageSOPClassUID)),
                optionalInt(ds, Tag.InstanceNumber), storageKey, store.pathOf(storageKey), dcm.transferSyntax().uid(),
                ds.getInt(Tag.Rows, 0), ds.getInt(Tag.Columns, 0), ds.getInt(Tag.NumberOfFrames, image ? 1 : 0),
                ds.getInt(Tag.SamplesPerPixel, image ? 1 : 0), bitsAllocated, bitsStored, highBit, pixelRepresentation,
                ds.getString(Tag.PhotometricInterpretation), ds.getInt(Tag.PlanarConfiguration, 0),
                geometry(ds, Tag.PlanePositionSequence, Tag.ImagePositionPatient, 3),
                geometry(ds, Tag.PlaneOrientationSequence, Tag.ImageOrientationPatient, 6),
                geometry(ds, Tag.PixelMeasuresSequence, Tag.PixelSpacing, 2),
                sliceThickness(ds),
                first(FunctionalGroups.doubles(ds, Tag.PixelValueTransformationSequence, Tag.RescaleSlope), 1),
                first(FunctionalGroups.doubles(ds, Tag.PixelValueTransformationSequence, Tag.RescaleIntercept), 0),
                finite(FunctionalGroups.doubles(ds, Tag.FrameVOILUTSequence, Tag.WindowCenter)),
                finite(FunctionalGroups.doubles(ds, Tag.FrameVOILUTSequence, Tag.WindowWidth)),
                pixelPaddingValue(ds, pixelRepresentation),
                image ? pixels.offset : -1, image ? pixels.length : 0, image ? pixels.fragments : List.of(),
                dcm.transferSyntax().deflated(), fileSize);
        List<FrameAttributes> frames = image ? frames(ds) : List.of();
        // the first frame's display attributes (for an enhanced object, its Frame VOI LUT); the
        // frame rows keep every frame's own windows
        io.radstream.volume.frames.DisplayAttributes display = image && !frames.isEmpty()
                ? io.radstream.volume.frames.DisplayAttributes.perFrame(ds, 1).getFirst() : null;
        return new IndexEntry(patient, study, series, instance, frames, display, LossyCompression.of(ds), image && hasGraphics(ds));
    }

    /**
     * Whether the viewer must read this header for more than the index holds: overlay planes
     * (60xx,3000 or 60xx,0010 in the 16 repeating groups), a display shutter (0018,1600) or a
     * palette (PALETTE COLOR). Most images have none, and their headers are then never parsed again.
     */
    static boolean hasGraphics(Attributes ds) {
        for (int group = 0x6000; group <= 0x601E; group += 2) {
            if (ds.contains(group << 16 | 0x3000) || ds.contains(group << 16 | 0x0010)) return true;
        }
        return ds.contains(Tag.ShutterShape) || "PALETTE COLOR".equals(ds.getString(Tag.PhotometricInterpretation));
    }

    /** Per-frame geometry and grouping (PS3.3 §C.7.6.16), so opening never parses this header again. */
    static List<FrameAttributes> frames(Attributes ds) throws NotIndexableException {
        try {
            return FrameAttributesReader.read(ds);
        } catch (PixelDataException e) {
            throw new NotIndexableException(e.getMessage());
        }
    }

    private record PixelLocation(long offset, long length, List<ByteRange> fragments) {}

    private static PixelLocation locatePixelData(Attributes ds) throws NotIndexableException {
        for (int tag : PIXEL_DATA_TAGS) {
            Element e = ds.get(tag);
            if (e == null) continue;
            return switch (e.value()) {
                case DicomValue.BulkData b -> new PixelLocation(b.offset(), b.length(), List.of());
                case DicomValue.Fragments f -> {
                    List<ByteRange> ranges = new ArrayList<>(f.fragments().size() + 1);
                    ranges.add(new ByteRange(f.offsetTable().offset(), f.offsetTable().length()));
                    for (DicomValue.BulkData b : f.fragments()) ranges.add(new ByteRange(b.offset(), b.length()));
                    // the value starts with the Basic Offset Table item's header
                    yield new PixelLocation(f.offsetTable().offset() - ITEM_HEADER, -1, ranges);
                }
                case DicomValue.Inline in when in.bytes().length == 0 -> null; // empty Pixel Data: no image
                case DicomValue.Inline _, DicomValue.Sequence _ ->
                        throw new NotIndexableException(Tag.toString(tag) + " is not stored as pixel data (VR " + e.vr() + ")");
            };
        }
        return null;
    }

    private static String required(Attributes ds, int tag, String name) throws NotIndexableException {
        String uid = ds.getString(tag);
        if (uid == null) throw new NotIndexableException("no " + name);
        return uid;
    }

    private static Integer optionalInt(Attributes ds, int tag) {
        double[] d = ds.getDoubles(tag);
        return d.length == 0 || Double.isNaN(d[0]) ? null : (int) d[0];
    }

    /** A geometry vector, or none when it has the wrong number of values or a non-number. */
    private static double[] geometry(Attributes ds, int macroSequence, int tag, int count) {
        double[] v = FunctionalGroups.doubles(ds, macroSequence, tag);
        if (v.length != count) return new double[0];
        for (double x : v) if (!Double.isFinite(x)) return new double[0];
        return v;
    }

    private static Double sliceThickness(Attributes ds) {
        double[] v = FunctionalGroups.doubles(ds, Tag.PixelMeasuresSequence, Tag.SliceThickness);
        return v.length == 0 || !Double.isFinite(v[0]) ? null : v[0];
    }

    private static double first(double[] v, double absent) {
        return v.length == 0 || !Double.isFinite(v[0]) ? absent : v[0];
    }

    private static double[] finite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return new double[0];
        return v;
    }

    /**
     * (0028,0120) is US or SS depending on Pixel Representation; implicit VR files leave the choice
     * to the dictionary (US), so a signed padding such as -2000 arrives as 63536 and is re-signed.
     */
    private static Integer pixelPaddingValue(Attributes ds, int pixelRepresentation) {
        Element e = ds.get(Tag.PixelPaddingValue);
        Integer v = optionalInt(ds, Tag.PixelPaddingValue);
        if (v == null) return null;
        if (pixelRepresentation == 1 && e.vr() != VR.SS && v > Short.MAX_VALUE && v <= 0xFFFF) return v - 0x10000;
        return v;
    }
}
