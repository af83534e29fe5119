package io.radstream.render;

import io.radstream.render.display.LookupTable;
import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.series.MappedVolume;
import io.radstream.volume.series.Volume;

import java.util.OptionalInt;

/**
 * Reformats of volumes whose slices map stored values through a Modality LUT Sequence, on any
 * backend: the reformat is rendered from a copy of the volume whose voxels are the LUT outputs
 * (modality values, 16 bits unsigned, rescale 1 / 0, the source's VOI attributes without the
 * LUT), so every backend interpolates and projects modality values, then applies the VOI — the
 * order PS3.3 C.11 implies. Native slices, and volumes without a Modality LUT, pass through.
 *
 * <p>The copy is built once per volume ({@link Volume#derived}) and freed with it; built while the
 * volume still loads, it maps each slice as it arrives ({@link MappedVolume}). A volume where only
 * some slices carry a LUT has no copy (the other slices' rescaled values may not fit 16 unsigned
 * bits): its reformats stay refused by {@link DisplayTables#reformatFunction}.
 *
 * <p>Pixel padding after mapping: the copy's Pixel Padding Value is the LUT output of the source's
 * padding value, where every slice's LUT maps it to the same output (otherwise the copy has none).
 * A reformat only sees modality values, so real voxels the LUT maps to that same output count as
 * padding too (MinIP skips them): after the LUT they cannot be told apart.
 */
public final class ModalityLutReformats implements Renderer {
    private static final Object KEY = ModalityLutReformats.class;

    private final Renderer inner;

    private ModalityLutReformats(Renderer inner) {
        this.inner = inner;
    }

    /** {@code r} with reformats of Modality LUT volumes rendered from their mapped copy. */
    public static Renderer of(Renderer r) {
        return r instanceof ModalityLutReformats ? r : new ModalityLutReformats(r);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Frame render(ViewState state, Volume volume) {
        if (state.mode() != ViewState.Mode.MPR || !mappable(volume)) return inner.render(state, volume);
        Volume mapped;
        try {
            mapped = mappedCopy(volume);
        } catch (IllegalArgumentException malformed) {
            // a LUT that does not parse (native slices show the rescale instead): the backend refuses, as before
            return inner.render(state, volume);
        }
        if (!mapped.tryRetain()) throw new IllegalStateException("mapped copy released while its volume is in use");
        try {
            return inner.render(state, mapped);
        } finally {
            mapped.release();
        }
    }

    /** Every slice carries a Modality LUT (checked per distinct attributes instance, cheap per frame). */
    static boolean mappable(Volume v) {
        DisplayAttributes last = null;
        for (int k = 0; k < v.slices(); k++) {
            DisplayAttributes a = v.displayAttributes(k);
            if (a == last) continue;
            if (a.modalityLut() == null) return false;
            last = a;
        }
        return v.slices() > 0;
    }

    /**
     * The volume's mapped copy, made on first use and held until the volume is freed; the caller
     * holds a reference to {@code volume}. The volume must be {@link #mappable}.
     */
    static Volume mappedCopy(Volume volume) {
        return volume.<Copy>derived(KEY, v -> new Copy(build(v))).volume;
    }

    private static Volume build(Volume v) {
        LookupTable[] luts = new LookupTable[v.slices()];
        DisplayAttributes.Lut last = null;
        for (int k = 0; k < luts.length; k++) {
            DisplayAttributes.Lut l = v.displayAttributes(k).modalityLut();
            luts[k] = l == last && k > 0 ? luts[k - 1] : LookupTable.of(l, v.signed());
            last = l;
        }
        return MappedVolume.of(v, k -> luts[k]::apply, ModalityLutReformats::withoutModalityLut, padding(v, luts));
    }

    private static OptionalInt padding(Volume v, LookupTable[] luts) {
        OptionalInt p = v.pixelPadding();
        if (p.isEmpty()) return p;
        int out = luts[0].apply(p.getAsInt());
        for (LookupTable t : luts) if (t.apply(p.getAsInt()) != out) return OptionalInt.empty();
        return OptionalInt.of(out);
    }

    private static DisplayAttributes withoutModalityLut(DisplayAttributes a) {
        return new DisplayAttributes(null, a.windows(), a.voiLutFunction(), a.voiLuts(), a.presentationLutShape());
    }

    /** The copy as {@link Volume#derived} keeps it: released with the source. */
    private record Copy(Volume volume) implements AutoCloseable {
        @Override
        public void close() {
            volume.release();
        }
    }
}
