package io.radstream.volume.codec.j2k;

import io.radstream.volume.codec.natives.BoundLibrary;
import io.radstream.volume.codec.natives.NativeLibrary;
import io.radstream.volume.codec.natives.NativeLibrary.MissingLibraryException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The part of OpenJPEG's C API ({@code openjpeg.h} of OpenJPEG 2.5, Debian package
 * {@code libopenjp2-7}) that decodes a codestream held in memory: downcall handles, the struct
 * layouts of {@code opj_image_t}, {@code opj_image_comp_t} and {@code opj_dparameters_t}, and the
 * upcall stubs of {@link OpenJpegMemoryStream} and {@link OpenJpegMessages}. The library is opened
 * once, on first use, by {@link #get()}.
 */
final class OpenJpeg {
    static final String SONAME = "libopenjp2.so.7";
    private static final BoundLibrary<OpenJpeg> LIBRARY = new BoundLibrary<>(SONAME, OpenJpeg::new);
    static final String DEBIAN_PACKAGE = "libopenjp2-7";

    /** {@code OPJ_CODEC_FORMAT}: a bare codestream, or a JP2 file. */
    static final int OPJ_CODEC_J2K = 0, OPJ_CODEC_JP2 = 2;
    /** Read-buffer size OpenJPEG allocates per stream ({@code OPJ_J2K_STREAM_CHUNK_SIZE}). */
    static final long STREAM_CHUNK = 0x100000;

    /** {@code opj_image_comp_t} (openjpeg.h): 11 OPJ_UINT32, then {@code OPJ_INT32 *data}, {@code alpha}. */
    static final StructLayout IMAGE_COMP = MemoryLayout.structLayout(
            JAVA_INT.withName("dx"), JAVA_INT.withName("dy"), JAVA_INT.withName("w"), JAVA_INT.withName("h"),
            JAVA_INT.withName("x0"), JAVA_INT.withName("y0"), JAVA_INT.withName("prec"), JAVA_INT.withName("bpp"),
            JAVA_INT.withName("sgnd"), JAVA_INT.withName("resno_decoded"), JAVA_INT.withName("factor"),
            MemoryLayout.paddingLayout(4), ADDRESS.withName("data"), JAVA_SHORT.withName("alpha"),
            MemoryLayout.paddingLayout(6));

    /** {@code opj_image_t} (openjpeg.h). */
    static final StructLayout IMAGE = MemoryLayout.structLayout(
            JAVA_INT.withName("x0"), JAVA_INT.withName("y0"), JAVA_INT.withName("x1"), JAVA_INT.withName("y1"),
            JAVA_INT.withName("numcomps"), JAVA_INT.withName("color_space"), ADDRESS.withName("comps"),
            ADDRESS.withName("icc_profile_buf"), JAVA_INT.withName("icc_profile_len"), MemoryLayout.paddingLayout(4));

    /**
     * {@code opj_dparameters_t} (openjpeg.h, OPJ_PATH_LEN 4096). Only its size matters here:
     * {@code opj_set_default_decoder_parameters} fills it in.
     */
    static final StructLayout DPARAMETERS = MemoryLayout.structLayout(
            JAVA_INT.withName("cp_reduce"), JAVA_INT.withName("cp_layer"),
            MemoryLayout.sequenceLayout(4096, JAVA_BYTE).withName("infile"),
            MemoryLayout.sequenceLayout(4096, JAVA_BYTE).withName("outfile"),
            JAVA_INT.withName("decod_format"), JAVA_INT.withName("cod_format"),
            JAVA_INT.withName("DA_x0"), JAVA_INT.withName("DA_x1"), JAVA_INT.withName("DA_y0"), JAVA_INT.withName("DA_y1"),
            JAVA_INT.withName("m_verbose"), JAVA_INT.withName("tile_index"), JAVA_INT.withName("nb_tile_to_decode"),
            JAVA_INT.withName("jpwl_correct"), JAVA_INT.withName("jpwl_exp_comps"), JAVA_INT.withName("jpwl_max_tiles"),
            JAVA_INT.withName("flags"));

    static final long COMP_W = IMAGE_COMP.byteOffset(groupElement("w"));
    static final long COMP_H = IMAGE_COMP.byteOffset(groupElement("h"));
    static final long COMP_DX = IMAGE_COMP.byteOffset(groupElement("dx"));
    static final long COMP_DY = IMAGE_COMP.byteOffset(groupElement("dy"));
    static final long COMP_PREC = IMAGE_COMP.byteOffset(groupElement("prec"));
    static final long COMP_SGND = IMAGE_COMP.byteOffset(groupElement("sgnd"));
    static final long COMP_DATA = IMAGE_COMP.byteOffset(groupElement("data"));
    static final long IMAGE_NUMCOMPS = IMAGE.byteOffset(groupElement("numcomps"));
    static final long IMAGE_COMPS = IMAGE.byteOffset(groupElement("comps"));

    final String version;
    final MethodHandle createDecompress, destroyCodec, setDefaultDecoderParameters, setupDecoder, setStrictMode,
            setThreads, setErrorHandler, setWarningHandler, streamCreate, streamDestroy, streamSetReadFunction,
            streamSetSkipFunction, streamSetSeekFunction, streamSetUserData, streamSetUserDataLength, readHeader,
            decode, endDecompress, imageDestroy;
    /** Upcall stubs, made once for the life of the JVM (they hold no per-decode state). */
    final MemorySegment readFn, skipFn, seekFn, messageFn;

    private OpenJpeg(NativeLibrary lib) throws MissingLibraryException {
        MethodHandle versionFn = lib.function("opj_version", FunctionDescriptor.of(ADDRESS));
        try {
            version = ((MemorySegment) versionFn.invokeExact()).reinterpret(64).getString(0);
        } catch (Throwable t) {
            throw new MissingLibraryException(SONAME + ": opj_version failed: " + t);
        }
        createDecompress = lib.function("opj_create_decompress", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        destroyCodec = lib.function("opj_destroy_codec", FunctionDescriptor.ofVoid(ADDRESS));
        setDefaultDecoderParameters = lib.function("opj_set_default_decoder_parameters", FunctionDescriptor.ofVoid(ADDRESS));
        setupDecoder = lib.function("opj_setup_decoder", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        // OpenJPEG 2.5.0+: without strict mode a truncated codestream decodes "successfully" to a partial image
        setStrictMode = lib.function("opj_decoder_set_strict_mode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        setThreads = lib.function("opj_codec_set_threads", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        setErrorHandler = lib.function("opj_set_error_handler", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        setWarningHandler = lib.function("opj_set_warning_handler", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        streamCreate = lib.function("opj_stream_create", FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_INT));
        streamDestroy = lib.function("opj_stream_destroy", FunctionDescriptor.ofVoid(ADDRESS));
        streamSetReadFunction = lib.function("opj_stream_set_read_function", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        streamSetSkipFunction = lib.function("opj_stream_set_skip_function", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        streamSetSeekFunction = lib.function("opj_stream_set_seek_function", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        streamSetUserData = lib.function("opj_stream_set_user_data", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
        streamSetUserDataLength = lib.function("opj_stream_set_user_data_length", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
        readHeader = lib.function("opj_read_header", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        decode = lib.function("opj_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        endDecompress = lib.function("opj_end_decompress", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        imageDestroy = lib.function("opj_image_destroy", FunctionDescriptor.ofVoid(ADDRESS));

        Linker linker = Linker.nativeLinker();
        Arena forever = Arena.global();
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            readFn = linker.upcallStub(lookup.findStatic(OpenJpegMemoryStream.class, "read",
                    MethodType.methodType(long.class, MemorySegment.class, long.class, MemorySegment.class)),
                    FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS), forever);
            skipFn = linker.upcallStub(lookup.findStatic(OpenJpegMemoryStream.class, "skip",
                    MethodType.methodType(long.class, long.class, MemorySegment.class)),
                    FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS), forever);
            seekFn = linker.upcallStub(lookup.findStatic(OpenJpegMemoryStream.class, "seek",
                    MethodType.methodType(int.class, long.class, MemorySegment.class)),
                    FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS), forever);
            messageFn = linker.upcallStub(lookup.findStatic(OpenJpegMessages.class, "append",
                    MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class)),
                    FunctionDescriptor.ofVoid(ADDRESS, ADDRESS), forever);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("OpenJPEG upcall targets are missing", e);
        }
    }

    /** The library, opened on first call; the exception says why it is unusable. */
    static OpenJpeg get() throws MissingLibraryException {
        return LIBRARY.get();
    }

    /** HTJ2K (ISO/IEC 15444-15) decoding arrived in OpenJPEG 2.5.0. */
    boolean decodesHighThroughput() {
        String[] v = version.split("\\.");
        try {
            int major = Integer.parseInt(v[0]), minor = v.length > 1 ? Integer.parseInt(v[1]) : 0;
            return major > 2 || major == 2 && minor >= 5;
        } catch (NumberFormatException e) {
            return false;
        }
    }

}
