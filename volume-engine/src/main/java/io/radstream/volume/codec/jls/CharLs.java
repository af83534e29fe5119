package io.radstream.volume.codec.jls;

import io.radstream.volume.codec.natives.BoundLibrary;
import io.radstream.volume.codec.natives.NativeLibrary;
import io.radstream.volume.codec.natives.NativeLibrary.MissingLibraryException;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The decoder half of CharLS's C API (charls/charls_jpegls_decoder.h, CharLS 2.4, Debian package
 * {@code libcharls2}) as FFM downcall handles. Every function but create/destroy returns a
 * {@code charls_jpegls_errc}, 0 on success; {@code charls_get_error_message} explains the others.
 * The library is opened once, on first use, by {@link #get()}.
 */
final class CharLs {
    static final String SONAME = "libcharls.so.2";
    private static final BoundLibrary<CharLs> LIBRARY = new BoundLibrary<>(SONAME, CharLs::new);
    static final String DEBIAN_PACKAGE = "libcharls2";

    /** {@code charls_frame_info} (charls/public_types.h). */
    static final StructLayout FRAME_INFO = MemoryLayout.structLayout(
            JAVA_INT.withName("width"), JAVA_INT.withName("height"),
            JAVA_INT.withName("bits_per_sample"), JAVA_INT.withName("component_count"));

    /** {@code charls_interleave_mode} (ISO/IEC 14495-1 ILV): 0 none (one scan per component), 1 line, 2 sample. */
    static final int INTERLEAVE_NONE = 0;

    final String version;
    final MethodHandle create, destroy, setSourceBuffer, readHeader, getFrameInfo, getInterleaveMode,
            getDestinationSize, decodeToBuffer, errorMessage;

    private CharLs(NativeLibrary lib) throws MissingLibraryException {
        MethodHandle versionFn = lib.function("charls_get_version_string", FunctionDescriptor.of(ADDRESS));
        try {
            version = ((MemorySegment) versionFn.invokeExact()).reinterpret(64).getString(0);
        } catch (Throwable t) {
            throw new MissingLibraryException(SONAME + ": charls_get_version_string failed: " + t);
        }
        create = lib.function("charls_jpegls_decoder_create", FunctionDescriptor.of(ADDRESS));
        destroy = lib.function("charls_jpegls_decoder_destroy", FunctionDescriptor.ofVoid(ADDRESS));
        setSourceBuffer = lib.function("charls_jpegls_decoder_set_source_buffer",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        readHeader = lib.function("charls_jpegls_decoder_read_header", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getFrameInfo = lib.function("charls_jpegls_decoder_get_frame_info", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        getInterleaveMode = lib.function("charls_jpegls_decoder_get_interleave_mode",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        getDestinationSize = lib.function("charls_jpegls_decoder_get_destination_size",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        decodeToBuffer = lib.function("charls_jpegls_decoder_decode_to_buffer",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
        errorMessage = lib.function("charls_get_error_message", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    static CharLs get() throws MissingLibraryException {
        return LIBRARY.get();
    }

    /** CharLS's text for an error code, e.g. "Invalid JPEG-LS parameters ..."; never throws. */
    String message(int errc) {
        try {
            MemorySegment text = (MemorySegment) errorMessage.invokeExact(errc);
            return text.address() == 0 ? "error " + errc : text.reinterpret(512).getString(0) + " (" + errc + ")";
        } catch (Throwable t) {
            return "error " + errc;
        }
    }

}
