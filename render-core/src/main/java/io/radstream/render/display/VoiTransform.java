package io.radstream.render.display;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.Tag;

/**
 * Modality value → display fraction in [0, 1] (PS3.3 C.11.2): a window with its VOI LUT Function
 * (LINEAR, LINEAR_EXACT, SIGMOID: C.11.2.1.2 and C.11.2.1.3) or a VOI LUT Sequence item; the
 * first of either, a LUT preferred when both are present (as pydicom and most viewers do).
 */
public sealed interface VoiTransform {

    double apply(double x);

    enum Function { LINEAR, LINEAR_EXACT, SIGMOID }

    record Window(double center, double width, Function function) implements VoiTransform {
        public Window {
            if (function == Function.LINEAR ? width < 1 : width <= 0) {
                throw new IllegalArgumentException("window width " + width + " is invalid for " + function);
            }
        }

        @Override
        public double apply(double x) {
            return switch (function) {
                case LINEAR -> {
                    double c = center - 0.5, w = width - 1;
                    if (x <= c - w / 2) yield 0;
                    if (x > c + w / 2) yield 1;
                    yield (x - c) / w + 0.5;
                }
                case LINEAR_EXACT -> {
                    if (x <= center - width / 2) yield 0;
                    if (x > center + width / 2) yield 1;
                    yield (x - center) / width + 0.5;
                }
                case SIGMOID -> 1 / (1 + Math.exp(-4 * (x - center) / width));
            };
        }
    }

    record Table(LookupTable lut) implements VoiTransform {
        @Override
        public double apply(double x) {
            return lut.apply((int) Math.floor(x)) / (double) lut.maxOutput();
        }
    }

    /**
     * The data set's first VOI, or {@code null} when it has none (the caller picks a window).
     *
     * @param modalityIsSigned the modality values can be negative (for the LUT's first-mapped value)
     */
    static VoiTransform of(Attributes ds, boolean modalityIsSigned) {
        Attributes lut = ds.getItem(Tag.VOILUTSequence);
        if (LookupTable.present(lut)) return new Table(LookupTable.of(lut, modalityIsSigned));
        double[] c = ds.getDoubles(Tag.WindowCenter), w = ds.getDoubles(Tag.WindowWidth);
        if (c.length == 0 || w.length == 0) return null;
        String f = ds.getString(Tag.VOILUTFunction, "LINEAR").trim().toUpperCase(java.util.Locale.ROOT);
        Function function = switch (f) {
            case "LINEAR_EXACT" -> Function.LINEAR_EXACT;
            case "SIGMOID" -> Function.SIGMOID;
            default -> Function.LINEAR;
        };
        boolean valid = function == Function.LINEAR ? w[0] >= 1 : w[0] > 0;
        return valid ? new Window(c[0], w[0], function) : null; // a zero width (seen in the wild) defines no window

    }
}
