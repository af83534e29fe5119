package io.radstream.volume.store;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomParseException;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDataException;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes the fast-open form ({@link FastForm#RAW}) of a stored instance: parses the stored copy
 * once, decodes every frame with the same {@link FrameReader} a viewer would use, and writes the
 * stored values back to back into the sidecar file, then records it in the index. The original
 * file is only read.
 */
final class FastFormWriter {
    private FastFormWriter() {}

    /** Writes and records the fast form; returns its size in bytes. */
    static long write(StudyIndex index, InstanceRecord r) throws IOException {
        StudyStore store = index.store();
        long size;
        try (DicomFile f = DicomReader.read(store.pathOf(r.storageKey()))) {
            FrameReader reader = new FrameReader(f);
            long frameBytes = reader.description().decodedFrameBytes();
            int frames = reader.description().frames();
            size = store.putFastForm(r.storageKey(), out -> {
                for (int k = 0; k < frames; k++) {
                    byte[] frame;
                    try {
                        frame = reader.frame(k);
                    } catch (PixelDataException e) {
                        throw new IOException("frame " + (k + 1) + ": " + e.getMessage(), e);
                    }
                    if (frame.length != frameBytes) {
                        throw new IOException("frame " + (k + 1) + " decoded to " + frame.length + " bytes, expected " + frameBytes);
                    }
                    ByteBuffer b = ByteBuffer.wrap(frame);
                    while (b.hasRemaining()) out.write(b);
                }
            });
            if (size != frameBytes * frames) throw new IOException("fast form of " + size + " bytes, expected " + frameBytes * frames);
        } catch (DicomParseException | PixelDataException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!index.setFastForm(r.sopInstanceUid(), FastForm.RAW, size).join()) {
            store.deleteFastForm(r.storageKey());
            throw new IOException("instance no longer indexed");
        }
        return size;
    }
}
