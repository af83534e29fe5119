package io.radstream.volume.store;

import java.util.List;

/**
 * The outcome of one import. Every file found is counted exactly once: {@code imported} (newly
 * stored and indexed), {@code skipped} (already in the store, or a DICOMDIR), or one entry in
 * {@code errors} (not DICOM, corrupt, or without the UIDs the index needs).
 */
public record ImportReport(int imported, int skipped, List<ImportError> errors) {
    public ImportReport {
        errors = List.copyOf(errors);
    }

    public int filesSeen() {
        return imported + skipped + errors.size();
    }
}
