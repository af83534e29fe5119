package io.radstream.render.cuda;

import io.radstream.render.ContextThreadCalls;
import io.radstream.render.DisplayTables;
import io.radstream.render.Frame;
import io.radstream.render.GridAlignedSlab;
import io.radstream.render.ImageMapping;
import io.radstream.render.Mpr;
import io.radstream.render.MprMapping;
import io.radstream.render.MprSampling;
import io.radstream.render.Renderer;
import io.radstream.render.UnsupportedViewException;
import io.radstream.render.ViewState;
import io.radstream.render.display.DisplayFunction;
import io.radstream.render.display.LookupTable;
import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.Volume;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.lwjgl.cuda.CU.*;
import static org.lwjgl.cuda.NVRTC.*;

/**
 * The CUDA backend: the CU driver API and NVRTC through LWJGL 3.3.6 ({@code lwjgl-cuda}); the
 * kernels ({@link Kernels}) are compiled from source at start-up for the device's architecture.
 *
 * <p><b>Threads.</b> One platform thread ("cuda-context") has the device's primary context current
 * and does all CUDA work; {@link #render} hands the frame to it and waits, as the GL backend does.
 *
 * <p><b>Volumes.</b> Each volume is copied to device memory once ({@code cuMemAlloc}, then the whole
 * off-heap segment); slices that were not decoded yet are copied again once
 * {@link Volume#isSliceReady} says they are. Resident volumes are held to a byte budget
 * ({@code -Dradstream.cuda.budgetBytes}, default 75 % of the device memory free at start-up):
 * admitting one evicts the least recently rendered others. A volume's memory is freed before the
 * next frame once the volume is released (reference count zero) or collected, or at once by
 * {@link #evict}.
 *
 * <p><b>Views.</b> Every view the CPU renders, with the CPU's arithmetic (see {@link Kernels}):
 * native slices (the mapping from {@link ImageMapping} and the CPU's display table, uploaded when
 * they change), reformats through a regular grid (thin planes and MIP/MinIP/average slabs, as
 * {@code CpuMpr}), sheared or irregular stacks through the slices' recorded origins, slabs on the
 * volume's own grid ({@link GridAlignedSlab}: projected, then resampled) and minified thick MIPs
 * on a {@code MipPyramid} level. Only a volume larger than the memory budget throws
 * {@link UnsupportedViewException} (the server then renders on the CPU).
 */
public final class CudaRenderer implements Renderer, AutoCloseable {
    /** Bytes of device memory volumes may use; absent: 75 % of the free memory at start-up. */
    public static final String BUDGET_PROPERTY = "radstream.cuda.budgetBytes";
    private static final int BLOCK_X = 32, BLOCK_Y = 8;

    private final ExecutorService thread;
    private volatile boolean closed;
    private String device = "?";
    // --- confined to the context thread ---
    private int ordinal;
    private long context, module, nativeKernel, mprKernel, projectKernel, resampleKernel;
    private long columnOfBuffer, rowOfBuffer, paramsBuffer, tableBuffer, displayBuffer, generalKernel;
    private final GrowingDeviceBuffer image = new GrowingDeviceBuffer(), projection = new GrowingDeviceBuffer(),
            geometry = new GrowingDeviceBuffer(), voiLut = new GrowingDeviceBuffer();
    private byte[] uploadedTable;
    private ByteBuffer hostTable;
    private int[] uploadedLut;
    private ByteBuffer readback;
    private IntBuffer hostColumns, hostRows;
    private GpuMemoryBudget<DeviceVolume> budget;
    private final List<DeviceVolume> volumes = new ArrayList<>();

    private CudaRenderer(ExecutorService thread) {
        this.thread = thread;
    }

