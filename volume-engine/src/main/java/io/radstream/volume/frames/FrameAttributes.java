package io.radstream.volume.frames;

import java.util.Arrays;
import java.util.Objects;

/**
 * What opening needs to know about one frame (a single-frame image is one frame): its plane, its
 * pixel value transformation and display window, and the attributes that decide which stack it
 * belongs to. Read by {@link FrameAttributesReader}; kept in the index, one row per frame, so that a
 * series becomes volumes without reparsing a header.
 *
 * <p>Absent values are empty arrays or {@code null}; rescale defaults to identity.
 *
 * @param frameNumber       1-based frame number within its instance (PS3.3 §C.7.6.6)
 * @param imagePosition     Image Position (Patient), 3 values, mm (PS3.3 §C.7.6.2.1.1)
 * @param imageOrientation  Image Orientation (Patient), 6 direction cosines
 * @param pixelSpacing      Pixel Spacing: row spacing, column spacing, mm
 * @param sliceThickness    Slice Thickness, mm
 * @param rescaleSlope      Rescale Slope (PS3.3 §C.11.1.1.2; per frame in PET and enhanced objects)
 * @param rescaleIntercept  Rescale Intercept
 * @param windowCenter      Window Center values (PS3.3 §C.11.2)
 * @param windowWidth       Window Width values
 * @param imageType         Image Type, or Frame Type of an enhanced object, values joined by backslash
 * @param stackId           Stack ID (PS3.3 §C.7.6.16.2.2.4)
 * @param inStackPosition   In-Stack Position Number
 * @param temporalPosition  Temporal Position Index (enhanced) or Temporal Position Identifier (classic)
 * @param acquisitionNumber Acquisition Number (0020,0012)
 * @param triggerTime       Trigger Time (classic) or Nominal Cardiac Trigger Delay Time (enhanced), ms
 */
public record FrameAttributes(int frameNumber, double[] imagePosition, double[] imageOrientation, double[] pixelSpacing,
                              Double sliceThickness, double rescaleSlope, double rescaleIntercept,
                              double[] windowCenter, double[] windowWidth, String imageType, String stackId,
                              Integer inStackPosition, Integer temporalPosition, Integer acquisitionNumber,
                              Double triggerTime) {

    private static final double[] NONE = new double[0];

    public FrameAttributes {
        if (frameNumber < 1) throw new IllegalArgumentException("frame numbers start at 1, got " + frameNumber);
        imagePosition = copy(imagePosition);
        imageOrientation = copy(imageOrientation);
        pixelSpacing = copy(pixelSpacing);
        windowCenter = copy(windowCenter);
        windowWidth = copy(windowWidth);
    }

    private static double[] copy(double[] a) {
        return a == null || a.length == 0 ? NONE : a.clone();
    }

    /** The frame has a plane in patient space and can be part of a volume. */
    public boolean hasPlane() {
        return imagePosition.length == 3 && imageOrientation.length == 6;
    }

    /**
     * Image Type value 3 (or any later value) is LOCALIZER: a scout, never part of a volume
     * (PS3.3 §C.8.2.1.1.1 for CT; other modalities use the same term).
     */
    public boolean isLocalizer() {
        if (imageType == null) return false;
        for (String v : imageType.split("\\\\")) if (v.trim().equals("LOCALIZER")) return true;
        return false;
    }

    @Override public double[] imagePosition() { return imagePosition.clone(); }
    @Override public double[] imageOrientation() { return imageOrientation.clone(); }
    @Override public double[] pixelSpacing() { return pixelSpacing.clone(); }
    @Override public double[] windowCenter() { return windowCenter.clone(); }
    @Override public double[] windowWidth() { return windowWidth.clone(); }

    // Records compare arrays by identity; a frame read back from the index must equal the one written.
    @Override
    public boolean equals(Object o) {
        return o instanceof FrameAttributes f && frameNumber == f.frameNumber
                && Arrays.equals(imagePosition, f.imagePosition) && Arrays.equals(imageOrientation, f.imageOrientation)
                && Arrays.equals(pixelSpacing, f.pixelSpacing) && Objects.equals(sliceThickness, f.sliceThickness)
                && Double.compare(rescaleSlope, f.rescaleSlope) == 0
                && Double.compare(rescaleIntercept, f.rescaleIntercept) == 0
                && Arrays.equals(windowCenter, f.windowCenter) && Arrays.equals(windowWidth, f.windowWidth)
                && Objects.equals(imageType, f.imageType) && Objects.equals(stackId, f.stackId)
                && Objects.equals(inStackPosition, f.inStackPosition) && Objects.equals(temporalPosition, f.temporalPosition)
                && Objects.equals(acquisitionNumber, f.acquisitionNumber) && Objects.equals(triggerTime, f.triggerTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(frameNumber, Arrays.hashCode(imagePosition), stackId, temporalPosition);
    }

    @Override
    public String toString() {
        return "Frame[" + frameNumber + ", position=" + Arrays.toString(imagePosition) + ", orientation="
                + Arrays.toString(imageOrientation) + ", spacing=" + Arrays.toString(pixelSpacing) + ", rescale="
                + rescaleSlope + "/" + rescaleIntercept + ", type=" + imageType + ", stack=" + stackId + "/"
                + inStackPosition + ", temporal=" + temporalPosition + ", acquisition=" + acquisitionNumber
                + ", trigger=" + triggerTime + "]";
    }
}
