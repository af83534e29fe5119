package io.radstream.volume.series;

import java.util.Comparator;

/**
 * Names one image of a series for reports: its SOP instance and, in a multi-frame instance, its
 * frame. Carries UIDs and numbers only, never patient data.
 *
 * @param frameNumber 1-based; 1 for a single-frame instance
 */
public record SliceRef(String sopInstanceUid, Integer instanceNumber, int frameNumber) {

    /** Instance Number (absent last), then frame number, then SOP Instance UID: "first" in every rule. */
    public static final Comparator<SliceRef> INSTANCE_ORDER = Comparator
            .comparing(SliceRef::instanceNumber, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(SliceRef::frameNumber)
            .thenComparing(SliceRef::sopInstanceUid);

    @Override
    public String toString() {
        return sopInstanceUid + (frameNumber > 1 || instanceNumber == null ? "#" + frameNumber : "")
                + (instanceNumber == null ? "" : " (instance " + instanceNumber + ")");
    }
}
