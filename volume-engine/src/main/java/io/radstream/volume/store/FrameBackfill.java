package io.radstream.volume.store;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomParseException;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.frames.FrameAttributes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Fills the {@code frame} table for image instances indexed by schema version 1, which had none:
 * each such stored file is parsed once, when the migrated index is first opened, so that opening a
 * series never has to. A file that cannot be read is logged and tried again at the next open; its
 * series then opens without that instance's frames.
 */
final class FrameBackfill {
    private static final System.Logger LOG = System.getLogger(FrameBackfill.class.getName());

    private FrameBackfill() {}

    static void run(StudyIndex index) {
        List<Map.Entry<Long, String>> missing = index.instancesWithoutFrames();
        if (missing.isEmpty()) return;
        LOG.log(System.Logger.Level.INFO, "index: adding frame rows for {0} instance(s) indexed before schema version 2",
                missing.size());
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (Map.Entry<Long, String> m : missing) {
            List<FrameAttributes> frames;
            try (DicomFile f = DicomReader.read(index.store().pathOf(m.getValue()))) {
                frames = IndexEntryReader.frames(f.dataSet());
            } catch (IOException | DicomParseException | NotIndexableException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "index: no frame rows for stored file {0}: {1}", m.getValue(), e.getMessage());
                continue;
            }
            writes.add(index.addFrames(m.getKey(), frames));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }
}
