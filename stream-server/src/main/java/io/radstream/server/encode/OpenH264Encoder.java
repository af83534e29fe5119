package io.radstream.server.encode;

import io.radstream.volume.codec.natives.NativeCodecs;
import io.radstream.volume.codec.natives.NativeLibrary;
import io.radstream.volume.codec.natives.NativeLibrary.MissingLibraryException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * H.264 interactive frames with Cisco's OpenH264 encoder (Debian {@code libopenh264-7}, 2.3.1) bound
 * through the FFM API: the same contract and bitstream shape as {@link H264Encoder} (jcodec) —
 * Constrained Baseline, CAVLC, Annex-B, gray as Y with neutral chroma, a VUI with full range and a
 * size-fit level, a new GOP (SPS, PPS, IDR) on the first frame, after {@link #restart()}, on a size
 * change and every {@link H264Encoder#MAX_GOP} frames; P frames otherwise.
 *
 * <p>Quality: rate control off ({@code RC_OFF_MODE}) with a constant QP per frame from
 * {@link H264Encoder#qpFor(float)}, adaptive quantisation, scene-change detection, denoise and
 * background detection off, so a QP means the same thing for both encoders. A new QP is applied
 * with {@code SetOption(ENCODER_OPTION_SVC_ENCODE_PARAM_EXT)}; whether the encoder then starts a
 * GOP is read from the frame type it reports, never assumed. One encoding thread per instance
 * ({@code iMultipleThreadIdc=1}), like jcodec.
 *
 * <p>The library is opened lazily on the first instance; a missing library or
 * {@code -Dradstream.codec.native=false} makes the constructor throw
 * {@link IllegalStateException} with an "install libopenh264-7" message ({@link #available()} asks
 * first). The native encoder is released by {@link #close()} or, failing that, when the instance is
 * garbage collected. Not thread-safe.
 *
 * <p>Struct offsets are those of {@code wels/codec_app_def.h} 2.3.1 on x86-64/aarch64 LP64
 * (checked with {@code offsetof}); the structs have been stable since OpenH264 2.0.
 */
public final class OpenH264Encoder implements InteractiveEncoder, AutoCloseable {
    /** The soname Debian/Ubuntu ship; {@code -Dradstream.openh264.lib} overrides it. */
    public static final String SONAME = System.getProperty("radstream.openh264.lib", "libopenh264.so.7");

    // ---- codec_app_def.h constants
    private static final int VIDEO_FORMAT_I420 = 23;
    private static final int FRAME_IDR = 1, FRAME_I = 2, FRAME_SKIP = 4;
    private static final int RC_OFF_MODE = -1;
    private static final int CAMERA_VIDEO_REAL_TIME = 0;
    private static final int PRO_BASELINE = 66;
    private static final int OPTION_SVC_ENCODE_PARAM_EXT = 3;
    private static final int OPTION_TRACE_LEVEL = 25;
    private static final int WELS_LOG_ERROR = 1;

    // ---- SEncParamExt (920 bytes)
    private static final long EXT_SIZE = 920;
    private static final long P_USAGE = 0, P_WIDTH = 4, P_HEIGHT = 8, P_BITRATE = 12, P_RC_MODE = 16, P_MAX_FPS = 20,
            P_TEMPORAL_LAYERS = 24, P_SPATIAL_LAYERS = 28, P_LAYER0 = 32, P_INTRA_PERIOD = 836, P_NUM_REF = 840,
            P_SPS_PPS_STRATEGY = 844, P_ENTROPY = 852, P_FRAME_SKIP = 860, P_MAX_QP = 868, P_MIN_QP = 872,
            P_THREADS = 892, P_DENOISE = 908, P_BACKGROUND = 909, P_ADAPTIVE_QUANT = 910, P_CROPPING = 911,
            P_SCENE_CHANGE = 912;
    // SSpatialLayerConfig, relative to P_LAYER0
    private static final long L_WIDTH = 0, L_HEIGHT = 4, L_FPS = 8, L_BITRATE = 12, L_MAX_BITRATE = 16, L_PROFILE = 20,
            L_LEVEL = 24, L_QP = 28, L_SLICE_MODE = 32, L_SIGNAL_TYPE = 184, L_VIDEO_FORMAT = 185, L_FULL_RANGE = 186,
            L_COLOUR_DESC = 187, L_PRIMARIES = 188, L_TRANSFER = 189, L_MATRIX = 190;
    // ---- SSourcePicture (72 bytes)
    private static final long PIC_SIZE = 72, PIC_FORMAT = 0, PIC_STRIDE = 4, PIC_DATA = 24, PIC_WIDTH = 56,
            PIC_HEIGHT = 60, PIC_TIMESTAMP = 64;
    // ---- SFrameBSInfo (5144 bytes), SLayerBSInfo (40 bytes)
    private static final long BS_SIZE = 5144, BS_LAYER_NUM = 0, BS_LAYERS = 8, BS_FRAME_TYPE = 5128, LAYER_SIZE = 40,
            LAYER_NAL_COUNT = 16, LAYER_NAL_LENGTHS = 24, LAYER_BUF = 32;

    private static final Cleaner CLEANER = Cleaner.create();

    /** Whether the library can be used here (installed, natives not switched off). */
    public static boolean available() {
        return unavailableReason() == null;
    }

    /** Why {@link #available()} is false, or {@code null}. */
    public static String unavailableReason() {
        if (!NativeCodecs.enabled()) return "OpenH264 is not used" + NativeCodecs.disabledNote();
        return Lib.ERROR == null ? null : Lib.ERROR;
    }

    private final Lib lib;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment encoder; // ISVCEncoder*: its first word points at the vtable
    private final MemorySegment params = arena.allocate(EXT_SIZE, 8);
    private final MemorySegment picture = arena.allocate(PIC_SIZE, 8);
    private final MemorySegment bsInfo = arena.allocate(BS_SIZE, 8);
    private final Cleaner.Cleanable cleanable;
    private MemorySegment planes;
    private int width = -1, height = -1, qp = -1;
    private boolean initialized;
    private int sinceKey;
    private long timestamp;
    private boolean restart = true;
    private boolean closed;

    /** @throws IllegalStateException when OpenH264 is not installed or natives are switched off */
    public OpenH264Encoder() {
        String reason = unavailableReason();
        if (reason != null) throw new IllegalStateException(reason);
        this.lib = Lib.INSTANCE;
        MemorySegment holder = arena.allocate(ADDRESS);
        int rc;
        try {
            rc = (int) lib.create.invokeExact(holder);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        MemorySegment enc = holder.get(ADDRESS, 0);
        if (rc != 0 || enc.address() == 0) {
            arena.close();
            throw new IllegalStateException("WelsCreateSVCEncoder failed: " + rc);
        }
        this.encoder = enc.reinterpret(8);
        Lib l = lib;
        Arena a = arena;
        long address = enc.address();
        boolean[] init = {false};
        this.initFlag = init;
        this.cleanable = CLEANER.register(this, () -> release(l, address, init, a));
        MemorySegment level = arena.allocate(JAVA_INT);
        level.set(JAVA_INT, 0, WELS_LOG_ERROR);
        call(Lib.SET_OPTION, lib.setOption, OPTION_TRACE_LEVEL, level); // the default level logs every IDR to stderr
    }

    private final boolean[] initFlag; // shared with the cleaner: Uninitialize only what was initialized

    @Override
    public int codecId() {
        return H264;
    }

    @Override
    public void restart() {
        restart = true;
    }

    @Override
    public Encoded encode(int width, int height, byte[] gray, float quality) {
        if (closed) throw new IllegalStateException("encoder closed");
        if (gray.length < width * height) throw new IllegalArgumentException("gray buffer smaller than " + width + "x" + height);
        int qp = H264Encoder.qpFor(quality);
        boolean key = restart || width != this.width || height != this.height || sinceKey >= H264Encoder.MAX_GOP - 1;
        if (width != this.width || height != this.height) {
            initialize(width, height, qp);
        } else if (qp != this.qp) {
            setQp(qp);
        }
        fillLuma(width, height, gray);
        picture.set(JAVA_LONG, PIC_TIMESTAMP, timestamp);
        timestamp += 16;
        if (key) {
            int rc;
            try {
                rc = (int) lib.forceIntra.invokeExact(vtable(Lib.FORCE_INTRA_FRAME), encoder, true);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            check(rc, "ForceIntraFrame");
        }
        bsInfo.fill((byte) 0);
        int rc;
        try {
            rc = (int) lib.encodeFrame.invokeExact(vtable(Lib.ENCODE_FRAME), encoder, picture, bsInfo);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(rc, "EncodeFrame");
        int type = bsInfo.get(JAVA_INT, BS_FRAME_TYPE);
        if (type == FRAME_SKIP) {
            restart = true;
            throw new IllegalStateException("OpenH264 skipped the frame");
        }
        byte[] data = collect();
        boolean isKey = type == FRAME_IDR;
        if (key && !isKey) throw new IllegalStateException("OpenH264 returned frame type " + type + " for a forced IDR");
        restart = false;
        sinceKey = isKey ? 0 : sinceKey + 1;
        return new Encoded(data, isKey);
    }

    /**
     * OpenH264 rounds odd sizes down (drops the last row/column), so an odd size is encoded at the
     * next even size with the last column/row repeated, and the SPS crops to it: the same coded
     * size as {@link H264Encoder}.
     */
    private void fillLuma(int width, int height, byte[] gray) {
        int ew = (width + 1) & ~1, eh = (height + 1) & ~1;
        if (ew == width && eh == height) {
            MemorySegment.copy(gray, 0, planes, JAVA_BYTE, 0L, width * height);
            return;
        }
        for (int row = 0; row < eh; row++) {
            int src = Math.min(row, height - 1) * width;
            long dst = (long) row * ew;
            MemorySegment.copy(gray, src, planes, JAVA_BYTE, dst, width);
            if (ew > width) planes.set(JAVA_BYTE, dst + width, gray[src + width - 1]);
        }
    }

    /** Concatenates the NAL units of every layer; OpenH264 writes them with 4-byte start codes. */
    private byte[] collect() {
        int layers = bsInfo.get(JAVA_INT, BS_LAYER_NUM);
        int total = 0;
        int[] sizes = new int[layers];
        for (int i = 0; i < layers; i++) {
            long base = BS_LAYERS + i * LAYER_SIZE;
            int nals = bsInfo.get(JAVA_INT, base + LAYER_NAL_COUNT);
            MemorySegment lengths = bsInfo.get(ADDRESS, base + LAYER_NAL_LENGTHS).reinterpret(4L * nals);
            for (int n = 0; n < nals; n++) sizes[i] += lengths.getAtIndex(JAVA_INT, n);
            total += sizes[i];
        }
        byte[] out = new byte[total];
        int at = 0;
        for (int i = 0; i < layers; i++) {
            MemorySegment buf = bsInfo.get(ADDRESS, BS_LAYERS + i * LAYER_SIZE + LAYER_BUF).reinterpret(sizes[i]);
            MemorySegment.copy(buf, JAVA_BYTE, 0, out, at, sizes[i]);
            at += sizes[i];
        }
        return out;
    }

    private void initialize(int requestedWidth, int requestedHeight, int qp) {
        int width = (requestedWidth + 1) & ~1, height = (requestedHeight + 1) & ~1;
        if (initFlag[0]) {
            check(call(Lib.UNINITIALIZE, lib.uninitialize), "Uninitialize");
            initFlag[0] = false;
        }
        this.width = -1;
        params.fill((byte) 0);
        check(call(Lib.GET_DEFAULT_PARAMS, lib.getDefaultParams, params), "GetDefaultParams");
        int bitrate = 10_000_000; // unused with rate control off, but validated and it raises the level: keep it under level 3.1's 14 Mbit/s
        params.set(JAVA_INT, P_USAGE, CAMERA_VIDEO_REAL_TIME);
        params.set(JAVA_INT, P_WIDTH, width);
        params.set(JAVA_INT, P_HEIGHT, height);
        params.set(JAVA_INT, P_BITRATE, bitrate);
        params.set(JAVA_INT, P_RC_MODE, RC_OFF_MODE);
        params.set(JAVA_FLOAT, P_MAX_FPS, 60f);
        params.set(JAVA_INT, P_TEMPORAL_LAYERS, 1);
        params.set(JAVA_INT, P_SPATIAL_LAYERS, 1);
        params.set(JAVA_INT, P_INTRA_PERIOD, 0); // IDRs only when asked (ForceIntraFrame)
        params.set(JAVA_INT, P_NUM_REF, 1);
        params.set(JAVA_INT, P_SPS_PPS_STRATEGY, 0); // CONSTANT_ID: SPS/PPS id 0 in every GOP
        params.set(JAVA_INT, P_ENTROPY, 0); // CAVLC
        params.set(JAVA_BOOLEAN, P_FRAME_SKIP, false);
        params.set(JAVA_INT, P_MAX_QP, 51);
        params.set(JAVA_INT, P_MIN_QP, 0);
        params.set(JAVA_INT, P_THREADS, 1); // unsigned short + padding: the int write covers it (little-endian)
        params.set(JAVA_BOOLEAN, P_DENOISE, false);
        params.set(JAVA_BOOLEAN, P_BACKGROUND, false);
        params.set(JAVA_BOOLEAN, P_ADAPTIVE_QUANT, false);
        params.set(JAVA_BOOLEAN, P_CROPPING, true);
        params.set(JAVA_BOOLEAN, P_SCENE_CHANGE, false);
        params.set(JAVA_INT, P_LAYER0 + L_WIDTH, width);
        params.set(JAVA_INT, P_LAYER0 + L_HEIGHT, height);
        params.set(JAVA_FLOAT, P_LAYER0 + L_FPS, 60f);
        params.set(JAVA_INT, P_LAYER0 + L_BITRATE, bitrate);
        params.set(JAVA_INT, P_LAYER0 + L_MAX_BITRATE, 0); // UNSPECIFIED_BIT_RATE
        params.set(JAVA_INT, P_LAYER0 + L_PROFILE, PRO_BASELINE);
        params.set(JAVA_INT, P_LAYER0 + L_LEVEL, Math.min(52, H264Encoder.levelFor(width, height)));
        params.set(JAVA_INT, P_LAYER0 + L_QP, qp);
        params.set(JAVA_INT, P_LAYER0 + L_SLICE_MODE, 0); // SM_SINGLE_SLICE
        params.set(JAVA_BOOLEAN, P_LAYER0 + L_SIGNAL_TYPE, true);
        params.set(JAVA_BYTE, P_LAYER0 + L_VIDEO_FORMAT, (byte) 5); // unspecified
        params.set(JAVA_BOOLEAN, P_LAYER0 + L_FULL_RANGE, true); // Y 0..255, as H264Encoder
        params.set(JAVA_BOOLEAN, P_LAYER0 + L_COLOUR_DESC, true);
        params.set(JAVA_BYTE, P_LAYER0 + L_PRIMARIES, (byte) 1); // BT.709
        params.set(JAVA_BYTE, P_LAYER0 + L_TRANSFER, (byte) 13); // sRGB
        params.set(JAVA_BYTE, P_LAYER0 + L_MATRIX, (byte) 1);
        check(call(Lib.INITIALIZE_EXT, lib.initializeExt, params), "InitializeExt " + width + "x" + height);
        initFlag[0] = true;
        MemorySegment level = arena.allocate(JAVA_INT);
        level.set(JAVA_INT, 0, WELS_LOG_ERROR);
        call(Lib.SET_OPTION, lib.setOption, OPTION_TRACE_LEVEL, level);

        int cw = width / 2, ch = height / 2;
        long ySize = (long) width * height, cSize = (long) cw * ch;
        // grows to the largest size seen and is reused: the shared arena frees it on close
        if (planes == null || planes.byteSize() < ySize + 2 * cSize) planes = arena.allocate(ySize + 2 * cSize, 16);
        planes.asSlice(ySize, 2 * cSize).fill((byte) 128); // neutral chroma
        picture.fill((byte) 0);
        picture.set(JAVA_INT, PIC_FORMAT, VIDEO_FORMAT_I420);
        picture.set(JAVA_INT, PIC_STRIDE, width);
        picture.set(JAVA_INT, PIC_STRIDE + 4, cw);
        picture.set(JAVA_INT, PIC_STRIDE + 8, cw);
        picture.set(ADDRESS, PIC_DATA, planes);
        picture.set(ADDRESS, PIC_DATA + 8, planes.asSlice(ySize));
        picture.set(ADDRESS, PIC_DATA + 16, planes.asSlice(ySize + cSize));
        picture.set(JAVA_INT, PIC_WIDTH, width);
        picture.set(JAVA_INT, PIC_HEIGHT, height);
        this.width = requestedWidth;
        this.height = requestedHeight;
        this.qp = qp;
    }

    private void setQp(int qp) {
        params.set(JAVA_INT, P_LAYER0 + L_QP, qp);
        check(call(Lib.SET_OPTION, lib.setOption, OPTION_SVC_ENCODE_PARAM_EXT, params), "SetOption(QP " + qp + ")");
        this.qp = qp;
    }

    /** Releases the native encoder; later {@link #encode} calls fail. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        cleanable.clean();
    }

    private static void release(Lib lib, long address, boolean[] initialized, Arena arena) {
        MemorySegment enc = MemorySegment.ofAddress(address).reinterpret(8);
        try {
            MemorySegment vtbl = enc.get(ADDRESS, 0).reinterpret(Lib.SLOTS * 8L);
            if (initialized[0]) {
                int ignored = (int) lib.uninitialize.invokeExact(vtbl.getAtIndex(ADDRESS, Lib.UNINITIALIZE), enc);
            }
            lib.destroy.invokeExact(enc);
        } catch (Throwable t) {
            // nothing sensible to do in a cleaner
        } finally {
            arena.close();
        }
    }

    private MemorySegment vtable(int slot) {
        return encoder.get(ADDRESS, 0).reinterpret(Lib.SLOTS * 8L).getAtIndex(ADDRESS, slot);
    }

    private int call(int slot, MethodHandle h) {
        try {
            return (int) h.invokeExact(vtable(slot), encoder);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private int call(int slot, MethodHandle h, MemorySegment arg) {
        try {
            return (int) h.invokeExact(vtable(slot), encoder, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private int call(int slot, MethodHandle h, int option, MemorySegment arg) {
        try {
            return (int) h.invokeExact(vtable(slot), encoder, option, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void check(int rc, String what) {
        if (rc != 0) throw new IllegalStateException("OpenH264 " + what + " failed: " + rc);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    /** The library and its handles, opened on first use. */
    static final class Lib {
        // ISVCEncoderVtbl slots (codec_api.h)
        static final int INITIALIZE = 0, INITIALIZE_EXT = 1, GET_DEFAULT_PARAMS = 2, UNINITIALIZE = 3, ENCODE_FRAME = 4,
                ENCODE_PARAMETER_SETS = 5, FORCE_INTRA_FRAME = 6, SET_OPTION = 7, GET_OPTION = 8, SLOTS = 9;

        static final Lib INSTANCE;
        static final String ERROR;

        static {
            Lib lib = null;
            String error = null;
            try {
                lib = load(SONAME);
            } catch (MissingLibraryException e) {
                error = notInstalled(e);
            }
            INSTANCE = lib;
            ERROR = error;
        }

        final MethodHandle create, destroy;
        // vtable calls: the function pointer comes first, then the encoder, then the C arguments
        final MethodHandle initializeExt, getDefaultParams, uninitialize, encodeFrame, forceIntra, setOption;

        private Lib(NativeLibrary so) throws MissingLibraryException {
            create = so.function("WelsCreateSVCEncoder", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            destroy = so.function("WelsDestroySVCEncoder", FunctionDescriptor.ofVoid(ADDRESS));
            Linker linker = Linker.nativeLinker();
            initializeExt = linker.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            getDefaultParams = linker.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            uninitialize = linker.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS));
            encodeFrame = linker.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
            forceIntra = linker.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
            setOption = linker.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        }

        /** Opens {@code soname}; package-private so a test can name a library that is not there. */
        static Lib load(String soname) throws MissingLibraryException {
            return new Lib(NativeLibrary.open(soname));
        }

        static String notInstalled(MissingLibraryException e) {
            return "OpenH264 is not installed (" + e.getMessage() + "); install libopenh264-7 (Debian/Ubuntu) "
                    + "or set -Dradstream.openh264.lib to its soname";
        }
    }
}
