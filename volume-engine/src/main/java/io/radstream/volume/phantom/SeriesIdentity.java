package io.radstream.volume.phantom;

import java.time.LocalDateTime;

/**
 * What all slices of one phantom series share: new study, series and frame of reference UIDs
 * (PS3.3 §C.7.2.1, §C.7.3.1, §C.7.4.1) and the moment it was "acquired".
 */
record SeriesIdentity(String studyInstanceUid, String seriesInstanceUid, String frameOfReferenceUid,
                      LocalDateTime acquired, String accessionNumber) {

    static SeriesIdentity create(LocalDateTime now) {
        String series = UidGenerator.newUid();
        // SH allows 16 characters; derived from the series UID so it differs between phantoms
        String accession = "RS" + series.substring(series.length() - 12);
        return new SeriesIdentity(UidGenerator.newUid(), series, UidGenerator.newUid(), now.withNano(0), accession);
    }
}
