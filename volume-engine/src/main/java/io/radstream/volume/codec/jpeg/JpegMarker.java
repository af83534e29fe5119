package io.radstream.volume.codec.jpeg;

/** Marker codes (ITU T.81 Table B.1), the byte that follows 0xFF. */
final class JpegMarker {
    static final int SOF0 = 0xC0, SOF1 = 0xC1, SOF2 = 0xC2, SOF3 = 0xC3;
    static final int DHT = 0xC4, JPG = 0xC8, DAC = 0xCC;
    static final int RST0 = 0xD0, RST7 = 0xD7;
    static final int SOI = 0xD8, EOI = 0xD9, SOS = 0xDA, DQT = 0xDB, DNL = 0xDC, DRI = 0xDD, DHP = 0xDE, EXP = 0xDF;
    static final int APP0 = 0xE0, APP14 = 0xEE, APP15 = 0xEF, COM = 0xFE, TEM = 0x01;

    private JpegMarker() {}

    static boolean isSof(int m) {
        return m >= 0xC0 && m <= 0xCF && m != DHT && m != JPG && m != DAC;
    }

    static boolean isRst(int m) {
        return m >= RST0 && m <= RST7;
    }

    /** The coding process a start-of-frame marker announces (T.81 Table B.1). */
    static String process(int sof) {
        return switch (sof) {
            case 0xC0 -> "baseline DCT (SOF0)";
            case 0xC1 -> "extended sequential DCT, Huffman (SOF1)";
            case 0xC2 -> "progressive DCT, Huffman (SOF2)";
            case 0xC3 -> "lossless, Huffman (SOF3)";
            case 0xC5 -> "differential sequential DCT, hierarchical (SOF5)";
            case 0xC6 -> "differential progressive DCT, hierarchical (SOF6)";
            case 0xC7 -> "differential lossless, hierarchical (SOF7)";
            case 0xC9 -> "extended sequential DCT, arithmetic coding (SOF9)";
            case 0xCA -> "progressive DCT, arithmetic coding (SOF10)";
            case 0xCB -> "lossless, arithmetic coding (SOF11)";
            case 0xCD -> "differential sequential DCT, arithmetic coding (SOF13)";
            case 0xCE -> "differential progressive DCT, arithmetic coding (SOF14)";
            case 0xCF -> "differential lossless, arithmetic coding (SOF15)";
            default -> String.format("SOF 0x%02X", sof);
        };
    }

    static String name(int m) {
        if (isSof(m)) return process(m);
        if (isRst(m)) return "RST" + (m - RST0);
        if (m >= APP0 && m <= APP15) return "APP" + (m - APP0);
        return switch (m) {
            case DHT -> "DHT";
            case DAC -> "DAC";
            case SOI -> "SOI";
            case EOI -> "EOI";
            case SOS -> "SOS";
            case DQT -> "DQT";
            case DNL -> "DNL";
            case DRI -> "DRI";
            case DHP -> "DHP";
            case EXP -> "EXP";
            case COM -> "COM";
            default -> String.format("0xFF%02X", m);
        };
    }
}
