package io.radstream.volume.codec.j2k;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * An {@code opj_stream_t} source over bytes in native memory. OpenJPEG has no memory stream of its
 * own: it calls back {@code opj_stream_read_fn}, {@code opj_stream_skip_fn} and
 * {@code opj_stream_seek_fn} (openjpeg.h) with a user-data pointer. That pointer is a small native
 * struct {data, length, position} allocated in the decode's arena, so the static upcalls below
 * hold no Java state and any number of threads can decode at once.
 *
 * <p>Upcalls must not throw: an exception escaping into C ends the JVM. Each one catches
 * everything and answers the C API's failure value.
 */
final class OpenJpegMemoryStream {
    static final StructLayout STATE = MemoryLayout.structLayout(
            ADDRESS.withName("data"), JAVA_LONG.withName("length"), JAVA_LONG.withName("position"));
    private static final long DATA = STATE.byteOffset(groupElement("data"));
    private static final long LENGTH = STATE.byteOffset(groupElement("length"));
    private static final long POSITION = STATE.byteOffset(groupElement("position"));
    /** {@code (OPJ_SIZE_T)-1}: end of stream or failure for opj_stream_read_fn / skip_fn. */
    private static final long END = -1L;

    private OpenJpegMemoryStream() {}

    /** Copies {@code bytes} into the arena and returns the user-data struct that reads them. */
    static MemorySegment over(byte[] bytes, Arena arena) {
        MemorySegment data = arena.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, data, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
        MemorySegment state = arena.allocate(STATE);
        state.set(ADDRESS, DATA, data);
        state.set(JAVA_LONG, LENGTH, bytes.length);
        state.set(JAVA_LONG, POSITION, 0L);
        return state;
    }

    static long length(MemorySegment state) {
        return state.get(JAVA_LONG, LENGTH);
    }

    /** {@code OPJ_SIZE_T read(void *buffer, OPJ_SIZE_T n, void *user)}: bytes copied, or -1 at the end. */
    static long read(MemorySegment buffer, long n, MemorySegment user) {
        try {
            MemorySegment s = user.reinterpret(STATE.byteSize());
            long length = s.get(JAVA_LONG, LENGTH), position = s.get(JAVA_LONG, POSITION);
            if (n <= 0 || position >= length) return END;
            long count = Math.min(n, length - position);
            MemorySegment data = s.get(ADDRESS, DATA).reinterpret(length);
            MemorySegment.copy(data, position, buffer.reinterpret(count), 0, count);
            s.set(JAVA_LONG, POSITION, position + count);
            return count;
        } catch (Throwable t) {
            return END;
        }
    }

    /** {@code OPJ_OFF_T skip(OPJ_OFF_T n, void *user)}: bytes skipped (clamped to the data), or -1. */
    static long skip(long n, MemorySegment user) {
        try {
            MemorySegment s = user.reinterpret(STATE.byteSize());
            long length = s.get(JAVA_LONG, LENGTH), position = s.get(JAVA_LONG, POSITION);
            long target = n >= 0 ? Math.min(length, position + n) : position + n;
            if (target < 0) return END;
            s.set(JAVA_LONG, POSITION, target);
            return target - position;
        } catch (Throwable t) {
            return END;
        }
    }

    /** {@code OPJ_BOOL seek(OPJ_OFF_T position, void *user)}: 1 on success, 0 outside the data. */
    static int seek(long position, MemorySegment user) {
        try {
            MemorySegment s = user.reinterpret(STATE.byteSize());
            if (position < 0 || position > s.get(JAVA_LONG, LENGTH)) return 0;
            s.set(JAVA_LONG, POSITION, position);
            return 1;
        } catch (Throwable t) {
            return 0;
        }
    }
}
