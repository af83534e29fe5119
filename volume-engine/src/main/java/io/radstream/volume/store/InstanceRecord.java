package io.radstream.volume.store;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One indexed SOP instance: where its file is, how its pixels are encoded and where they lie, and
 * the geometry and display values a viewer needs before it reads a single pixel.
 *
 * <p>Absent values: {@code null} for the boxed components; empty arrays for geometry and windows;
 * 0 for the Image Pixel module integers of an object without pixel data. For an enhanced
 * multi-frame object the geometry and windows are those of the first frame (from the functional
 * groups when the top level has none).
 *
 * @param storageKey        the key of the file in {@link StudyStore}
 * @param file              the stored file
 * @param frames            Number of Frames; 1 for a single-frame image, 0 without pixel data
 * @param imagePosition     Image Position (Patient), 3 values, mm
 * @param imageOrientation  Image Orientation (Patient), 6 direction cosines
 * @param pixelSpacing      Pixel Spacing, row spacing then column spacing, mm
 * @param rescaleSlope      effective slope (1 when absent)
 * @param rescaleIntercept  effective intercept (0 when absent)
 * @param pixelPaddingValue signed per Pixel Representation, or {@code null}
 * @param pixelDataOffset   where the Pixel Data value starts (for encapsulated data: the first item
 *                          header); -1 without pixel data
 * @param pixelDataLength   length of native pixel data; -1 when encapsulated; 0 without pixel data
 * @param fragments         encapsulated only: the Basic Offset Table item value first (possibly
 *                          empty), then each fragment; empty for native pixel data
 * @param deflated          the data set is deflated: offsets point into its inflated bytes, not into
 *                          the file
 * @param fileSize          size of the stored file in bytes
 */
public record InstanceRecord(String sopInstanceUid, String seriesInstanceUid, String sopClassUid,
                             Integer instanceNumber, String storageKey, Path file, String transferSyntaxUid,
                             int rows, int columns, int frames, int samplesPerPixel, int bitsAllocated,
                             int bitsStored, int highBit, int pixelRepresentation, String photometricInterpretation,
                             int planarConfiguration, double[] imagePosition, double[] imageOrientation,
                             double[] pixelSpacing, Double sliceThickness, double rescaleSlope,
                             double rescaleIntercept, double[] windowCenter, double[] windowWidth,
                             Integer pixelPaddingValue, long pixelDataOffset, long pixelDataLength,
                             List<ByteRange> fragments, boolean deflated, long fileSize) {

    private static final double[] NONE = new double[0];

    public InstanceRecord {
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        Objects.requireNonNull(storageKey, "storageKey");
        // arrays are copied in and out: a record handed to several threads must stay as indexed
        imagePosition = copy(imagePosition);
        imageOrientation = copy(imageOrientation);
        pixelSpacing = copy(pixelSpacing);
        windowCenter = copy(windowCenter);
        windowWidth = copy(windowWidth);
        fragments = fragments == null ? List.of() : List.copyOf(fragments);
    }

    private static double[] copy(double[] a) {
        return a == null || a.length == 0 ? NONE : a.clone();
    }

    public boolean hasPixelData() {
        return pixelDataOffset >= 0;
    }

    /** Pixel data is a sequence of fragments (compressed, PS3.5 §A.4). */
    public boolean encapsulated() {
        return hasPixelData() && pixelDataLength < 0;
    }

    @Override public double[] imagePosition() { return imagePosition.clone(); }
    @Override public double[] imageOrientation() { return imageOrientation.clone(); }
    @Override public double[] pixelSpacing() { return pixelSpacing.clone(); }
    @Override public double[] windowCenter() { return windowCenter.clone(); }
    @Override public double[] windowWidth() { return windowWidth.clone(); }

    // Records compare arrays by identity; an index row read twice must compare equal.
    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceRecord r
                && sopInstanceUid.equals(r.sopInstanceUid) && seriesInstanceUid.equals(r.seriesInstanceUid)
                && Objects.equals(sopClassUid, r.sopClassUid) && Objects.equals(instanceNumber, r.instanceNumber)
                && storageKey.equals(r.storageKey) && Objects.equals(file, r.file)
                && Objects.equals(transferSyntaxUid, r.transferSyntaxUid)
                && rows == r.rows && columns == r.columns && frames == r.frames
                && samplesPerPixel == r.samplesPerPixel && bitsAllocated == r.bitsAllocated
                && bitsStored == r.bitsStored && highBit == r.highBit && pixelRepresentation == r.pixelRepresentation
                && Objects.equals(photometricInterpretation, r.photometricInterpretation)
                && planarConfiguration == r.planarConfiguration
                && Arrays.equals(imagePosition, r.imagePosition) && Arrays.equals(imageOrientation, r.imageOrientation)
                && Arrays.equals(pixelSpacing, r.pixelSpacing) && Objects.equals(sliceThickness, r.sliceThickness)
                && Double.compare(rescaleSlope, r.rescaleSlope) == 0
                && Double.compare(rescaleIntercept, r.rescaleIntercept) == 0
                && Arrays.equals(windowCenter, r.windowCenter) && Arrays.equals(windowWidth, r.windowWidth)
                && Objects.equals(pixelPaddingValue, r.pixelPaddingValue)
                && pixelDataOffset == r.pixelDataOffset && pixelDataLength == r.pixelDataLength
                && fragments.equals(r.fragments) && deflated == r.deflated && fileSize == r.fileSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sopInstanceUid, storageKey, pixelDataOffset, fileSize);
    }

    @Override
    public String toString() {
        return "InstanceRecord[sop=" + sopInstanceUid + ", series=" + seriesInstanceUid + ", ts=" + transferSyntaxUid
                + ", " + columns + "x" + rows + "x" + frames + ", bits=" + bitsAllocated + "/" + bitsStored + "/" + highBit
                + ", pr=" + pixelRepresentation + ", " + photometricInterpretation
                + ", position=" + Arrays.toString(imagePosition) + ", orientation=" + Arrays.toString(imageOrientation)
                + ", spacing=" + Arrays.toString(pixelSpacing) + ", pixels@" + pixelDataOffset + "+" + pixelDataLength
                + ", fragments=" + fragments.size() + ", key=" + storageKey + "]";
    }
}
