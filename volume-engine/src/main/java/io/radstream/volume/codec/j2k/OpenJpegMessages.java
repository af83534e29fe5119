package io.radstream.volume.codec.j2k;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Collects OpenJPEG's error and warning messages ({@code opj_msg_callback}, openjpeg.h) into a
 * fixed native buffer given as the callback's client data: an int count of bytes used, then the
 * text. It is bounded, holds no Java state, and becomes the reason of a
 * {@link io.radstream.volume.pixel.PixelDataException}.
 */
final class OpenJpegMessages {
    static final int CAPACITY = 2048;
    private static final long TEXT = 4;

    private OpenJpegMessages() {}

    static MemorySegment allocate(Arena arena) {
        MemorySegment buffer = arena.allocate(TEXT + CAPACITY, 8);
        buffer.set(JAVA_INT, 0, 0);
        return buffer;
    }

    /** {@code void callback(const char *msg, void *client_data)}; never throws into C. */
    static void append(MemorySegment message, MemorySegment clientData) {
        try {
            MemorySegment buffer = clientData.reinterpret(TEXT + CAPACITY);
            int used = buffer.get(JAVA_INT, 0);
            MemorySegment text = message.reinterpret(CAPACITY);
            for (long i = 0; i < CAPACITY && used < CAPACITY; i++) {
                byte b = text.get(JAVA_BYTE, i);
                if (b == 0) break;
                buffer.set(JAVA_BYTE, TEXT + used++, b == '\n' ? (byte) ' ' : b);
            }
            buffer.set(JAVA_INT, 0, used);
        } catch (Throwable t) {
            // nothing may escape an upcall; losing a message is the lesser harm
        }
    }

    static String text(MemorySegment buffer) {
        int used = Math.min(CAPACITY, buffer.get(JAVA_INT, 0));
        byte[] bytes = buffer.asSlice(TEXT, used).toArray(JAVA_BYTE);
        return new String(bytes, StandardCharsets.ISO_8859_1).trim().replaceAll("\\s+", " ");
    }
}
