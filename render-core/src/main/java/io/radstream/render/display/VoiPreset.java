package io.radstream.render.display;

/**
 * One of a data set's own VOIs, as the viewer offers it: a window with the object's VOI LUT
 * Function, or a VOI LUT Sequence item.
 *
 * @param name what the viewer shows: the Window Center & Width Explanation, else "window n";
 *             "VOI LUT n" for a table (n from 1, in the object's order)
 */
public record VoiPreset(String name, VoiTransform voi) {

    /**
     * The window a W/L drag starts from when leaving this preset: the window itself, or for a
     * table the window spanning its input range (so the drag starts near what was on screen).
     */
    public double[] startWindow() {
        return switch (voi) {
            case VoiTransform.Window w -> new double[]{w.center(), Math.max(1, w.width())};
            case VoiTransform.Table t -> new double[]{t.lut().firstMapped() + t.lut().data().length / 2.0,
                    Math.max(1, t.lut().data().length)};
        };
    }
}
