package io.radstream.volume.codec;

import io.radstream.volume.codec.deflate.DeflatedFrameDecoder;
import io.radstream.volume.codec.j2k.J2kDecoders;
import io.radstream.volume.codec.jls.JpegLsDecoders;
import io.radstream.volume.codec.jpeg.JpegDecoder;
import io.radstream.volume.codec.rle.RleDecoder;

/**
 * The one place that lists which decoder serves which transfer syntax. Each codec family adds its
 * lines to {@link #registerAll()}.
 */
final class CodecRegistrations {
    private static volatile boolean loaded;

    private CodecRegistrations() {}

    static void ensureLoaded() {
        if (loaded) return;
        synchronized (CodecRegistrations.class) {
            if (loaded) return;
            registerAll();
            loaded = true;
        }
    }

    private static void registerAll() {
        // codec families register here
        Codecs.register("1.2.840.10008.1.2.5", RleDecoder::new);
        Codecs.register("1.2.840.10008.1.2.8.1", DeflatedFrameDecoder::new);
        for (String jpeg : JPEG_TRANSFER_SYNTAXES) Codecs.register(jpeg, JpegDecoder::new);
        J2kDecoders.PART_1.forEach(uid -> Codecs.register(uid, J2kDecoders::partOne));
        J2kDecoders.HIGH_THROUGHPUT.forEach(uid -> Codecs.register(uid, J2kDecoders::highThroughput));
        JpegLsDecoders.ALL.forEach(uid -> Codecs.register(uid, JpegLsDecoders::charls));
    }

    /** Baseline, extended, spectral selection, full progression, lossless process 14 and its SV1. */
    private static final String[] JPEG_TRANSFER_SYNTAXES = {
            "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.53",
            "1.2.840.10008.1.2.4.55", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70"};
}
