package io.radstream.volume.store;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.Tag;

import java.util.Arrays;
import java.util.Objects;

/**
 * What an image says about its own lossy-compression history (PS3.3 C.7.6.1.1.5): Lossy Image
 * Compression (0028,2110) "01" when the pixels have ever been lossy-compressed, and for each
 * compression step its ratio (0028,2112) and method (0028,2114). A radiologist must be told, and
 * with what ratio: the image may no longer be fit for some diagnoses.
 *
 * @param lossy   (0028,2110) is "01"
 * @param ratios  the ratios of each compression step, in order (may be empty)
 * @param methods the methods of each step, e.g. ISO_10918_1 (may be empty)
 */
public record LossyCompression(boolean lossy, double[] ratios, String[] methods) {

    public LossyCompression {
        ratios = ratios == null ? new double[0] : ratios.clone();
        methods = methods == null ? new String[0] : methods.clone();
    }

    /** From an image's attributes; {@code null} when it does not say (the attribute is absent). */
    public static LossyCompression of(Attributes ds) {
        String flag = ds.getString(Tag.LossyImageCompression);
        if (flag == null || flag.isBlank()) return null;
        double[] ratios = Arrays.stream(ds.getDoubles(Tag.LossyImageCompressionRatio)).filter(r -> Double.isFinite(r) && r > 0).toArray();
        String[] methods = ds.getStrings(Tag.LossyImageCompressionMethod);
        return new LossyCompression("01".equals(flag.trim()), ratios, methods == null ? new String[0] : methods);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossyCompression l && lossy == l.lossy && Arrays.equals(ratios, l.ratios) && Arrays.equals(methods, l.methods);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lossy, Arrays.hashCode(ratios), Arrays.hashCode(methods));
    }

    @Override
    public String toString() {
        return "LossyCompression[lossy=" + lossy + ", ratios=" + Arrays.toString(ratios) + ", methods=" + Arrays.toString(methods) + "]";
    }
}
