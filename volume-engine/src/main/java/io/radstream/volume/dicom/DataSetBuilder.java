package io.radstream.volume.dicom;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mutable builder for a little-endian data set that a writer can encode: every value is checked
 * against its VR (PS3.5 §6.2, Table 6.2-1) when it is put, so an invalid object fails here rather
 * than in a receiver.
 *
 * <p>Text is encoded when {@link #build()} runs, with the character set named by Specific Character
 * Set (0008,0005) (PS3.5 §6.1): ISO_IR 192 is UTF-8; ISO_IR 100, ISO_IR 6 or none is ISO 8859-1
 * (whose lower half is the default repertoire). Putting a tag again replaces its value.
 *
 * <p>An item of a sequence is a builder of its own and does not see its parent's Specific
 * Character Set: put the same value into an item that carries non-ASCII text.
 */
public final class DataSetBuilder {

    /** Elements built here did not come from a source, so they have no offset in one. */
    private static final long NO_OFFSET = -1;

    /** Text waits for the character set; everything else is final bytes already. */
    private sealed interface Pending permits Text, Ready {}

    private record Text(VR vr, String value) implements Pending {}

    private record Ready(Element element) implements Pending {}

    private final Map<Integer, Pending> elements = new TreeMap<>(Integer::compareUnsigned);

    /**
     * A string element: values joined with backslash (the value delimiter, PS3.5 §6.4), padded to
     * even length with the VR's padding (space, or NUL for UI, PS3.5 §6.2). No values gives an
     * empty (zero-length) value, as type 2 attributes allow.
     */
    public DataSetBuilder putString(int tag, VR vr, String... values) {
        if (vr.kind() != VR.Kind.STRING) throw new IllegalArgumentException(vr + " is not a string VR");
        boolean single = vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR;
        if (single && values.length > 1) {
            throw new IllegalArgumentException(vr + " holds one value only (PS3.5 §6.4): " + Tag.toString(tag));
        }
        for (String v : values) checkStringValue(tag, vr, v, single);
        String joined = String.join("\\", values);
        elements.put(tag, new Text(vr, joined));
        return this;
    }

    public DataSetBuilder putUS(int tag, int... values) {
        ByteBuffer b = buffer(2 * values.length);
        for (int v : values) b.putShort((short) checkRange(tag, v, 0, 0xFFFF));
        return putReady(tag, VR.US, b.array());
    }

    public DataSetBuilder putSS(int tag, int... values) {
        ByteBuffer b = buffer(2 * values.length);
        for (int v : values) b.putShort((short) checkRange(tag, v, Short.MIN_VALUE, Short.MAX_VALUE));
        return putReady(tag, VR.SS, b.array());
    }

    public DataSetBuilder putUL(int tag, long... values) {
        ByteBuffer b = buffer(4 * values.length);
        for (long v : values) b.putInt((int) checkRange(tag, v, 0, 0xFFFFFFFFL));
        return putReady(tag, VR.UL, b.array());
    }

    public DataSetBuilder putFD(int tag, double... values) {
        ByteBuffer b = buffer(8 * values.length);
        for (double v : values) b.putDouble(v);
        return putReady(tag, VR.FD, b.array());
    }

    /** Decimal String values, each formatted in at most 16 characters (PS3.5 Table 6.2-1). */
    public DataSetBuilder putDS(int tag, double... values) {
        String[] s = new String[values.length];
        for (int i = 0; i < values.length; i++) s[i] = formatDecimal(values[i]);
        return putString(tag, VR.DS, s);
    }

    /** Integer String values; any int fits the 12 characters IS allows. */
    public DataSetBuilder putIS(int tag, int... values) {
        String[] s = new String[values.length];
        for (int i = 0; i < values.length; i++) s[i] = Integer.toString(values[i]);
        return putString(tag, VR.IS, s);
    }

    /** An OB/OW (or other "other") value, copied and padded with a zero byte to even length. */
    public DataSetBuilder putBytes(int tag, VR vr, byte[] bytes) {
        if (vr.kind() != VR.Kind.BULK) throw new IllegalArgumentException(vr + " is not an OB/OW-like VR");
        return putReady(tag, vr, Arrays.copyOf(bytes, bytes.length + (bytes.length & 1)));
    }

    /** A sequence of items (PS3.5 §7.5); the items must be little endian like this data set. */
    public DataSetBuilder putSequence(int tag, List<Attributes> items) {
        for (Attributes item : items) {
            if (item.bigEndian()) throw new IllegalArgumentException("big-endian item in " + Tag.toString(tag));
        }
        elements.put(tag, new Ready(new Element(tag, VR.SQ, new DicomValue.Sequence(items), NO_OFFSET)));
        return this;
    }

    public DataSetBuilder remove(int tag) {
        elements.remove(tag);
        return this;
    }

    public Attributes build() {
        Charset charset = charset();
        Attributes.Builder b = new Attributes.Builder(false);
        for (Map.Entry<Integer, Pending> e : elements.entrySet()) {
            int tag = e.getKey();
            b.add(switch (e.getValue()) {
                case Ready r -> r.element();
                case Text t -> new Element(tag, t.vr(), new DicomValue.Inline(encode(tag, t, charset)), NO_OFFSET);
            });
        }
        return b.build();
    }

    /**
     * Formats a Decimal String value: the shortest decimal that reads back as the same double when
     * it fits 16 characters, else rounded to as many significant digits as fit, in plain or
     * exponent notation, whichever keeps more (PS3.5 Table 6.2-1 allows both).
     */
    public static String formatDecimal(double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("DS cannot hold " + v);
        if (v == 0) return "0"; // also -0.0, which is not a useful distinction in DS
        BigDecimal exact = new BigDecimal(Double.toString(v));
        for (int digits = 17; digits >= 1; digits--) {
            BigDecimal r = exact.round(new MathContext(digits)).stripTrailingZeros();
            String plain = r.toPlainString();
            if (plain.length() <= 16) return plain;
            String sci = scientific(r);
            if (sci.length() <= 16) return sci;
        }
        throw new AssertionError("no DS form of " + v); // one significant digit always fits
    }

    /** d.dddE±x; BigDecimal.toString keeps plain notation down to 1E-6, which wastes characters. */
    private static String scientific(BigDecimal r) {
        String digits = r.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - r.scale();
        return (r.signum() < 0 ? "-" : "") + digits.charAt(0)
                + (digits.length() > 1 ? "." + digits.substring(1) : "") + "E" + exponent;
    }

    private DataSetBuilder putReady(int tag, VR vr, byte[] bytes) {
        elements.put(tag, new Ready(new Element(tag, vr, new DicomValue.Inline(bytes), NO_OFFSET)));
        return this;
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long checkRange(int tag, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(v + " out of range [" + min + ", " + max + "] for " + Tag.toString(tag));
        }
        return v;
    }

    private static void checkStringValue(int tag, VR vr, String v, boolean single) {
        if (v == null) throw new IllegalArgumentException("null value for " + Tag.toString(tag));
        if (!single && v.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("backslash is the value delimiter, not allowed inside a " + vr
                    + " value of " + Tag.toString(tag));
        }
        if (vr == VR.UI && !v.isEmpty() && !v.matches("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*")) {
            throw new IllegalArgumentException("not a UID (PS3.5 §9.1): " + v);
        }
        int max = maxLength(vr);
        if (vr == VR.PN) {
            // 64 characters per component group (alphabetic, ideographic, phonetic), PS3.5 §6.2
            for (String group : v.split("=", -1)) {
                if (group.length() > max) throw tooLong(tag, vr, max);
            }
        } else if (v.length() > max) {
            throw tooLong(tag, vr, max);
        }
    }

    private static IllegalArgumentException tooLong(int tag, VR vr, int max) {
        return new IllegalArgumentException(vr + " value of " + Tag.toString(tag) + " longer than " + max + " characters");
    }

    /** Maximum characters of one value, PS3.5 Table 6.2-1. */
    private static int maxLength(VR vr) {
        return switch (vr) {
            case AE, CS, DS, SH -> 16;
            case AS -> 4;
            case DA -> 8;
            case DT -> 26;
            case IS -> 12;
            case LO, PN, UI -> 64;
            case LT -> 10240;
            case ST -> 1024;
            case TM -> 14;
            default -> Integer.MAX_VALUE; // UC, UR, UT: limited only by the 32-bit length
        };
    }

    private Charset charset() {
        if (!(elements.get(Tag.SpecificCharacterSet) instanceof Text t) || t.value().isEmpty()) {
            return StandardCharsets.ISO_8859_1;
        }
        return switch (t.value().trim()) {
            case "ISO_IR 192" -> StandardCharsets.UTF_8;
            case "ISO_IR 100", "ISO_IR 6" -> StandardCharsets.ISO_8859_1;
            default -> throw new IllegalArgumentException("Specific Character Set " + t.value() + " is not supported");
        };
    }

    private static byte[] encode(int tag, Text t, Charset charset) {
        // Only these VRs may use the extended character set; the rest are default repertoire (PS3.5 §6.1.2.3)
        boolean extended = switch (t.vr()) {
            case SH, LO, ST, LT, PN, UC, UT -> true;
            default -> false;
        };
        CharsetEncoder encoder = (extended ? charset : StandardCharsets.US_ASCII).newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer encoded;
        try {
            encoded = encoder.encode(CharBuffer.wrap(t.value()));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("value of " + Tag.toString(tag) + " has characters outside "
                    + encoder.charset() + " (set Specific Character Set)", e);
        }
        int n = encoded.remaining();
        byte[] bytes = new byte[n + (n & 1)];
        encoded.get(bytes, 0, n);
        if ((n & 1) == 1) bytes[n] = t.vr().padding();
        return bytes;
    }
}
