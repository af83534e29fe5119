package io.radstream.volume.store;

import io.radstream.volume.frames.FrameAttributes;

import java.util.List;
import java.util.Objects;

/**
 * Everything the index records about one stored instance, grouped by the level of the DICOM
 * information model it belongs to. The patient, study and series parts are taken from the first
 * instance that creates the row; later instances of the same study or series do not rewrite them.
 *
 * @param frames one entry per frame of an image (a single-frame image has one): per-frame geometry
 *               and grouping attributes, so a series opens into volumes without parsing a header;
 *               empty for objects without pixel data
 * @param display the first frame's display attributes (VOI presets, LUTs), or {@code null}
 * @param lossyCompression what the image states about its lossy-compression history, or {@code null}
 * @param graphics whether the header holds overlays, a display shutter or a palette ({@code null}: not known)
 */
public record IndexEntry(Patient patient, Study study, Series series, InstanceRecord instance,
                         List<FrameAttributes> frames, io.radstream.volume.frames.DisplayAttributes display,
                         LossyCompression lossyCompression, Boolean graphics) {

    public IndexEntry {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(instance, "instance");
        frames = frames == null ? List.of() : List.copyOf(frames);
        if (!series.seriesInstanceUid().equals(instance.seriesInstanceUid())) {
            throw new IllegalArgumentException("instance is not in series " + series.seriesInstanceUid());
        }
    }

    /** An entry without display attributes beyond what the frame rows record, nor a lossy-compression history. */
    public IndexEntry(Patient patient, Study study, Series series, InstanceRecord instance, List<FrameAttributes> frames) {
        this(patient, study, series, instance, frames, null, null, null);
    }

    /** An entry without per-frame rows (as schema version 1 indexed). */
    public IndexEntry(Patient patient, Study study, Series series, InstanceRecord instance) {
        this(patient, study, series, instance, List.of(), null, null, null);
    }

    /** Patient module: every value may be {@code null}. */
    public record Patient(String patientId, String name, String birthDate, String sex) {}

    public record Study(String studyInstanceUid, String studyDate, String studyTime, String accessionNumber,
                        String description) {
        public Study {
            Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        }
    }

    public record Series(String seriesInstanceUid, String modality, Integer seriesNumber, String description,
                         String frameOfReferenceUid) {
        public Series {
            Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        }
    }
}