    /** Starts the backend on device 0, or says precisely why it cannot. */
    public static CudaRenderer create() throws CudaUnavailableException {
        Path libcuda = CudaLibraries.libcuda()
                .orElseThrow(() -> new CudaUnavailableException("unavailable: libcuda not found (no NVIDIA driver on this machine)"));
        if (libcuda.isAbsolute()) Configuration.CUDA_LIBRARY_NAME.set(libcuda.toString());
        Path libnvrtc = configureNvrtc("driver " + libcuda + " present, but ");
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cuda-context");
            t.setDaemon(true);
            return t;
        });
        CudaRenderer renderer = new CudaRenderer(thread);
        try {
            thread.submit(() -> {
                try {
                    renderer.initialise(libcuda, libnvrtc);
                } catch (RuntimeException | LinkageError e) {
                    renderer.destroy();
                    throw e;
                }
                return null;
            }).get();
            return renderer;
        } catch (ExecutionException e) {
            thread.shutdownNow();
            Throwable c = e.getCause();
            if (c instanceof CudaUnavailableException u) throw u;
            if (c instanceof LinkageError) {
                throw new CudaUnavailableException("unavailable: loading " + libcuda + " / " + libnvrtc + " failed: " + c
                        + (c.getCause() != null ? " (" + c.getCause() + ")" : ""), c);
            }
            throw new CudaUnavailableException("unavailable: CUDA set-up failed: " + c, c);
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
            throw new CudaUnavailableException("interrupted while starting CUDA");
        }
    }

    /**
     * Finds libnvrtc and its builtins and hands their paths to LWJGL (before its NVRTC class loads);
     * returns the libnvrtc path. NVRTC needs no GPU, so the kernels compile on any machine that has it.
     */
    static Path configureNvrtc(String context) throws CudaUnavailableException {
        Path libnvrtc = CudaLibraries.libnvrtc()
                .orElseThrow(() -> new CudaUnavailableException("unavailable: libnvrtc not found (" + context
                        + "the kernels are compiled by NVRTC; install the CUDA runtime's nvrtc or set -D"
                        + CudaLibraries.NVRTC_PROPERTY + ")"));
        Path builtins = CudaLibraries.libnvrtcBuiltins(libnvrtc)
                .orElseThrow(() -> new CudaUnavailableException("unavailable: libnvrtc-builtins not found beside " + libnvrtc
                        + " (NVRTC needs its builtins library of the same version; set -D"
                        + CudaLibraries.NVRTC_BUILTINS_PROPERTY + ")"));
        if (libnvrtc.isAbsolute()) Configuration.CUDA_NVRTC_LIBRARY_NAME.set(libnvrtc.toString());
        if (builtins.isAbsolute()) Configuration.CUDA_NVRTC_BUILTINS_LIBRARY_NAME.set(builtins.toString());
        return libnvrtc;
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** The device, its memory and the volume budget, for logs and {@code /api/status}. */
    public String device() {
        return device;
    }

    @Override
    public Frame render(ViewState s, Volume volume) {
        GridAlignedSlab aligned = GridAlignedSlab.of(s, volume);
        if (s.mpr() == null) {
            byte[] table = DisplayTables.table(volume, Math.max(0, Math.min(volume.slices() - 1, s.slice())), s);
            return onContext(() -> drawNative(s, volume, table));
        }
        ReformatDisplay voi = reformatDisplay(s, volume);
        if (aligned != null) return onContext(() -> drawSlab(s, volume, aligned, voi));
        // a minified thick MIP samples the CPU's MipPyramid level (built on the CPU, uploaded like any volume)
        Volume sampled = MprSampling.sampledVolume(s, volume);
        return onContext(() -> drawMpr(s, volume, sampled, voi));
    }

    /**
     * The display function of a reformat as the kernels take it: {@link DisplayFunction} (the
     * middle slice's VOI: LINEAR, LINEAR_EXACT, SIGMOID or a VOI LUT, inverted or not). Native slices
     * use the CPU's own 64 K table instead ({@link DisplayTables#table}), so every display pipeline
     * (Modality LUT, VOI LUT, presentation LUT) is the CPU's byte for byte there.
     *
     * @throws UnsupportedViewException for a volume whose slices map stored values through a
     *                                  Modality LUT ({@code ModalityLutReformats} renders those from a copy)
     */
    static ReformatDisplay reformatDisplay(ViewState s, Volume volume) {
        DisplayFunction f = DisplayTables.reformatFunction(volume, s, "cuda");
        return new ReformatDisplay(f.kind(), f.inverse(), f.center(), f.width(), f.lut());
    }

    /** What {@code gray()} in the kernels needs: the function, inversion, window and, for TABLE, the VOI LUT. */
    record ReformatDisplay(DisplayFunction.Kind kind, boolean invert, double center, double width, LookupTable lut) {
        double lutMax() {
            return lut == null ? 1 : lut.maxOutput();
        }
    }

    /** Frees the volume's device memory now (it is also freed by itself after the volume's release). */
    public void evict(Volume volume) {
        onContext(() -> {
            volumes.removeIf(d -> {
                if (d.volume.get() != volume) return false;
                free(d);
                return true;
            });
            return null;
        });
    }

    /** Bytes of volumes resident on the device. */
    public long volumeBytes() {
        return onContext(() -> budget.usedBytes());
    }

    /** The volume budget, bytes. */
    public long budgetBytes() {
        return onContext(() -> budget.budgetBytes());
    }

    /** Whether the volume is resident on the device now. */
    public boolean isResident(Volume volume) {
        return onContext(() -> volumes.stream().anyMatch(d -> d.volume.get() == volume));
    }

    private <T> T onContext(Callable<T> work) {
        if (closed) throw new IllegalStateException("CUDA renderer closed");
        return ContextThreadCalls.await(thread.submit(work), "CUDA");
    }

    // ---------------------------------------------------------------- context thread

    private void initialise(Path libcuda, Path libnvrtc) throws CudaUnavailableException {
        int driver;
        int major, minor;
        String deviceName;
        long total, free;
        try (MemoryStack stack = MemoryStack.stackPush()) {
            int rc = cuInit(0);
            if (rc != CUDA_SUCCESS) throw new CudaUnavailableException("unavailable: cuInit failed: " + errorName(rc));
            IntBuffer i = stack.mallocInt(1);
            check(cuDriverGetVersion(i), "cuDriverGetVersion");
            driver = i.get(0);
            check(cuDeviceGetCount(i), "cuDeviceGetCount");
            if (i.get(0) < 1) throw new CudaUnavailableException("unavailable: the CUDA driver sees no device");
            check(cuDeviceGet(i, 0), "cuDeviceGet");
            ordinal = i.get(0);
            check(cuDeviceGetAttribute(i, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, ordinal), "cuDeviceGetAttribute");
            major = i.get(0);
            check(cuDeviceGetAttribute(i, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, ordinal), "cuDeviceGetAttribute");
            minor = i.get(0);
            ByteBuffer name = stack.calloc(256);
            check(cuDeviceGetName(name, ordinal), "cuDeviceGetName");
            deviceName = MemoryUtil.memASCII(name, MemoryUtil.memLengthNT1(name));
            PointerBuffer p = stack.mallocPointer(1), q = stack.mallocPointer(1);
            check(cuDevicePrimaryCtxRetain(p, ordinal), "cuDevicePrimaryCtxRetain");
            context = p.get(0);
            check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            check(cuMemGetInfo(p, q), "cuMemGetInfo");
            free = p.get(0);
            total = q.get(0);
        }
        String ptx = compile(major, minor);
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer p = stack.mallocPointer(1);
            // off the MemoryStack: the PTX is larger than its 64 KB (the second GPU run's set-up
            // failed with "Out of stack space" once the kernels grew)
            ByteBuffer image = MemoryUtil.memASCII(ptx, true);
            int rc;
            try {
                rc = cuModuleLoadData(p, image);
            } finally {
                MemoryUtil.memFree(image);
            }
            if (rc != CUDA_SUCCESS) {
                throw new CudaUnavailableException("unavailable: loading the NVRTC-compiled PTX failed: " + errorName(rc)
                        + " (an NVRTC newer than the driver gives CUDA_ERROR_UNSUPPORTED_PTX_VERSION)");
            }
            module = p.get(0);
            check(cuModuleGetFunction(p, module, Kernels.NATIVE_SLICE), "cuModuleGetFunction");
            nativeKernel = p.get(0);
            check(cuModuleGetFunction(p, module, Kernels.MPR), "cuModuleGetFunction");
            mprKernel = p.get(0);
            check(cuModuleGetFunction(p, module, Kernels.MPR_GENERAL), "cuModuleGetFunction");
            generalKernel = p.get(0);
            check(cuModuleGetFunction(p, module, Kernels.SLAB_PROJECT), "cuModuleGetFunction");
            projectKernel = p.get(0);
            check(cuModuleGetFunction(p, module, Kernels.SLAB_RESAMPLE), "cuModuleGetFunction");
            resampleKernel = p.get(0);
        }
        columnOfBuffer = alloc((long) ViewState.MAX_VIEWPORT * 4);
        rowOfBuffer = alloc((long) ViewState.MAX_VIEWPORT * 4);
        paramsBuffer = alloc((long) Math.max(Kernels.GENERAL_DOUBLES, Math.max(Kernels.MPR_DOUBLES, Kernels.RESAMPLE_DOUBLES)) * 8);
        tableBuffer = alloc(65536);
        hostTable = MemoryUtil.memAlloc(65536);
        displayBuffer = alloc(4L * Kernels.DISPLAY_INTS);
        voiLut.atLeast(4); // every kernel gets a LUT pointer; grown to a VOI LUT's size when one is shown
        hostColumns = MemoryUtil.memAllocInt(ViewState.MAX_VIEWPORT);
        hostRows = MemoryUtil.memAllocInt(ViewState.MAX_VIEWPORT);
        long budgetBytes = budgetBytes(free);
        budget = new GpuMemoryBudget<>(budgetBytes);
        device = String.format(Locale.ROOT, "%s (sm_%d%d, %s, %s free; volume budget %s; CUDA driver %d.%d; %s)",
                deviceName, major, minor, gib(total), gib(free), gib(budgetBytes), driver / 1000, driver % 1000 / 10,
                libnvrtc.getFileName());
    }

    private static long budgetBytes(long free) throws CudaUnavailableException {
        String v = System.getProperty(BUDGET_PROPERTY);
        if (v == null || v.isBlank()) return Math.max(1, free / 4 * 3);
        try {
            long b = Long.parseLong(v.trim());
            if (b <= 0) throw new NumberFormatException("not positive");
            return b;
        } catch (NumberFormatException e) {
            throw new CudaUnavailableException("-D" + BUDGET_PROPERTY + "=" + v + " is not a positive number of bytes");
        }
    }

    private static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }

    /**
     * NVRTC → PTX for the device: compute_XY of the device where this NVRTC knows it, else the
     * newest architecture it knows below the device's (PTX runs on later GPUs, JIT-compiled by the
     * driver); without the option only if NVRTC refuses it.
     */
    static String compile(int major, int minor) throws CudaUnavailableException {
        int arch = architectureFor(major * 10 + minor, supportedArchitectures());
        try {
            return compile(List.of("--gpu-architecture=compute_" + arch, "--fmad=false"));
        } catch (InvalidOptionException e) {
            return compile(List.of("--fmad=false"));
        }
    }

    /** The device's architecture if supported, else the newest supported one below it. */
    static int architectureFor(int device, int[] supported) {
        if (supported.length == 0) return device;
        int best = -1;
        for (int a : supported) if (a <= device && a > best) best = a;
        return best < 0 ? device : best;
    }

    /** NVRTC's architectures (nvrtcGetSupportedArchs, NVRTC 11.2+), or none if it cannot say. */
    private static int[] supportedArchitectures() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer n = stack.mallocInt(1);
            if (nvrtcGetNumSupportedArchs(n) != NVRTC_SUCCESS || n.get(0) <= 0) return new int[0];
            IntBuffer archs = stack.mallocInt(n.get(0));
            if (nvrtcGetSupportedArchs(archs) != NVRTC_SUCCESS) return new int[0];
            int[] out = new int[n.get(0)];
            archs.get(0, out);
            return out;
        } catch (RuntimeException | LinkageError e) {
            return new int[0]; // an NVRTC older than 11.2
        }
    }

    /** NVRTC refused an option (an architecture it does not know). */
    private static final class InvalidOptionException extends CudaUnavailableException {
        InvalidOptionException(String message) {
            super(message);
        }
    }

    static String compile(List<String> options) throws CudaUnavailableException {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer prog = stack.mallocPointer(1);
            int rc = nvrtcCreateProgram(prog, Kernels.SOURCE, "radstream.cu", null, null);
            if (rc != NVRTC_SUCCESS) throw new CudaUnavailableException("unavailable: nvrtcCreateProgram: " + nvrtcGetErrorString(rc));
            long program = prog.get(0);
            try {
                PointerBuffer opts = stack.mallocPointer(options.size());
                for (String o : options) opts.put(stack.ASCII(o));
                opts.flip();
                rc = nvrtcCompileProgram(program, opts);
                if (rc != NVRTC_SUCCESS) {
                    PointerBuffer size = stack.mallocPointer(1);
                    nvrtcGetProgramLogSize(program, size);
                    ByteBuffer log = MemoryUtil.memAlloc((int) Math.max(1, size.get(0)));
                    try {
                        nvrtcGetProgramLog(program, log);
                        String message = "unavailable: NVRTC could not compile the kernels ("
                                + nvrtcGetErrorString(rc) + ", options " + options + "): "
                                + MemoryUtil.memASCII(log, Math.max(0, MemoryUtil.memLengthNT1(log)));
                        if (rc == NVRTC_ERROR_INVALID_OPTION) throw new InvalidOptionException(message);
                        throw new CudaUnavailableException(message);
                    } finally {
                        MemoryUtil.memFree(log);
                    }
                }
                PointerBuffer size = stack.mallocPointer(1);
                check(nvrtcGetPTXSize(program, size), "nvrtcGetPTXSize");
                ByteBuffer ptx = MemoryUtil.memAlloc((int) size.get(0));
                try {
                    check(nvrtcGetPTX(program, ptx), "nvrtcGetPTX");
                    return MemoryUtil.memASCII(ptx, MemoryUtil.memLengthNT1(ptx));
                } finally {
                    MemoryUtil.memFree(ptx);
                }
            } finally {
                nvrtcDestroyProgram(prog.put(0, program));
            }
        }
    }

    private Frame drawNative(ViewState s, Volume volume, byte[] table) {
        sweep();
        DeviceVolume d = residentOf(volume);
        int k = Math.max(0, Math.min(volume.slices() - 1, s.slice()));
        d.prepare(volume, k);
        int vw = s.viewportWidth(), vh = s.viewportHeight();
        ImageMapping m = ImageMapping.of(volume.geometry(), s);
        try (MemoryStack stack = MemoryStack.stackPush()) {
            for (int x = 0; x < vw; x++) hostColumns.put(x, m.column(x));
            for (int y = 0; y < vh; y++) hostRows.put(y, m.row(y));
            check(ncuMemcpyHtoD(columnOfBuffer, MemoryUtil.memAddress(hostColumns), 4L * vw), "cuMemcpyHtoD (columns)");
            check(ncuMemcpyHtoD(rowOfBuffer, MemoryUtil.memAddress(hostRows), 4L * vh), "cuMemcpyHtoD (rows)");
            uploadTable(table);
            long out = image.atLeast((long) vw * vh);
            long slice = d.pointer + (long) k * volume.columns() * volume.rows() * 2;
            Args a = new Args(stack, 8);
            a.pointer(out).i32(vw).i32(vh).pointer(columnOfBuffer).pointer(rowOfBuffer).pointer(slice).i32(volume.columns())
                    .pointer(tableBuffer);
            launch(nativeKernel, vw, vh, a);
        }
        return readback(vw, vh);
    }

    /** The display table on the device, copied only when it changes (DisplayTables' arrays are immutable). */
    private void uploadTable(byte[] table) {
        if (table == uploadedTable) return;
        hostTable.clear();
        hostTable.put(table).flip(); // 64 KB: a host buffer of its own, not the MemoryStack
        check(cuMemcpyHtoD(tableBuffer, hostTable), "cuMemcpyHtoD (display table)");
        uploadedTable = table;
    }

    /** The stored value MinIP skips, as {@code CpuMpr} reads it (PixelPadding.OF_VOLUME); none for other projections. */
    private static OptionalInt minipPadding(ViewState s, Volume source) {
        return s.mpr().projection() == Mpr.Projection.MINIP ? source.pixelPadding() : OptionalInt.empty();
    }

    /** The display ints, and the VOI LUT when the function is one (copied when it changes). */
    private void uploadDisplay(ReformatDisplay voi, MemoryStack stack) {
        LookupTable lut = voi.lut();
        if (lut != null && lut.data() != uploadedLut) {
            long bytes = 4L * lut.data().length;
            voiLut.atLeast(bytes);
            IntBuffer data = MemoryUtil.memAllocInt(lut.data().length);
            try {
                data.put(lut.data()).flip();
                check(cuMemcpyHtoD(voiLut.pointer(), data), "cuMemcpyHtoD (VOI LUT)");
            } finally {
                MemoryUtil.memFree(data);
            }
            uploadedLut = lut.data();
        }
        IntBuffer ints = stack.ints(voi.kind().ordinal(), voi.invert() ? 1 : 0, lut == null ? 0 : lut.firstMapped(),
                lut == null ? 1 : lut.data().length);
        check(cuMemcpyHtoD(displayBuffer, ints), "cuMemcpyHtoD (display)");
    }

    /** A reformat of {@code source}, sampling {@code volume}: the source itself or its MIP pyramid level. */
    private Frame drawMpr(ViewState s, Volume source, Volume volume, ReformatDisplay voi) {
        sweep();
        DeviceVolume d = residentOf(volume);
        d.prepareAll(volume);
        SeriesGeometry g = volume.geometry();
        Mpr m = s.mpr();
        // the regular-grid constants shared with CpuMpr and the GL pass: the very same doubles,
        // the viewport placed by the source's geometry even when a pyramid level is sampled
        MprSampling sampling = MprSampling.of(g, volume.stackGeometry(), s, MprMapping.of(source.geometry(), s));
        if (!sampling.regular()) return drawGeneral(s, source, volume, sampling, voi, d);
        int samples = sampling.samples();
        double[] params = {
                sampling.i0(), sampling.j0(), sampling.k0(),
                sampling.dxi(), sampling.dxj(), sampling.dxk(),
                sampling.dyi(), sampling.dyj(), sampling.dyk(),
                sampling.dni(), sampling.dnj(), sampling.dnk(),
                voi.center(), voi.width(), voi.lutMax()};
        int slices = volume.slices();
        int vw = s.viewportWidth(), vh = s.viewportHeight();
        try (MemoryStack stack = MemoryStack.stackPush()) {
            DoubleBuffer p = stack.doubles(params);
            check(cuMemcpyHtoD(paramsBuffer, p), "cuMemcpyHtoD (params)");
            d.uploadRescale(volume);
            long out = image.atLeast((long) vw * vh);
            uploadDisplay(voi, stack);
            // as CpuMpr: padding counts for MinIP only, read from the source volume
            OptionalInt padding = minipPadding(s, source);
            Args a = new Args(stack, 17);
            a.pointer(out).i32(vw).i32(vh).pointer(d.pointer).i32(g.columns()).i32(g.rows()).i32(slices)
                    .i32(volume.signed() ? 1 : 0)
                    .i32(samples).i32(m.projection().ordinal()).pointer(d.slope).pointer(d.intercept).pointer(paramsBuffer)
                    .pointer(displayBuffer).pointer(voiLut.pointer()).i32(padding.isPresent() ? 1 : 0).i32(padding.orElse(0));
            launch(mprKernel, vw, vh, a);
        }
        return readback(vw, vh);
    }

    /**
     * A sheared or irregular stack (gantry tilt, gaps): each sample placed through the slices'
     * recorded origins, as {@code CpuMpr}'s general path; the per-slice geometry is copied per frame
     * (4 doubles a slice).
     */
    private Frame drawGeneral(ViewState s, Volume source, Volume volume, MprSampling m, ReformatDisplay voi, DeviceVolume d) {
        SeriesGeometry g = volume.geometry();
        io.radstream.volume.series.StackGeometry st = volume.stackGeometry();
        int n = volume.slices(), vw = s.viewportWidth(), vh = s.viewportHeight();
        double[] r = g.rowDirection(), c = g.columnDirection(), gn = g.normal();
        double[] q = {
                m.topLeft().x(), m.topLeft().y(), m.topLeft().z(), m.stepX().x(), m.stepX().y(), m.stepX().z(),
                m.stepY().x(), m.stepY().y(), m.stepY().z(), m.normal().x(), m.normal().y(), m.normal().z(),
                r[0], r[1], r[2], c[0], c[1], c[2], gn[0], gn[1], gn[2],
                g.columnSpacing(), g.rowSpacing(), g.sliceSpacing(), m.slabStart(), m.slabStep(),
                voi.center(), voi.width(), voi.lutMax()};
        long slices = geometry.atLeast(8L * 4 * n);
        try (MemoryStack stack = MemoryStack.stackPush()) {
            check(cuMemcpyHtoD(paramsBuffer, stack.doubles(q)), "cuMemcpyHtoD (general params)");
            DoubleBuffer host = MemoryUtil.memAllocDouble(4 * n); // the offsets, then the origins
            try {
                for (int k = 0; k < n; k++) host.put(k, st.offsetAlongNormal(k));
                for (int k = 0; k < n; k++) host.put(n + 3 * k, st.origin(k));
                check(cuMemcpyHtoD(slices, host), "cuMemcpyHtoD (slice geometry)");
            } finally {
                MemoryUtil.memFree(host);
            }
            d.uploadRescale(volume);
            uploadDisplay(voi, stack);
            long out = image.atLeast((long) vw * vh);
            OptionalInt padding = minipPadding(s, source);
            Args a = new Args(stack, 19);
            a.pointer(out).i32(vw).i32(vh).pointer(d.pointer).i32(g.columns()).i32(g.rows()).i32(n)
                    .i32(volume.signed() ? 1 : 0).i32(m.samples()).i32(s.mpr().projection().ordinal())
                    .pointer(d.slope).pointer(d.intercept).pointer(paramsBuffer)
                    .pointer(slices).pointer(slices + 8L * n)
                    .pointer(displayBuffer).pointer(voiLut.pointer()).i32(padding.isPresent() ? 1 : 0).i32(padding.orElse(0));
            launch(generalKernel, vw, vh, a);
        }
        return readback(vw, vh);
    }

    /**
     * A {@link GridAlignedSlab}: the slab's voxel planes reduced into a projection on the device
     * (one thread per column of voxels; recomputed per frame, a read of the slab at memory speed),
     * then resampled into the viewport with the VOI.
     */
    private Frame drawSlab(ViewState s, Volume volume, GridAlignedSlab slab, ReformatDisplay voi) {
        sweep();
        int vw = s.viewportWidth(), vh = s.viewportHeight();
        long out = image.atLeast((long) vw * vh);
        if (!slab.hasPlanes()) {
            check(cuMemsetD8(out, (byte) 0, (long) vw * vh), "cuMemsetD8 (empty slab)");
            return readback(vw, vh);
        }
        DeviceVolume d = residentOf(volume);
        d.prepareAll(volume);
        d.uploadRescale(volume);
        int nu = slab.nu(), nv = slab.nv();
        long projected = projection.atLeast((long) nu * nv * 8);
        OptionalInt padding = minipPadding(s, volume);
        try (MemoryStack stack = MemoryStack.stackPush()) {
            Args a = new Args(stack, 16);
            a.pointer(projected).pointer(d.pointer).i32(volume.columns()).i32(volume.rows())
                    .i32(slab.axis()).i32(slab.first()).i32(slab.last()).i32(nu).i32(nv)
                    .i32(volume.signed() ? 1 : 0).i32(slab.projection().ordinal())
                    .i32(padding.isPresent() ? 1 : 0).i32(padding.orElse(0)).i32(slab.oneRescale(volume) ? 0 : 1)
                    .pointer(d.slope).pointer(d.intercept);
            launch(projectKernel, nu, nv, a);
            DoubleBuffer p = stack.doubles(slab.u0(), slab.ux(), slab.uy(), slab.v0(), slab.vx(), slab.vy(),
                    voi.center(), voi.width(), voi.lutMax());
            check(cuMemcpyHtoD(paramsBuffer, p), "cuMemcpyHtoD (resample params)");
            uploadDisplay(voi, stack);
            Args b = new Args(stack, 9);
            b.pointer(out).i32(vw).i32(vh).pointer(projected).i32(nu).i32(nv).pointer(paramsBuffer)
                    .pointer(displayBuffer).pointer(voiLut.pointer());
            launch(resampleKernel, vw, vh, b);
        }
        return readback(vw, vh);
    }

    private void launch(long kernel, int vw, int vh, Args a) {
        int gx = (vw + BLOCK_X - 1) / BLOCK_X, gy = (vh + BLOCK_Y - 1) / BLOCK_Y;
        check(cuLaunchKernel(kernel, gx, gy, 1, BLOCK_X, BLOCK_Y, 1, 0, 0L, a.params(), null), "cuLaunchKernel");
    }

    private Frame readback(int vw, int vh) {
        int bytes = vw * vh;
        if (readback == null || readback.capacity() < bytes) {
            freeReadback();
            // page-locked: the driver copies straight into it, no staging through its own pinned buffer
            try (MemoryStack stack = MemoryStack.stackPush()) {
                PointerBuffer p = stack.mallocPointer(1);
                check(cuMemAllocHost(p, bytes), "cuMemAllocHost(" + bytes + ")");
                readback = MemoryUtil.memByteBuffer(p.get(0), bytes);
            }
        }
        readback.clear().limit(bytes);
        // synchronous on the default stream: waits for the kernel
        check(cuMemcpyDtoH(readback, image.pointer()), "cuMemcpyDtoH (frame)");
        byte[] gray = new byte[bytes];
        readback.get(0, gray);
        return new Frame(vw, vh, gray);
    }

    private void freeReadback() {
        if (readback != null) cuMemFreeHost(readback);
        readback = null;
    }

    private DeviceVolume residentOf(Volume v) {
        for (DeviceVolume d : volumes) {
            if (d.volume.get() == v) {
                budget.touch(d);
                return d;
            }
        }
        long bytes = v.byteSize();
        if (!budget.fits(bytes)) {
            throw new UnsupportedViewException(name(), "a " + bytes + "-byte volume (over the GPU memory budget of "
                    + budget.budgetBytes() + " bytes, -D" + BUDGET_PROPERTY + ")");
        }
        DeviceVolume d = new DeviceVolume(v);
        for (DeviceVolume old : budget.admit(d, bytes)) {
            volumes.remove(old);
            old.close();
        }
        try {
            d.allocate(v);
        } catch (RuntimeException e) {
            budget.remove(d);
            d.close();
            throw e;
        }
        volumes.add(d);
        return d;
    }

    /** Frees the memory of volumes that were released or collected. */
    private void sweep() {
        volumes.removeIf(d -> {
            Volume v = d.volume.get();
            boolean live = v != null && v.tryRetain();
            if (live) v.release();
            else free(d);
            return !live;
        });
    }

    private void free(DeviceVolume d) {
        budget.remove(d);
        d.close();
    }

    static long alloc(long bytes) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer p = stack.mallocPointer(1);
            check(cuMemAlloc(p, Math.max(1, bytes)), "cuMemAlloc(" + bytes + ")");
            return p.get(0);
        }
    }

    static void check(int rc, String call) {
        if (rc != 0) throw new IllegalStateException(call + " failed: " + errorName(rc));
    }

    private static String errorName(int rc) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer p = stack.mallocPointer(1);
            if (cuGetErrorName(rc, p) == CUDA_SUCCESS && p.get(0) != 0) return MemoryUtil.memASCII(p.get(0)) + " (" + rc + ")";
        } catch (RuntimeException | LinkageError ignored) {
            // fall through
        }
        return "CUresult " + rc;
    }

    private void destroy() {
        for (DeviceVolume d : volumes) d.close();
        volumes.clear();
        for (long p : new long[]{columnOfBuffer, rowOfBuffer, paramsBuffer, tableBuffer, displayBuffer}) {
            if (p != 0) cuMemFree(p);
        }
        columnOfBuffer = rowOfBuffer = paramsBuffer = tableBuffer = displayBuffer = 0;
        for (GrowingDeviceBuffer b : new GrowingDeviceBuffer[]{image, projection, geometry, voiLut}) b.free();
        freeReadback(); // page-locked through the context: before the context goes
        if (module != 0) cuModuleUnload(module);
        module = 0;
        if (context != 0) cuDevicePrimaryCtxRelease(ordinal);
        context = 0;
        if (hostTable != null) MemoryUtil.memFree(hostTable);
        hostTable = null;
        if (hostColumns != null) MemoryUtil.memFree(hostColumns);
        if (hostRows != null) MemoryUtil.memFree(hostRows);
        hostColumns = hostRows = null;
    }

    /** Frees every volume, the kernels and the context, and stops the context thread. */
    @Override
    public void close() {
        if (closed) return;
        try {
            onContext(() -> {
                destroy();
                return null;
            });
        } finally {
            closed = true;
            thread.shutdown();
        }
    }

    /** Kernel arguments: cuLaunchKernel takes an array of pointers to each argument's value. */
    private static final class Args {
        private final MemoryStack stack;
        private final PointerBuffer params;

        Args(MemoryStack stack, int count) {
            this.stack = stack;
            this.params = stack.mallocPointer(count);
        }

        Args pointer(long value) {
            params.put(MemoryUtil.memAddress(stack.longs(value)));
            return this;
        }

        Args i32(int value) {
            params.put(MemoryUtil.memAddress(stack.ints(value)));
            return this;
        }

        Args f64(double value) {
            params.put(MemoryUtil.memAddress(stack.doubles(value)));
            return this;
        }

        PointerBuffer params() {
            if (params.hasRemaining()) throw new IllegalStateException("kernel argument count mismatch");
            return params.flip();
        }
    }
}
