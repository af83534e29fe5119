package io.radstream.volume.series;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomParseException;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.frames.FrameAttributesReader;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.pixel.StoredFrames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of DICOM files as {@link SeriesSlice}s: every frame of a multi-frame object becomes one,
 * with its own plane and rescale from the functional groups. Each file is parsed once; a frame is
 * later read by file offset (native) or through its fragments (encapsulated) without parsing again.
 * Deflated files are the exception: their frames are read by parsing the file again.
 */
public final class FileSlices {
    private FileSlices() {}

    /**
     * All images of the files, files in the order given and frames in frame order. Objects without
     * pixel data (reports, presentation states) have no images and are passed over.
     */
    public static List<SeriesSlice> read(List<Path> files) throws IOException, DicomParseException, PixelDataException {
        List<SeriesSlice> out = new ArrayList<>();
        for (Path file : files) out.addAll(read(file));
        return out;
    }

    public static List<SeriesSlice> read(Path file) throws IOException, DicomParseException, PixelDataException {
        try (DicomFile dicom = DicomReader.read(file)) {
            Attributes ds = dicom.dataSet();
            if (!ds.contains(Tag.PixelData) && !ds.contains(Tag.FloatPixelData) && !ds.contains(Tag.DoubleFloatPixelData)) {
                return List.of();
            }
            PixelDescription d = PixelDescription.of(ds);
            List<FrameAttributes> frames = FrameAttributesReader.read(ds);
            String sop = ds.getString(Tag.SOPInstanceUID, dicom.fileMeta().getString(Tag.MediaStorageSOPInstanceUID, file.toString()));
            double[] in = ds.getDoubles(Tag.InstanceNumber);
            Integer instanceNumber = in.length == 0 || Double.isNaN(in[0]) ? null : (int) in[0];
            StoredFrames stored = dicom.transferSyntax().deflated() ? null : StoredFrames.of(dicom);
            List<io.radstream.volume.frames.DisplayAttributes> display =
                    io.radstream.volume.frames.DisplayAttributes.perFrame(ds, frames.size());
            List<SeriesSlice> out = new ArrayList<>(frames.size());
            for (FrameAttributes f : frames) {
                int index = f.frameNumber() - 1;
                SliceSource.PixelReader reader = stored != null ? () -> stored.frame(index) : () -> reparse(file, index);
                out.add(new SeriesSlice(new SliceRef(sop, instanceNumber, f.frameNumber()), f, d, reader, display.get(index)));
            }
            return out;
        }
    }

    private static byte[] reparse(Path file, int index) throws IOException, PixelDataException {
        try (DicomFile again = DicomReader.read(file)) {
            return new FrameReader(again).frame(index);
        } catch (DicomParseException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
