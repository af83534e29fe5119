package io.radstream.volume.store;

/**
 * One series of a study.
 *
 * @param seriesNumber  (0020,0011), or {@code null} when absent
 * @param instanceCount instances indexed in this series
 */
public record SeriesRecord(String seriesInstanceUid, String studyInstanceUid, String modality, Integer seriesNumber,
                           String description, String frameOfReferenceUid, int instanceCount) {}
