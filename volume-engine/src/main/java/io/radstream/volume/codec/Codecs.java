package io.radstream.volume.codec;

import io.radstream.volume.dicom.TransferSyntax;
import io.radstream.volume.pixel.PixelDataException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The decoder for each encapsulated transfer syntax. Decoders register here by transfer syntax
 * UID; a syntax with no usable decoder gives a clear error ("codec not installed: install X"),
 * never a wrong image.
 */
public final class Codecs {
    private static final Map<String, Supplier<FrameDecoder>> FACTORIES = new ConcurrentHashMap<>();
    private static final Map<String, FrameDecoder> INSTANCES = new ConcurrentHashMap<>();

    private Codecs() {}

    /** Registers (or replaces) the decoder factory of a transfer syntax. */
    public static void register(String transferSyntaxUid, Supplier<FrameDecoder> factory) {
        FACTORIES.put(transferSyntaxUid, factory);
        INSTANCES.remove(transferSyntaxUid);
    }

    public static FrameDecoder decoderFor(TransferSyntax ts) throws PixelDataException {
        CodecRegistrations.ensureLoaded();
        Supplier<FrameDecoder> f = FACTORIES.get(ts.uid());
        if (f == null) throw new PixelDataException("no decoder for " + ts.name() + " (" + ts.uid() + ")");
        try {
            return INSTANCES.computeIfAbsent(ts.uid(), k -> f.get());
        } catch (CodecUnavailableException e) {
            throw new PixelDataException(e.getMessage());
        }
    }

    /**
     * Forgets the decoders made so far, so the next lookup asks each factory again (which reads
     * {@code radstream.codec.native} anew). For tests that switch native codecs off and on.
     */
    static void forgetInstances() {
        INSTANCES.clear();
    }

    /** Thrown by a factory whose native library is missing: the message says what to install. */
    public static final class CodecUnavailableException extends RuntimeException {
        public CodecUnavailableException(String message) {
            super(message);
        }
    }
}
