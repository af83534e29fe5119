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

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a volume straight from a list of files (CLI, tests): single-frame slices, or the frames of
 * multi-frame objects (enhanced CT/MR, Breast Tomosynthesis) placed by their functional groups.
 * The server opens studies from the index instead, which never reparses headers.
 */
public final class SeriesFiles {
    private SeriesFiles() {}

    public static Volume load(List<Path> files, VolumeLoader loader) throws IOException, DicomParseException, PixelDataException {
        List<SliceSource> slices = new ArrayList<>();
        VolumeLoader.PixelFormat format = null;
        for (Path file : files) {
            try (DicomFile dicom = DicomReader.read(file)) {
                Attributes ds = dicom.dataSet();
                PixelDescription d = PixelDescription.of(ds);
                if (d.samplesPerPixel() != 1) throw new PixelDataException(file + ": colour images are not stacks");
                if (format == null) {
                    format = new VolumeLoader.PixelFormat(d.bitsAllocated(), d.signed(), d.photometric(), windowOf(ds));
                }
                if (FrameAttributesReader.numberOfFrames(ds) > 1) slices.addAll(framesOf(file, ds, d));
                else slices.add(sliceOf(file, ds, d));
            }
        }
        return loader.load(slices, format);
    }

    static SliceSource sliceOf(Path file, Attributes ds, PixelDescription d) throws PixelDataException {
        double[] position = ds.getDoubles(Tag.ImagePositionPatient);
        double[] orientation = ds.getDoubles(Tag.ImageOrientationPatient);
        double[] spacing = ds.getDoubles(Tag.PixelSpacing);
        if (position.length != 3 || orientation.length != 6) {
            throw new PixelDataException(file + ": no Image Position/Orientation (Patient): not part of a volume");
        }
        if (spacing.length != 2) spacing = new double[]{1, 1};
        return new SliceSource(position, orientation, spacing, d.rows(), d.columns(),
                ds.getDouble(Tag.RescaleSlope, 1), ds.getDouble(Tag.RescaleIntercept, 0), frame(file, 0),
                io.radstream.volume.frames.DisplayAttributes.of(ds));
    }

    /** Frame {@code index} (from 0) of the file, read when the loader asks for it. */
    private static SliceSource.PixelReader frame(Path file, int index) {
        return () -> {
            try (DicomFile again = DicomReader.read(file)) {
                return new FrameReader(again).frame(index);
            } catch (DicomParseException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        };
    }

    /**
     * The frames of a multi-frame object as slices: position, orientation, spacing, rescale and
     * per-frame VOI from the shared and per-frame functional groups; localizers and frames without
     * a plane are left out.
     */
    static List<SliceSource> framesOf(Path file, Attributes ds, PixelDescription d) throws PixelDataException {
        io.radstream.volume.frames.DisplayAttributes display = io.radstream.volume.frames.DisplayAttributes.of(ds);
        List<SliceSource> out = new ArrayList<>();
        for (FrameAttributes f : FrameAttributesReader.read(ds)) {
            if (!f.hasPlane() || f.isLocalizer()) continue;
            double[] spacing = f.pixelSpacing().length == 2 ? f.pixelSpacing() : new double[]{1, 1};
            out.add(new SliceSource(f.imagePosition(), f.imageOrientation(), spacing, d.rows(), d.columns(),
                    f.rescaleSlope(), f.rescaleIntercept(), frame(file, f.frameNumber() - 1),
                    f.windowCenter().length > 0 ? display.withWindows(f.windowCenter(), f.windowWidth()) : display));
        }
        if (out.isEmpty()) throw new PixelDataException(file + ": no frame has a plane position and orientation: not part of a volume");
        return out;
    }

    /** First Window Center/Width pair (PS3.3 C.11.2), or {@code null}. */
    public static double[] windowOf(Attributes ds) {
        double[] c = ds.getDoubles(Tag.WindowCenter);
        double[] w = ds.getDoubles(Tag.WindowWidth);
        return c.length > 0 && w.length > 0 && w[0] >= 1 ? new double[]{c[0], w[0]} : null;
    }
}
