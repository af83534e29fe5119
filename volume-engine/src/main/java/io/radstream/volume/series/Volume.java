package io.radstream.volume.series;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stack of slices held off the Java heap: 16-bit stored values (PS3.5 §8), one allocation per
 * volume, with the per-slice rescale that turns them into modality values (HU for CT).
 *
 * <p>Reference counted: renderers {@link #retain()} while they read, and the memory is freed when
 * the last user {@link #release()}s it, so closing a study while another session renders is safe.
 */
public final class Volume {
    private static final ValueLayout.OfShort VOXEL = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final AtomicLong RESIDENT_BYTES = new AtomicLong();

    private final SeriesGeometry geometry;
    private final boolean signed;
    private final String photometric;
    private final double[] rescaleSlope;
    private final double[] rescaleIntercept;
    private final double[] defaultWindow;
    private final Arena arena;
    private final MemorySegment voxels;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile Integer pixelPadding;
    /** Per slice; slices with equal attributes share one instance. Set by {@link VolumeLoader} before sharing. */
    private volatile io.radstream.volume.frames.DisplayAttributes[] display;
    /** Per slice: 0 = not yet filled, 1 = filled with decoded values, 2 = failed (filled with zeros). */
    private final AtomicIntegerArray ready;
    private final ConcurrentHashMap<Integer, CompletableFuture<Void>> waiters;
    private final AtomicInteger readyCount = new AtomicInteger();
    /** Completed by the slice that makes the volume whole. */
    private final CompletableFuture<Void> complete = new CompletableFuture<>();
    /** Set once by {@link StackLoader} before the volume is shared; {@code null} for a plain load. */
    private volatile StackGeometry stackGeometry;
    private volatile StackReport stackReport;
    /** Data derived from the voxels by their users (a renderer's downsampled copy), closed with the volume. */
    private final ConcurrentHashMap<Object, AutoCloseable> derived = new ConcurrentHashMap<>();

    Volume(SeriesGeometry geometry, boolean signed, String photometric, double[] rescaleSlope,
           double[] rescaleIntercept, double[] defaultWindow) {
        this.geometry = geometry;
        this.signed = signed;
        this.photometric = photometric;
        this.rescaleSlope = rescaleSlope.clone();
        this.rescaleIntercept = rescaleIntercept.clone();
        this.defaultWindow = defaultWindow == null ? null : defaultWindow.clone();
        this.arena = Arena.ofShared();
        long bytes = (long) geometry.columns() * geometry.rows() * geometry.slices() * 2;
        this.voxels = NativeMemory.allocate(bytes, arena);
        this.ready = new AtomicIntegerArray(geometry.slices());
        this.waiters = new ConcurrentHashMap<>();
        RESIDENT_BYTES.addAndGet(bytes);
    }

    public SeriesGeometry geometry() { return geometry; }

    /** Pixel Padding Value (PS3.3 C.7.5.1.1.2) as a stored value, if the series has one. */
    public java.util.OptionalInt pixelPadding() {
        Integer p = pixelPadding;
        return p == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(p);
    }

    /** Records the series' Pixel Padding Value; set by whoever opens the volume, before it is shared. */
    public void describePixelPadding(int storedValue) {
        this.pixelPadding = storedValue;
    }

    public int columns() { return geometry.columns(); }

    public int rows() { return geometry.rows(); }

    public int slices() { return geometry.slices(); }

    /** Stored values are two's complement (Pixel Representation 1). */
    public boolean signed() { return signed; }

    public String photometric() { return photometric; }

    public double rescaleSlope(int slice) { return rescaleSlope[slice]; }

    public double rescaleIntercept(int slice) { return rescaleIntercept[slice]; }

    /**
     * The display attributes of slice k (Modality LUT Sequence, VOI windows and LUTs, Presentation
     * LUT Shape); {@link io.radstream.volume.frames.DisplayAttributes#NONE} when the loader had none.
     * Slices with equal attributes return the same instance, so renderers can cache by it.
     */
    public io.radstream.volume.frames.DisplayAttributes displayAttributes(int slice) {
        io.radstream.volume.frames.DisplayAttributes[] d = display;
        return d == null ? io.radstream.volume.frames.DisplayAttributes.NONE : d[slice];
    }

    /** Records the slices' display attributes, in slice order; once, before the volume is shared. */
    void describeDisplay(io.radstream.volume.frames.DisplayAttributes[] perSlice) {
        if (perSlice.length != slices()) throw new IllegalArgumentException("display attributes of another volume");
        this.display = perSlice.clone();
    }

    /** Window centre and width from the first slice's VOI attributes, or {@code null}. */
    public double[] defaultWindow() { return defaultWindow == null ? null : defaultWindow.clone(); }

    /**
     * Where each slice really lies: per-slice origins, so gaps and gantry tilt keep patient
     * coordinates right. A volume loaded without {@link StackLoader} is taken to be regular.
     */
    public StackGeometry stackGeometry() {
        StackGeometry g = stackGeometry;
        return g != null ? g : StackGeometry.regular(geometry);
    }

    /** What partitioning the series found (gaps, duplicates, tilt), when loaded through {@link StackLoader}. */
    public java.util.Optional<StackReport> stackReport() {
        return java.util.Optional.ofNullable(stackReport);
    }

    /** Records the stack this volume was built from; once, before the volume is handed out. */
    void describeStack(StackGeometry geometry, StackReport report) {
        if (stackGeometry != null) throw new IllegalStateException("stack already described");
        if (geometry.slices() != slices()) throw new IllegalArgumentException("stack geometry of another volume");
        this.stackReport = report;
        this.stackGeometry = geometry;
    }

    /** Bytes of voxel memory this volume holds. */
    public long byteSize() { return voxels.byteSize(); }

    /** Off-heap voxel bytes held by all live volumes in this process. */
    public static long residentBytes() { return RESIDENT_BYTES.get(); }

    /** The raw voxel memory, slice-major then row then column. Valid while retained. */
    public MemorySegment voxels() { return voxels; }

    /** Stored value at column i, row j, slice k. */
    public int stored(int i, int j, int k) {
        short s = voxels.getAtIndex(VOXEL, ((long) k * geometry.rows() + j) * geometry.columns() + i);
        return signed ? s : s & 0xFFFF;
    }

    /** Modality value (after rescale) at column i, row j, slice k. */
    public double modality(int i, int j, int k) {
        return stored(i, j, k) * rescaleSlope[k] + rescaleIntercept[k];
    }

    /** Copies one slice's 16-bit stored values (little endian bytes) into place and marks it ready. */
    void fillSlice(int k, byte[] storedLe16) {
        long sliceBytes = sliceBytes();
        if (storedLe16.length != sliceBytes) {
            throw new IllegalArgumentException("slice " + k + " has " + storedLe16.length + " bytes, expected " + sliceBytes);
        }
        MemorySegment.copy(MemorySegment.ofArray(storedLe16), 0, voxels, k * sliceBytes, sliceBytes);
        markReady(k, 1);
    }

    /** A slice that could not be decoded shows as zeros (and is reported by whoever loaded it). */
    void failSlice(int k) {
        voxels.asSlice(k * sliceBytes(), sliceBytes()).fill((byte) 0);
        markReady(k, 2);
    }

    private long sliceBytes() {
        return (long) geometry.rows() * geometry.columns() * 2;
    }

    /** Marks slice k ready: its voxels were written in place (a {@link MappedVolume} slice), or failed. */
    void markReady(int k, int how) {
        if (ready.compareAndSet(k, 0, how) && readyCount.incrementAndGet() >= slices()) complete.complete(null);
        CompletableFuture<Void> w = waiters.remove(k);
        if (w != null) w.complete(null);
    }

    /** The slice's voxels hold its values (or zeros, if it failed to decode). */
    public boolean isSliceReady(int k) {
        return ready.get(k) != 0;
    }

    public boolean sliceFailed(int k) {
        return ready.get(k) == 2;
    }

    /** Slices ready so far; equals {@link #slices()} once the volume is complete. */
    public int readySlices() {
        return readyCount.get();
    }

    /** Completes when every slice is ready, decoded or failed (at once if the volume already is). */
    public CompletableFuture<Void> whenComplete() {
        if (readySlices() >= slices()) complete.complete(null);
        return complete;
    }

    /** Completes when slice {@code k} is ready (at once if it already is). */
    public CompletableFuture<Void> whenSliceReady(int k) {
        if (isSliceReady(k)) return CompletableFuture.completedFuture(null);
        CompletableFuture<Void> f = waiters.computeIfAbsent(k, x -> new CompletableFuture<>());
        if (isSliceReady(k)) { // raced with markReady
            waiters.remove(k, f);
            f.complete(null);
        }
        return f;
    }

    public Volume retain() {
        if (references.getAndUpdate(n -> n == 0 ? 0 : n + 1) == 0) {
            throw new IllegalStateException("volume already released");
        }
        return this;
    }

    /** Retains unless already released; for background work that should just stop then. */
    public boolean tryRetain() {
        return references.getAndUpdate(n -> n == 0 ? 0 : n + 1) != 0;
    }

    public void release() {
        if (references.decrementAndGet() == 0) {
            RESIDENT_BYTES.addAndGet(-voxels.byteSize());
            arena.close();
            derived.values().forEach(Volume::closeQuietly);
            derived.clear();
        }
    }

    /**
     * Something computed once from this volume and kept as long as it is (a MIP pyramid, say):
     * made by {@code make} on first request, closed when the volume's memory is freed. The
     * caller must hold a reference ({@link #retain()}) while it asks.
     */
    @SuppressWarnings("unchecked")
    public <T extends AutoCloseable> T derived(Object key, java.util.function.Function<Volume, T> make) {
        if (references.get() == 0) throw new IllegalStateException("volume already released");
        return (T) derived.computeIfAbsent(key, k -> make.apply(this));
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.getLogger(Volume.class.getName()).log(System.Logger.Level.WARNING, "closing derived volume data failed", e);
        }
    }
}
