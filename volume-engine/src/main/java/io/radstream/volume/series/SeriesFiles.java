package io.radstream.volume.series;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomParseException;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a volume straight from a list of single-frame files (CLI, tests). The server opens studies
 * from the index instead, which never reparses headers.
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
                slices.add(sliceOf(file, ds, d));
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
                ds.getDouble(Tag.RescaleSlope, 1), ds.getDouble(Tag.RescaleIntercept, 0), () -> {
            try (DicomFile again = DicomReader.read(file)) {
                return new FrameReader(again).frame(0);
            } catch (DicomParseException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }, io.radstream.volume.frames.DisplayAttributes.of(ds));
    }

    /** First Window Center/Width pair (PS3.3 C.11.2), or {@code null}. */
    public static double[] windowOf(Attributes ds) {
        double[] c = ds.getDoubles(Tag.WindowCenter);
        double[] w = ds.getDoubles(Tag.WindowWidth);
        return c.length > 0 && w.length > 0 && w[0] >= 1 ? new double[]{c[0], w[0]} : null;
    }
}
