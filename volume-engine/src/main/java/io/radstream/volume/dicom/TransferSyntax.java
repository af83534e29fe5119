package io.radstream.volume.dicom;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a data set is encoded on the wire (PS3.5 §10): byte order, explicit or implicit VR, deflate,
 * and whether pixel data is encapsulated (compressed fragments, PS3.5 §A.4).
 *
 * @param uid         the Transfer Syntax UID
 * @param name        its name in PS3.6
 * @param explicitVr  elements carry their VR
 * @param bigEndian   multi-byte values are big endian
 * @param deflated    the data set after the File Meta Information is raw-deflated (RFC 1951)
 * @param encapsulated pixel data is a sequence of fragments
 * @param lossy       the codec may lose information
 */
public record TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian,
                             boolean deflated, boolean encapsulated, boolean lossy) {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            plain("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            plain("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            plain("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            plain("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false);

    private static final Map<String, TransferSyntax> KNOWN = Stream.of(
            IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
            EXPLICIT_VR_BIG_ENDIAN,
            compressed("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", false),
            compressed("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true),
            compressed("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 and 4)", true),
            compressed("1.2.840.10008.1.2.4.53", "JPEG Spectral Selection, Non-Hierarchical (Process 6 and 8)", true),
            compressed("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical (Process 10 and 12)", true),
            compressed("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", false),
            compressed("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", false),
            compressed("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", false),
            compressed("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", true),
            compressed("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", false),
            compressed("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true),
            compressed("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", false),
            compressed("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", false),
            compressed("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", true),
            compressed("1.2.840.10008.1.2.5", "RLE Lossless", false),
            compressed("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", false),
            compressed("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", true),
            compressed("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", true),
            compressed("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", true)
    ).collect(Collectors.toUnmodifiableMap(TransferSyntax::uid, Function.identity()));

    private static TransferSyntax plain(String uid, String name, boolean explicit, boolean big, boolean deflated) {
        return new TransferSyntax(uid, name, explicit, big, deflated, false, false);
    }

    private static TransferSyntax compressed(String uid, String name, boolean lossy) {
        return new TransferSyntax(uid, name, true, false, false, true, lossy);
    }

    /**
     * The transfer syntax for a UID. An unknown UID is treated as explicit VR little endian with
     * encapsulated pixel data, which PS3.5 §10 requires of every transfer syntax not defined as native.
     */
    public static TransferSyntax of(String uid) {
        TransferSyntax ts = KNOWN.get(uid);
        return ts != null ? ts : new TransferSyntax(uid, "Unknown (" + uid + ")", true, false, false, true, true);
    }

    public boolean isKnown() {
        return KNOWN.containsKey(uid);
    }

    /** Native (uncompressed) pixel data: the values can be read straight from the bytes. */
    public boolean nativePixels() {
        return !encapsulated;
    }
}
