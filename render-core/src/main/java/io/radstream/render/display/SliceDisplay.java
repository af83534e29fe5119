package io.radstream.render.display;

import io.radstream.render.VoiSelection;
import io.radstream.volume.frames.DisplayAttributes;

import java.util.ArrayList;
import java.util.List;

/**
 * One slice's display pipeline, parsed from its {@link DisplayAttributes}: the modality transform,
 * the VOI presets the data offers, and whether the presentation inverts (MONOCHROME1 or
 * Presentation LUT Shape INVERSE, PS3.3 C.11.6).
 *
 * <p>Preset order: VOI LUT Sequence items first, then the windows — the object's first preset is
 * then what {@link DisplayLut#of} and pydicom's {@code apply_voi_lut(prefer_lut=True)} show.
 */
public record SliceDisplay(ModalityTransform modality, List<VoiPreset> presets, boolean inverse) {

    public SliceDisplay {
        presets = List.copyOf(presets);
    }

    /**
     * @param signed      stored values are two's complement (Pixel Representation 1)
     * @param photometric the volume's Photometric Interpretation
     */
    public static SliceDisplay of(DisplayAttributes a, double slope, double intercept, boolean signed, String photometric) {
        LookupTable modalityLut = a.modalityLut() == null ? null : parse(a.modalityLut(), signed);
        ModalityTransform m = modalityLut != null ? new ModalityTransform.Table(modalityLut)
                : new ModalityTransform.Rescale(slope, intercept);
        // the VOI LUT's first mapped value is signed when modality values can be negative (as DisplayLut.of)
        boolean signedModality = m instanceof ModalityTransform.Rescale && (signed || intercept < 0 || slope < 0);
        List<VoiPreset> presets = new ArrayList<>();
        for (int i = 0; i < a.voiLuts().size(); i++) {
            LookupTable t = parse(a.voiLuts().get(i), signedModality);
            if (t != null) presets.add(new VoiPreset("VOI LUT " + (i + 1), new VoiTransform.Table(t)));
        }
        VoiTransform.Function function = switch (a.voiLutFunction()) {
            case "LINEAR_EXACT" -> VoiTransform.Function.LINEAR_EXACT;
            case "SIGMOID" -> VoiTransform.Function.SIGMOID;
            default -> VoiTransform.Function.LINEAR;
        };
        for (int i = 0; i < a.windows().size(); i++) {
            DisplayAttributes.Window w = a.windows().get(i);
            boolean valid = function == VoiTransform.Function.LINEAR ? w.width() >= 1 : w.width() > 0;
            if (!valid) continue; // a zero width (seen in the wild) defines no window
            presets.add(new VoiPreset(w.explanation() != null ? w.explanation() : "window " + (i + 1),
                    new VoiTransform.Window(w.center(), w.width(), function)));
        }
        boolean inverse = "MONOCHROME1".equals(photometric) ^ "INVERSE".equals(a.presentationLutShape());
        return new SliceDisplay(m, presets, inverse);
    }

    /**
     * A malformed LUT (data shorter than its descriptor, bits out of range) is left out, as if the
     * object had not sent it: the rescale or the other presets still show the image.
     */
    private static LookupTable parse(DisplayAttributes.Lut lut, boolean signedInput) {
        try {
            return LookupTable.of(lut, signedInput);
        } catch (IllegalArgumentException e) {
            System.getLogger(SliceDisplay.class.getName()).log(System.Logger.Level.WARNING,
                    "LUT left out: {0}", e.getMessage());
            return null;
        }
    }

    /**
     * The VOI to apply: preset n (the last one where this slice has fewer: per-frame VOI may vary
     * in count), or the user window (LINEAR) when the selection says so or the slice has none.
     */
    public VoiTransform voi(VoiSelection selection, double center, double width) {
        if (selection.isUser() || presets.isEmpty()) {
            return new VoiTransform.Window(center, Math.max(1, width), VoiTransform.Function.LINEAR);
        }
        return presets.get(Math.min(selection.preset(), presets.size() - 1)).voi();
    }

    /** The name the viewer shows for the selection: the preset's, or "user". */
    public String voiName(VoiSelection selection) {
        if (selection.isUser() || presets.isEmpty()) return "user";
        return presets.get(Math.min(selection.preset(), presets.size() - 1)).name();
    }
}
