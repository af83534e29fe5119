package io.radstream.volume.store;

/** A well-formed DICOM file that cannot be placed in the patient/study/series/instance hierarchy. */
final class NotIndexableException extends Exception {
    NotIndexableException(String reason) {
        super(reason);
    }
}
