package io.radstream.volume.series;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomParseException;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.TransferSyntax;
import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.frames.FrameAttributesReader;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.pixel.StoredFrames;
import io.radstream.volume.store.ByteRange;
import io.radstream.volume.store.FastForm;
import io.radstream.volume.store.InstanceRecord;
import io.radstream.volume.store.StudyIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A series' stacks straight from the index: instance rows say where the pixels are, frame rows
 * carry every frame's plane, rescale and grouping attributes, so opening parses no header, single-
 * or multi-frame (the point of indexing at ingest: time to first image independent of study size).
 *
 * <p>Where import wrote a fast-open form (slow codecs, see {@code FastOpenRule}) frames are read from
 * it: the same stored values without the decode. Without one, or if it is missing, the original is
 * read.
 *
 * <p>Two cases still parse, and say so here: a deflated data set (its pixel offsets point into the
 * inflated bytes), and a multi-frame instance whose frame rows are missing because back-filling a
 * migrated index failed for it.
 */
public final class IndexedStacks {
    private IndexedStacks() {}

    /** Partitions a series into stacks, frame stacks and excluded images. */
    public static SeriesPartition open(StudyIndex index, String seriesInstanceUid) throws PixelDataException {
        return SeriesPartition.of(slices(index.instancesOf(seriesInstanceUid), index.framesOf(seriesInstanceUid),
                index.fastFormsOf(seriesInstanceUid), index.displayAttributesOf(seriesInstanceUid)));
    }

    /** The images of indexed instances with pixel data, frames in order, read from their original files. */
    public static List<SeriesSlice> slices(List<InstanceRecord> instances, Map<String, List<FrameAttributes>> frames)
            throws PixelDataException {
        return slices(instances, frames, Map.of());
    }

    /**
     * The images of indexed instances with pixel data, frames in order; an instance with a usable
     * fast-open form ({@link FastForm}) is read from it, the others from their original files.
     */
    public static List<SeriesSlice> slices(List<InstanceRecord> instances, Map<String, List<FrameAttributes>> frames,
                                           Map<String, FastForm> fastForms) throws PixelDataException {
        return slices(instances, frames, fastForms, Map.of());
    }

    /**
     * As above, each frame with the display attributes the index recorded for its instance
     * (schema version 4) and the windows of its own frame row (per-frame VOI of enhanced objects);
     * an instance without recorded attributes has its frame row's windows only (LINEAR, unnamed).
     */
    public static List<SeriesSlice> slices(List<InstanceRecord> instances, Map<String, List<FrameAttributes>> frames,
                                           Map<String, FastForm> fastForms, Map<String, DisplayAttributes> display)
            throws PixelDataException {
        List<SeriesSlice> out = new ArrayList<>();
        for (InstanceRecord r : instances) {
            if (!r.hasPixelData() || r.rows() <= 0 || r.columns() <= 0) continue;
            PixelDescription d = describe(r);
            StoredFrames stored = fastForm(fastForms.get(r.sopInstanceUid()), d);
            if (stored == null) stored = r.deflated() ? null : locate(r, d);
            List<FrameAttributes> fs = frames.getOrDefault(r.sopInstanceUid(), List.of());
            if (fs.isEmpty()) fs = fallbackFrames(r);
            for (FrameAttributes f : fs) {
                int index = f.frameNumber() - 1;
                StoredFrames from = stored;
                SliceSource.PixelReader reader = from != null ? () -> from.frame(index) : () -> reparse(r, index);
                DisplayAttributes shown = display.getOrDefault(r.sopInstanceUid(), DisplayAttributes.NONE)
                        .withWindows(f.windowCenter(), f.windowWidth());
                out.add(new SeriesSlice(new SliceRef(r.sopInstanceUid(), r.instanceNumber(), f.frameNumber()), f, d, reader, shown));
            }
        }
        return out;
    }

    /** The Image Pixel module as indexed (Pixel Data, not Float Pixel Data: the index does not record which). */
    static PixelDescription describe(InstanceRecord r) {
        return new PixelDescription(r.rows(), r.columns(), Math.max(1, r.frames()), r.samplesPerPixel(), r.bitsAllocated(),
                r.bitsStored(), r.highBit(), r.pixelRepresentation() == 1, r.photometricInterpretation(),
                r.planarConfiguration(), Tag.PixelData);
    }

    /**
     * The frames of a fast-open form, read as native little-endian pixel data (its frames are the
     * decoded stored values, which is that layout); null, so the original is used, for a form of
     * another format or whose file is missing or not the size the index recorded.
     */
    static StoredFrames fastForm(FastForm form, PixelDescription d) throws PixelDataException {
        if (form == null || !FastForm.RAW.equals(form.format())) return null;
        long expected = d.decodedFrameBytes() * d.frames();
        if (form.length() != expected) return null;
        try {
            if (Files.size(form.file()) != expected) return null;
        } catch (IOException e) {
            return null; // missing or unreadable: the original still opens
        }
        return StoredFrames.nativeData(form.file(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, d, 0, expected, false);
    }

    static StoredFrames locate(InstanceRecord r, PixelDescription d) throws PixelDataException {
        return locate(r.file(), r.transferSyntaxUid(), d, r.pixelDataOffset(), r.pixelDataLength(), r.fragments());
    }

    /**
     * The frames of an instance's pixel data where the index recorded them: native (offset and length,
     * a negative length meaning encapsulated) or the fragments of encapsulated data (offset table first).
     */
    static StoredFrames locate(java.nio.file.Path file, String transferSyntaxUid, PixelDescription d, long offset, long length,
                               List<ByteRange> ranges) throws PixelDataException {
        TransferSyntax ts = TransferSyntax.of(transferSyntaxUid);
        if (length >= 0) {
            return StoredFrames.nativeData(file, ts, d, offset, length, false);
        }
        if (ranges.isEmpty()) throw new PixelDataException(offset, "encapsulated pixel data without fragments in the index");
        List<DicomValue.BulkData> fragments = new ArrayList<>(ranges.size() - 1);
        for (ByteRange b : ranges.subList(1, ranges.size())) fragments.add(new DicomValue.BulkData(b.offset(), b.length()));
        ByteRange table = ranges.getFirst();
        return StoredFrames.encapsulated(file, ts, d,
                new DicomValue.Fragments(new DicomValue.BulkData(table.offset(), table.length()), fragments));
    }

    /**
     * A single-frame instance without a frame row (schema version 1) is fully described by its
     * instance row; a multi-frame one is not, and its header is parsed once.
     */
    private static List<FrameAttributes> fallbackFrames(InstanceRecord r) throws PixelDataException {
        if (r.frames() <= 1) {
            return List.of(new FrameAttributes(1, r.imagePosition(), r.imageOrientation(), r.pixelSpacing(),
                    r.sliceThickness(), r.rescaleSlope(), r.rescaleIntercept(), r.windowCenter(), r.windowWidth(),
                    null, null, null, null, null, null));
        }
        try (DicomFile f = DicomReader.read(r.file())) {
            return FrameAttributesReader.read(f.dataSet());
        } catch (IOException | DicomParseException e) {
            throw new PixelDataException(r.file() + ": cannot read frame geometry: " + e.getMessage());
        }
    }

    private static byte[] reparse(InstanceRecord r, int index) throws IOException, PixelDataException {
        return reparse(r.file(), index);
    }

    static byte[] reparse(java.nio.file.Path file, int index) throws IOException, PixelDataException {
        // offsets of a deflated data set point into its inflated bytes: inflate it again (rare)
        try (DicomFile f = DicomReader.read(file)) {
            return new FrameReader(f).frame(index);
        } catch (DicomParseException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
