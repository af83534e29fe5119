package io.radstream.volume.store;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.Tag;

import java.util.List;

/**
 * Finds an attribute where an image keeps it: at the top level (classic single-frame IODs), else in
 * the Shared Functional Groups, else in the first frame's Per-frame Functional Groups (enhanced
 * multi-frame IODs, PS3.3 §C.7.6.16).
 */
final class FunctionalGroups {
    private FunctionalGroups() {}

    /**
     * The data set holding {@code tag} with a value: {@code dataSet} itself, or the item of the
     * functional group macro {@code macroSequence}; {@code null} when none has it.
     */
    static Attributes holderOf(Attributes dataSet, int macroSequence, int tag) {
        if (dataSet.hasValue(tag)) return dataSet;
        Attributes shared = macroItem(dataSet.getItem(Tag.SharedFunctionalGroupsSequence), macroSequence);
        if (shared != null && shared.hasValue(tag)) return shared;
        List<Attributes> perFrame = dataSet.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        Attributes first = perFrame.isEmpty() ? null : macroItem(perFrame.getFirst(), macroSequence);
        return first != null && first.hasValue(tag) ? first : null;
    }

    static double[] doubles(Attributes dataSet, int macroSequence, int tag) {
        Attributes holder = holderOf(dataSet, macroSequence, tag);
        return holder == null ? new double[0] : holder.getDoubles(tag);
    }

    private static Attributes macroItem(Attributes group, int macroSequence) {
        return group == null ? null : group.getItem(macroSequence);
    }
}
