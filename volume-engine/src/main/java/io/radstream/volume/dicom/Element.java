package io.radstream.volume.dicom;

/**
 * One data element as read: tag, VR (explicit, or from the dictionary for implicit VR), its value,
 * and where its header starts in the data set source (for diagnostics).
 */
public record Element(int tag, VR vr, DicomValue value, long offset) {

    @Override
    public String toString() {
        return Tag.toString(tag) + " " + vr + " " + ElementDictionary.standard().keywordOf(tag);
    }
}
