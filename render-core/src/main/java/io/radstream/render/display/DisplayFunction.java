package io.radstream.render.display;

import io.radstream.render.VoiLut;

/**
 * Modality value → 8-bit display value for reformats, whose values are interpolated and so are
 * not stored values a table could be indexed by: the VOI function evaluated per sample, then the
 * presentation inversion. The same 8-bit rule as {@link DisplayLut#apply}: the VOI's output
 * fraction f in [0, 1] becomes floor(f·255 + 0.5). A VOI LUT takes its nearest entry
 * (input rounded half up), the natural reading of a table at a fractional input.
 */
public final class DisplayFunction {
    /** What the GPU shaders switch on; ordinals are uniform values. */
    public enum Kind { LINEAR, LINEAR_EXACT, SIGMOID, TABLE }

    private final Kind kind;
    private final double center, width;
    private final LookupTable lut;
    private final boolean inverse;

    public DisplayFunction(VoiTransform voi, boolean inverse) {
        this.inverse = inverse;
        switch (voi) {
            case VoiTransform.Window w -> {
                kind = switch (w.function()) {
                    case LINEAR -> Kind.LINEAR;
                    case LINEAR_EXACT -> Kind.LINEAR_EXACT;
                    case SIGMOID -> Kind.SIGMOID;
                };
                center = w.center();
                width = w.width();
                lut = null;
            }
            case VoiTransform.Table t -> {
                kind = Kind.TABLE;
                center = 0;
                width = 1;
                lut = t.lut();
            }
        }
    }

    public Kind kind() { return kind; }

    public double center() { return center; }

    public double width() { return width; }

    /** The VOI LUT for {@link Kind#TABLE}, else {@code null}. */
    public LookupTable lut() { return lut; }

    public boolean inverse() { return inverse; }

    /** Display value 0..255 of one modality value. */
    public int gray(double x) {
        int y = switch (kind) {
            case LINEAR -> VoiLut.apply(x, center, width); // the existing arithmetic, bit for bit
            case LINEAR_EXACT -> {
                if (x <= center - width / 2) yield 0;
                if (x > center + width / 2) yield 255;
                yield eight((x - center) / width + 0.5);
            }
            case SIGMOID -> eight(1 / (1 + Math.exp(-4 * (x - center) / width)));
            case TABLE -> eight(lut.apply((int) Math.floor(x + 0.5)) / (double) lut.maxOutput());
        };
        return inverse ? 255 - y : y;
    }

    private static int eight(double f) {
        return (int) Math.floor(Math.max(0, Math.min(1, f)) * 255 + 0.5);
    }
}
