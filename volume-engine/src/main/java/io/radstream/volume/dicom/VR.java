package io.radstream.volume.dicom;

/**
 * Value Representations (PS3.5 §6.2): the wire facts of each VR, nothing more.
 *
 * <p>{@code longHeader} is true for VRs whose explicit-VR element header has two reserved bytes and a
 * 32-bit length (PS3.5 §7.1.2, Table 7.1-1); the others use a 16-bit length.
 */
public enum VR {
    AE(false, ' ', Kind.STRING), AS(false, ' ', Kind.STRING), AT(false, 0, Kind.BINARY),
    CS(false, ' ', Kind.STRING), DA(false, ' ', Kind.STRING), DS(false, ' ', Kind.STRING),
    DT(false, ' ', Kind.STRING), FL(false, 0, Kind.BINARY), FD(false, 0, Kind.BINARY),
    IS(false, ' ', Kind.STRING), LO(false, ' ', Kind.STRING), LT(false, ' ', Kind.STRING),
    OB(true, 0, Kind.BULK), OD(true, 0, Kind.BULK), OF(true, 0, Kind.BULK), OL(true, 0, Kind.BULK),
    OV(true, 0, Kind.BULK), OW(true, 0, Kind.BULK), PN(false, ' ', Kind.STRING),
    SH(false, ' ', Kind.STRING), SL(false, 0, Kind.BINARY), SQ(true, 0, Kind.SEQUENCE),
    SS(false, 0, Kind.BINARY), ST(false, ' ', Kind.STRING), SV(true, 0, Kind.BINARY),
    TM(false, ' ', Kind.STRING), UC(true, ' ', Kind.STRING), UI(false, 0, Kind.STRING),
    UL(false, 0, Kind.BINARY), UN(true, 0, Kind.BULK), UR(true, ' ', Kind.STRING),
    US(false, 0, Kind.BINARY), UT(true, ' ', Kind.STRING), UV(true, 0, Kind.BINARY);

    /** How a value of this VR is interpreted. */
    public enum Kind { STRING, BINARY, BULK, SEQUENCE }

    private final boolean longHeader;
    private final byte padding;
    private final Kind kind;
    private final int code;

    VR(boolean longHeader, int padding, Kind kind) {
        this.longHeader = longHeader;
        this.padding = (byte) padding;
        this.kind = kind;
        this.code = (name().charAt(0) << 8) | name().charAt(1);
    }

    public boolean longHeader() { return longHeader; }

    public byte padding() { return padding; }

    public Kind kind() { return kind; }

    /** The two ASCII bytes of the VR as a big-endian 16-bit code, as they appear on the wire. */
    public int code() { return code; }

    private static final VR[] BY_CODE = new VR[0x10000];
    static {
        for (VR vr : values()) BY_CODE[vr.code] = vr;
    }

    /** The VR for the two wire bytes, or {@code null} for an unknown code (the caller decides the fallback). */
    public static VR ofCode(int code) {
        return BY_CODE[code & 0xFFFF];
    }

    /** Parses the dictionary spelling; multi-valued spellings such as "US or SS" give the first. */
    public static VR ofDictionary(String s) {
        String first = s.trim();
        if (first.length() > 2 && first.charAt(2) == ' ') first = first.substring(0, 2);
        for (VR vr : values()) if (vr.name().equals(first)) return vr;
        return UN; // "NONE" (items, delimiters) and anything unforeseen

    }
}
