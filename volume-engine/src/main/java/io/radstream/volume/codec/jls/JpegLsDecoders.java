package io.radstream.volume.codec.jls;

import io.radstream.volume.codec.Codecs.CodecUnavailableException;
import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.codec.natives.NativeCodecs;
import io.radstream.volume.codec.natives.NativeLibrary.MissingLibraryException;

import java.util.List;

/**
 * The JPEG-LS decoder (1.2.840.10008.1.2.4.80 lossless, .81 near-lossless): CharLS, or a clear
 * "codec not installed" error. No pure-Java JPEG-LS decoder exists on Maven Central (TwelveMonkeys
 * misreads JPEG-LS as JPEG, FIELD-NOTES), so there is no fallback.
 */
public final class JpegLsDecoders {
    public static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    public static final String JPEG_LS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81";
    public static final List<String> ALL = List.of(JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS);

    private JpegLsDecoders() {}

    public static FrameDecoder charls() {
        String install = "codec not installed: apt-get install " + CharLs.DEBIAN_PACKAGE;
        if (!NativeCodecs.enabled()) throw new CodecUnavailableException(install + NativeCodecs.disabledNote());
        try {
            return new CharLsDecoder(CharLs.get());
        } catch (MissingLibraryException e) {
            throw new CodecUnavailableException(install + " (" + e.getMessage() + ")");
        }
    }
}
