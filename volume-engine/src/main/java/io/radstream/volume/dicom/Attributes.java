package io.radstream.volume.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable data set: elements sorted by tag, with typed accessors that interpret values by VR
 * (PS3.5 §6.2). Strings are decoded with the data set's Specific Character Set where it names
 * UTF-8 (ISO_IR 192), else ISO 8859-1, which is a superset of the default repertoire.
 */
public final class Attributes {
    private static final Element[] EMPTY = new Element[0];

    private final Element[] elements;
    private final int[] tags;
    private final boolean bigEndian;
    private final Charset charset;

    private Attributes(Element[] elements, boolean bigEndian, Charset inherited) {
        this.elements = elements;
        this.tags = new int[elements.length];
        for (int i = 0; i < elements.length; i++) tags[i] = elements[i].tag();
        this.bigEndian = bigEndian;
        this.charset = charsetOf(inherited);
    }

    public static Attributes empty() {
        return new Attributes(EMPTY, false, StandardCharsets.ISO_8859_1);
    }

    public boolean bigEndian() { return bigEndian; }

    public int size() { return elements.length; }

    public List<Element> elements() {
        return Collections.unmodifiableList(Arrays.asList(elements));
    }

    public Element get(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : elements[i];
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    /** Present with a non-empty value. */
    public boolean hasValue(int tag) {
        Element e = get(tag);
        if (e == null) return false;
        return switch (e.value()) {
            case DicomValue.Inline in -> in.bytes().length > 0;
            case DicomValue.BulkData b -> b.length() > 0;
            case DicomValue.Sequence s -> !s.items().isEmpty();
            case DicomValue.Fragments f -> !f.fragments().isEmpty();
        };
    }

    private int indexOf(int tag) {
        // tags are sorted as unsigned ints
        int lo = 0, hi = tags.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(tags[mid], tag);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -1;
    }

    private byte[] inline(int tag) {
        Element e = get(tag);
        return e != null && e.value() instanceof DicomValue.Inline in ? in.bytes() : null;
    }

    /** All values of a string element, each with padding trimmed; empty array when absent. */
    public String[] getStrings(int tag) {
        Element e = get(tag);
        byte[] b = inline(tag);
        if (e == null || b == null || b.length == 0) return new String[0];
        if (e.vr().kind() != VR.Kind.STRING) {
            // a binary VR asked for as text: render its numbers
            double[] d = getDoubles(tag);
            String[] s = new String[d.length];
            for (int i = 0; i < d.length; i++) s[i] = d[i] == Math.rint(d[i]) ? Long.toString((long) d[i]) : Double.toString(d[i]);
            return s;
        }
        String text = new String(b, e.vr() == VR.UI || e.vr() == VR.CS || e.vr() == VR.DS || e.vr() == VR.IS
                || e.vr() == VR.DA || e.vr() == VR.TM || e.vr() == VR.DT || e.vr() == VR.AS || e.vr() == VR.AE
                ? StandardCharsets.US_ASCII : charset);
        boolean multi = switch (e.vr()) {
            case LT, ST, UT, UR -> false;
            default -> true;
        };
        String[] parts = multi ? text.split("\\\\", -1) : new String[]{text};
        for (int i = 0; i < parts.length; i++) parts[i] = trim(parts[i], e.vr());
        return parts;
    }

    private static String trim(String s, VR vr) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) end--;
        int start = 0;
        if (vr != VR.LT && vr != VR.ST && vr != VR.UT) {
            while (start < end && s.charAt(start) == ' ') start++;
        }
        return s.substring(start, end);
    }

    /** The first value of a string element, or {@code null} when absent or empty. */
    public String getString(int tag) {
        String[] s = getStrings(tag);
        return s.length == 0 || s[0].isEmpty() ? null : s[0];
    }

    public String getString(int tag, String def) {
        String s = getString(tag);
        return s == null ? def : s;
    }

    /** Numeric values of US, SS, UL, SL, FL, FD, IS, DS, AT (and SV/UV) elements. */
    public double[] getDoubles(int tag) {
        Element e = get(tag);
        byte[] b = inline(tag);
        if (e == null || b == null) return new double[0];
        ByteBuffer bb = ByteBuffer.wrap(b).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        return switch (e.vr()) {
            case US, OW -> { double[] d = new double[b.length / 2]; for (int i = 0; i < d.length; i++) d[i] = bb.getShort(2 * i) & 0xFFFF; yield d; }
            case SS -> { double[] d = new double[b.length / 2]; for (int i = 0; i < d.length; i++) d[i] = bb.getShort(2 * i); yield d; }
            case UL, OL -> { double[] d = new double[b.length / 4]; for (int i = 0; i < d.length; i++) d[i] = bb.getInt(4 * i) & 0xFFFFFFFFL; yield d; }
            case SL -> { double[] d = new double[b.length / 4]; for (int i = 0; i < d.length; i++) d[i] = bb.getInt(4 * i); yield d; }
            case FL, OF -> { double[] d = new double[b.length / 4]; for (int i = 0; i < d.length; i++) d[i] = bb.getFloat(4 * i); yield d; }
            case FD, OD -> { double[] d = new double[b.length / 8]; for (int i = 0; i < d.length; i++) d[i] = bb.getDouble(8 * i); yield d; }
            case SV -> { double[] d = new double[b.length / 8]; for (int i = 0; i < d.length; i++) d[i] = bb.getLong(8 * i); yield d; }
            case UV, OV -> { double[] d = new double[b.length / 8]; for (int i = 0; i < d.length; i++) { long v = bb.getLong(8 * i); d[i] = v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1); } yield d; }
            case AT -> { double[] d = new double[b.length / 4]; for (int i = 0; i < d.length; i++) d[i] = ((bb.getShort(4 * i) & 0xFFFF) << 16) | (bb.getShort(4 * i + 2) & 0xFFFF); yield d; }
            case OB, UN -> { double[] d = new double[b.length]; for (int i = 0; i < d.length; i++) d[i] = b[i] & 0xFF; yield d; }
            case IS, DS -> parseDecimals(getStrings(tag));
            default -> new double[0];
        };
    }

    private static double[] parseDecimals(String[] s) {
        double[] d = new double[s.length];
        int n = 0;
        for (String v : s) {
            if (v.isEmpty()) continue;
            try {
                d[n++] = Double.parseDouble(v);
            } catch (NumberFormatException ex) {
                d[n - 1] = Double.NaN; // malformed: callers treat NaN as absent and use their default
            }
        }
        return Arrays.copyOf(d, n);
    }

    public double getDouble(int tag, double def) {
        double[] d = getDoubles(tag);
        return d.length == 0 || Double.isNaN(d[0]) ? def : d[0];
    }

    public int getInt(int tag, int def) {
        double[] d = getDoubles(tag);
        return d.length == 0 || Double.isNaN(d[0]) ? def : (int) d[0];
    }

    public int[] getInts(int tag) {
        double[] d = getDoubles(tag);
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) r[i] = (int) d[i];
        return r;
    }

    /** Items of a sequence element; empty when absent or not a sequence. */
    public List<Attributes> getSequence(int tag) {
        Element e = get(tag);
        return e != null && e.value() instanceof DicomValue.Sequence s ? s.items() : List.of();
    }

    /** The first item of a sequence, or {@code null}. */
    public Attributes getItem(int tag) {
        List<Attributes> items = getSequence(tag);
        return items.isEmpty() ? null : items.getFirst();
    }

    Charset charset() { return charset; }

    private Charset charsetOf(Charset inherited) {
        int i = indexOf(Tag.SpecificCharacterSet);
        if (i < 0 || !(elements[i].value() instanceof DicomValue.Inline in)) return inherited;
        String cs = new String(in.bytes(), StandardCharsets.US_ASCII);
        return cs.contains("ISO_IR 192") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }

    /** Collects elements in read order and sorts them once. */
    public static final class Builder {
        private final List<Element> elements = new ArrayList<>();
        private final boolean bigEndian;
        private final Charset inherited;

        public Builder(boolean bigEndian) {
            this(bigEndian, StandardCharsets.ISO_8859_1);
        }

        Builder(boolean bigEndian, Charset inherited) {
            this.bigEndian = bigEndian;
            this.inherited = inherited;
        }

        public Builder add(Element e) {
            elements.add(e);
            return this;
        }

        public Attributes build() {
            Element[] a = elements.toArray(EMPTY);
            boolean sorted = true;
            for (int i = 1; i < a.length && sorted; i++) sorted = Integer.compareUnsigned(a[i - 1].tag(), a[i].tag()) < 0;
            if (!sorted) {
                Arrays.sort(a, (x, y) -> Integer.compareUnsigned(x.tag(), y.tag()));
                // duplicates: keep the first occurrence, as most readers do
                List<Element> dedup = new ArrayList<>(a.length);
                for (Element e : a) if (dedup.isEmpty() || dedup.getLast().tag() != e.tag()) dedup.add(e);
                a = dedup.toArray(EMPTY);
            }
            return new Attributes(a, bigEndian, inherited);
        }
    }
}
