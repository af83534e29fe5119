package io.radstream.render.display;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.Tag;

/**
 * Stored value → modality value (PS3.3 C.11.1): the linear rescale, or a Modality LUT Sequence
 * (which takes precedence: the two are mutually exclusive in the standard, and a LUT is the more
 * specific). A closed hierarchy, applied with an exhaustive switch.
 */
public sealed interface ModalityTransform {

    double apply(int stored);

    record Rescale(double slope, double intercept) implements ModalityTransform {
        @Override
        public double apply(int stored) {
            return stored * slope + intercept;
        }
    }

    record Table(LookupTable lut) implements ModalityTransform {
        @Override
        public double apply(int stored) {
            return lut.apply(stored);
        }
    }

    static ModalityTransform of(Attributes ds) {
        Attributes lut = ds.getItem(Tag.ModalityLUTSequence);
        if (LookupTable.present(lut)) return new Table(LookupTable.of(lut, ds.getInt(Tag.PixelRepresentation, 0) == 1));
        return new Rescale(ds.getDouble(Tag.RescaleSlope, 1), ds.getDouble(Tag.RescaleIntercept, 0));
    }
}
