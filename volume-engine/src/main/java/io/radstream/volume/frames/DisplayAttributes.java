package io.radstream.volume.frames;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.Tag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the grayscale display pipeline (PS3.3 C.11) needs of one frame, beyond the rescale the
 * volume already keeps per slice: a Modality LUT Sequence (used instead of the rescale when
 * present), every VOI window with its explanation, the VOI LUT Function, every VOI LUT Sequence
 * item, and the Presentation LUT Shape. Data only: the renderers turn it into tables.
 *
 * <p>For enhanced multi-frame objects the windows come from the frame's Frame VOI LUT Sequence
 * (per-frame functional group, then shared, then the top level, as {@link FrameAttributesReader}
 * looks values up). Immutable; equal values compare equal, so a volume can keep one instance for
 * all the slices that share it.
 *
 * @param modalityLut          the Modality LUT Sequence item, or {@code null} (rescale applies)
 * @param windows              Window Center / Width pairs, with their explanations (PS3.3 C.11.2.1.2)
 * @param voiLutFunction       VOI LUT Function, upper case; LINEAR when absent
 * @param voiLuts              VOI LUT Sequence items, in order
 * @param presentationLutShape Presentation LUT Shape (IDENTITY or INVERSE), or {@code null}
 */
public record DisplayAttributes(Lut modalityLut, List<Window> windows, String voiLutFunction, List<Lut> voiLuts,
                                String presentationLutShape) {

    /** Nothing beyond rescale: no VOI of the data's own, no presentation LUT. */
    public static final DisplayAttributes NONE = new DisplayAttributes(null, List.of(), "LINEAR", List.of(), null);

    public DisplayAttributes {
        windows = List.copyOf(windows);
        voiLuts = List.copyOf(voiLuts);
        voiLutFunction = voiLutFunction == null || voiLutFunction.isBlank() ? "LINEAR"
                : voiLutFunction.trim().toUpperCase(Locale.ROOT);
    }

    /** One Window Center / Width pair (PS3.3 C.11.2.1.2); {@code explanation} may be {@code null}. */
    public record Window(double center, double width, String explanation) {}

    /**
     * A LUT item as stored (PS3.3 C.11.1.1): LUT Descriptor (entries, first input mapped, bits per
     * entry), LUT Data as 16-bit words, LUT Explanation. Parsing the descriptor's meaning is the
     * renderer's job; this keeps the data.
     */
    public record Lut(int[] descriptor, int[] words, String explanation) {
        public Lut {
            descriptor = descriptor.clone();
            words = words.clone();
        }

        @Override public int[] descriptor() { return descriptor.clone(); }

        /** The LUT Data words (0..65535); the array itself, not a copy: LUTs can be large, do not modify. */
        @Override public int[] words() { return words; }

        static Lut of(Attributes item) {
            if (item == null || item.getInts(Tag.LUTDescriptor).length != 3 || !item.hasValue(Tag.LUTData)) return null;
            double[] d = item.getDoubles(Tag.LUTData);
            int[] w = new int[d.length];
            for (int i = 0; i < d.length; i++) w[i] = (int) d[i] & 0xFFFF;
            return new Lut(item.getInts(Tag.LUTDescriptor), w, item.getString(Tag.LUTExplanation));
        }

        // records compare arrays by identity; equal LUTs of two slices must be equal
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Lut l && Arrays.equals(descriptor, l.descriptor) && Arrays.equals(words, l.words)
                    && Objects.equals(explanation, l.explanation);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(descriptor) + Arrays.hashCode(words);
        }

        @Override
        public String toString() {
            return "Lut[" + Arrays.toString(descriptor) + ", " + explanation + "]";
        }
    }

    /** The data set has a VOI of its own: a window or a VOI LUT. */
    public boolean hasVoi() {
        return !windows.isEmpty() || !voiLuts.isEmpty();
    }

    /** A single-frame object's (or a classic multi-frame object's) attributes, from the top level. */
    public static DisplayAttributes of(Attributes ds) {
        return read(ds, null, null);
    }

    /**
     * One entry per frame, in frame order: the Frame VOI LUT Sequence of the frame's own functional
     * group, else the shared one, else the top level (PS3.3 C.7.6.16.1).
     */
    public static List<DisplayAttributes> perFrame(Attributes ds, int frames) {
        List<Attributes> perFrame = ds.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        Attributes shared = ds.getItem(Tag.SharedFunctionalGroupsSequence);
        Attributes sharedVoi = shared == null ? null : shared.getItem(Tag.FrameVOILUTSequence);
        List<DisplayAttributes> out = new ArrayList<>(frames);
        DisplayAttributes previous = null;
        for (int i = 0; i < frames; i++) {
            Attributes own = perFrame.size() == frames ? perFrame.get(i).getItem(Tag.FrameVOILUTSequence) : null;
            DisplayAttributes a = read(ds, own, sharedVoi);
            if (a.equals(previous)) a = previous; // one instance for a run of equal frames
            out.add(a);
            previous = a;
        }
        return out;
    }

    private static DisplayAttributes read(Attributes top, Attributes frameVoi, Attributes sharedVoi) {
        Attributes voi = frameVoi != null && frameVoi.hasValue(Tag.WindowCenter) ? frameVoi
                : sharedVoi != null && sharedVoi.hasValue(Tag.WindowCenter) ? sharedVoi : top;
        double[] c = voi.getDoubles(Tag.WindowCenter), w = voi.getDoubles(Tag.WindowWidth);
        String[] explanation = voi.getStrings(Tag.WindowCenterWidthExplanation);
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < Math.min(c.length, w.length); i++) {
            if (!Double.isFinite(c[i]) || !Double.isFinite(w[i])) continue;
            String e = i < explanation.length && !explanation[i].isBlank() ? explanation[i].trim() : null;
            windows.add(new Window(c[i], w[i], e));
        }
        List<Lut> luts = new ArrayList<>();
        Attributes lutHolder = frameVoi != null && frameVoi.contains(Tag.VOILUTSequence) ? frameVoi
                : sharedVoi != null && sharedVoi.contains(Tag.VOILUTSequence) ? sharedVoi : top;
        for (Attributes item : lutHolder.getSequence(Tag.VOILUTSequence)) {
            Lut l = Lut.of(item);
            if (l != null) luts.add(l); // some writers leave empty placeholder items
        }
        String function = voi.getString(Tag.VOILUTFunction, top.getString(Tag.VOILUTFunction));
        return new DisplayAttributes(Lut.of(top.getItem(Tag.ModalityLUTSequence)), windows, function, luts,
                top.getString(Tag.PresentationLUTShape));
    }

    /**
     * The same attributes with the windows an index recorded for one frame: kept as they are when
     * the values agree (explanations included), otherwise unnamed windows with these values.
     */
    public DisplayAttributes withWindows(double[] centers, double[] widths) {
        int n = Math.min(centers.length, widths.length);
        boolean same = n == windows.size();
        for (int i = 0; i < n && same; i++) {
            same = windows.get(i).center() == centers[i] && windows.get(i).width() == widths[i];
        }
        if (same) return this;
        List<Window> w = new ArrayList<>(n);
        for (int i = 0; i < n; i++) w.add(new Window(centers[i], widths[i], null));
        return new DisplayAttributes(modalityLut, w, voiLutFunction, voiLuts, presentationLutShape);
    }

    /** Windows only (LINEAR, unnamed): what a frame row of the index records. */
    public static DisplayAttributes ofWindows(double[] centers, double[] widths) {
        return NONE.withWindows(centers, widths);
    }
}
