package io.radstream.volume.codec;

import io.radstream.volume.codec.j2k.J2kDecoders;
import io.radstream.volume.codec.jls.JpegLsDecoders;

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
        // codec families register here, e.g.
        // Codecs.register("1.2.840.10008.1.2.5", RleDecoder::new);
        J2kDecoders.PART_1.forEach(uid -> Codecs.register(uid, J2kDecoders::partOne));
        J2kDecoders.HIGH_THROUGHPUT.forEach(uid -> Codecs.register(uid, J2kDecoders::highThroughput));
        JpegLsDecoders.ALL.forEach(uid -> Codecs.register(uid, JpegLsDecoders::charls));
    }
}
