package io.radstream.volume.store;

import java.util.List;

/**
 * One row of the study list: the study, its patient and how much it holds.
 *
 * @param studyKey         opaque key for URLs and caches: the first 16 hex characters of the
 *                         SHA-256 of the Study Instance UID
 * @param patientBirthDate DICOM DA (YYYYMMDD), or {@code null}
 * @param studyDate        DICOM DA (YYYYMMDD), or {@code null}
 * @param studyTime        DICOM TM (HHMMSS.FFFFFF), or {@code null}
 * @param modalities       distinct modalities of the study's series, sorted
 */
public record StudySummary(String studyKey, String studyInstanceUid, String patientName, String patientId,
                           String patientBirthDate, String patientSex, String accessionNumber, String studyDate,
                           String studyTime, List<String> modalities, String description, int seriesCount,
                           int instanceCount) {
    public StudySummary {
        modalities = List.copyOf(modalities);
    }
}
