package io.radstream.volume.codec.j2k;

import io.radstream.volume.codec.Codecs.CodecUnavailableException;
import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.codec.natives.NativeCodecs;
import io.radstream.volume.codec.natives.NativeLibrary.MissingLibraryException;

import java.util.List;

/**
 * Chooses the JPEG 2000 decoders, one per transfer syntax family:
 * <ul>
 *   <li>Part 1 (1.2.840.10008.1.2.4.90 lossless, .91): OpenJPEG when it loads, else jai-imageio's
 *       pure-Java JJ2000;</li>
 *   <li>HTJ2K (1.2.840.10008.1.2.4.201, .202, .203, PS3.5 §A.4.8): OpenJPEG 2.5+, with OpenJPH
 *       ({@link OpenJphDecoder}) in front of it for lossless codestreams where the optional shim
 *       was built; no pure-Java HTJ2K decoder exists, so without OpenJPEG the syntax is "not
 *       installed".</li>
 * </ul>
 */
public final class J2kDecoders {
    public static final String JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    public static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
    public static final String HTJ2K_LOSSLESS = "1.2.840.10008.1.2.4.201";
    public static final String HTJ2K_RPCL_LOSSLESS = "1.2.840.10008.1.2.4.202";
    public static final String HTJ2K = "1.2.840.10008.1.2.4.203";
    public static final List<String> PART_1 = List.of(JPEG_2000_LOSSLESS, JPEG_2000);
    public static final List<String> HIGH_THROUGHPUT = List.of(HTJ2K_LOSSLESS, HTJ2K_RPCL_LOSSLESS, HTJ2K);

    private static final System.Logger LOG = System.getLogger(J2kDecoders.class.getName());
    private static volatile boolean shimNoted;

    private J2kDecoders() {}

    /** Once per process: HTJ2K works without the shim, only slower, so this is information, not an error. */
    private static void noteShimMissing(String why) {
        if (shimNoted) return;
        shimNoted = true;
        LOG.log(System.Logger.Level.INFO, "HTJ2K decodes through OpenJPEG, not the faster OpenJPH: " + why);
    }

    public static FrameDecoder partOne() {
        if (NativeCodecs.enabled()) {
            try {
                return new OpenJpegDecoder(OpenJpeg.get(), false);
            } catch (MissingLibraryException e) {
                // fall back to pure Java: slower, same pixels for lossless data
            }
        }
        return new JaiJ2kDecoder();
    }

    /**
     * HTJ2K through OpenJPEG alone, as before the OpenJPH shim: for side-by-side measurements
     * (bench DecodeBenchmark); decoding should use {@link #highThroughput()}.
     */
    public static FrameDecoder highThroughputOpenJpeg() throws MissingLibraryException {
        OpenJpeg lib = OpenJpeg.get();
        if (!lib.decodesHighThroughput()) throw new MissingLibraryException("OpenJPEG " + lib.version + " has no HTJ2K decoder");
        return new OpenJpegDecoder(lib, true);
    }

    public static FrameDecoder highThroughput() {
        String install = "codec not installed: apt-get install " + OpenJpeg.DEBIAN_PACKAGE
                + " (HTJ2K needs OpenJPEG 2.5 or later; there is no pure-Java HTJ2K decoder)";
        if (!NativeCodecs.enabled()) throw new CodecUnavailableException(install + NativeCodecs.disabledNote());
        try {
            OpenJpeg lib = OpenJpeg.get();
            if (!lib.decodesHighThroughput()) {
                throw new CodecUnavailableException(install + ": found OpenJPEG " + lib.version);
            }
            FrameDecoder openJpeg = new OpenJpegDecoder(lib, true);
            try {
                return new OpenJphDecoder(OpenJphShim.get(), openJpeg);
            } catch (MissingLibraryException e) {
                noteShimMissing(e.getMessage());
                return openJpeg;
            }
        } catch (MissingLibraryException e) {
            throw new CodecUnavailableException(install + ": " + e.getMessage());
        }
    }
}
