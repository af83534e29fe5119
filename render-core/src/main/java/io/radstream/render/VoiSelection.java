package io.radstream.render;

/**
 * Which VOI (PS3.3 C.11.2) the viewer is looking at: the data set's own preset {@code n} (a
 * window with its VOI LUT Function, or a VOI LUT; see {@link io.radstream.render.display.VoiPresets}
 * for the order), or the user's window ({@link ViewState#windowCenter()} / {@link ViewState#windowWidth()},
 * VOI LUT Function LINEAR), as set by a W/L drag.
 *
 * @param preset index into the slice's presets, or −1 for the user window
 */
public record VoiSelection(int preset) {
    /** The state's own center/width, LINEAR. What every state built without a selection shows. */
    public static final VoiSelection USER = new VoiSelection(-1);

    public VoiSelection {
        if (preset < -1) throw new IllegalArgumentException("VOI preset " + preset + " is invalid");
    }

    public static VoiSelection preset(int n) {
        if (n < 0) throw new IllegalArgumentException("VOI preset index must be ≥ 0, got " + n);
        return new VoiSelection(n);
    }

    public boolean isUser() {
        return preset < 0;
    }
}
