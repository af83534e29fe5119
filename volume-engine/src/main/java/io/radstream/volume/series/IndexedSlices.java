package io.radstream.volume.series;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomParseException;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.TransferSyntax;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.NativeFrameDecoder;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.store.InstanceRecord;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Slices of a series straight from the index: geometry and pixel locations were recorded at
 * ingest, so opening reads only pixel bytes, never a header (the point of indexing at ingest:
 * time to first image independent of study size).
 */
public final class IndexedSlices {
    private IndexedSlices() {}

    /** The image instances of a series that can form a stack (single-frame, with a plane). */
    public static List<SliceSource> of(List<InstanceRecord> instances) {
        List<SliceSource> out = new ArrayList<>();
        for (InstanceRecord r : instances) {
            if (!r.hasPixelData() || r.frames() != 1 || r.samplesPerPixel() != 1) continue;
            if (r.imagePosition().length != 3 || r.imageOrientation().length != 6) continue;
            double[] spacing = r.pixelSpacing().length == 2 ? r.pixelSpacing() : new double[]{1, 1};
            out.add(new SliceSource(r.imagePosition(), r.imageOrientation(), spacing, r.rows(), r.columns(),
                    r.rescaleSlope(), r.rescaleIntercept(), () -> readFrame(r)));
        }
        return out;
    }

    /** The pixel format shared by the stack, from its first instance. */
    public static VolumeLoader.PixelFormat formatOf(InstanceRecord r) {
        double[] c = r.windowCenter(), w = r.windowWidth();
        double[] window = c.length > 0 && w.length > 0 && w[0] >= 1 ? new double[]{c[0], w[0]} : null;
        return new VolumeLoader.PixelFormat(r.bitsAllocated(), r.pixelRepresentation() == 1,
                r.photometricInterpretation(), window);
    }

    static byte[] readFrame(InstanceRecord r) throws IOException, PixelDataException {
        if (r.encapsulated()) {
            throw new PixelDataException(r.pixelDataOffset(), "no decoder for transfer syntax "
                    + TransferSyntax.of(r.transferSyntaxUid()).name() + " yet");
        }
        if (r.deflated()) {
            // offsets point into the inflated data set: read it again (rare; ingest may re-encode later)
            try (DicomFile f = DicomReader.read(r.file())) {
                return new FrameReader(f).frame(0);
            } catch (DicomParseException e) {
                throw new IOException(r.file() + ": " + e.getMessage(), e);
            }
        }
        PixelDescription d = new PixelDescription(r.rows(), r.columns(), 1, r.samplesPerPixel(), r.bitsAllocated(),
                r.bitsStored(), r.highBit(), r.pixelRepresentation() == 1, r.photometricInterpretation(),
                r.planarConfiguration(), Tag.PixelData);
        long[] range = NativeFrameDecoder.frameRange(d, 0);
        int len = (int) (range[1] - range[0]);
        if (r.pixelDataLength() < len) {
            throw new PixelDataException(r.pixelDataOffset(), "Pixel Data holds " + r.pixelDataLength()
                    + " bytes, a frame needs " + len);
        }
        byte[] stored = new byte[len];
        try (RandomAccessFile raf = new RandomAccessFile(r.file().toFile(), "r")) {
            raf.seek(r.pixelDataOffset() + range[0]);
            raf.readFully(stored);
        }
        boolean big = TransferSyntax.of(r.transferSyntaxUid()).bigEndian();
        return NativeFrameDecoder.decode(d, 0, stored, big, false);
    }
}
