package io.radstream.volume.series;

import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.pixel.StoredFrames;
import io.radstream.volume.store.ByteRange;
import io.radstream.volume.store.DisplayColumn;
import io.radstream.volume.store.FastForm;
import io.radstream.volume.store.StudyStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;

import static io.radstream.volume.series.PlanCodec.doubles;
import static io.radstream.volume.series.PlanCodec.nullableDouble;
import static io.radstream.volume.series.PlanCodec.nullableInt;
import static io.radstream.volume.series.PlanCodec.text;

/**
 * A stack as its {@link OpenPlan} holds it. What the volume needs as a whole (grid, per-slice
 * origins and rescale, display attributes, report) is decoded with the plan, from packed arrays;
 * each slice's record (its instance, file and frame attributes) is decoded when the slice is first
 * asked for, so opening costs the same whatever the number of slices, apart from copying a few
 * numbers per slice. {@link #open} starts the volume's progressive load without sorting or
 * deriving anything again.
 *
 * <p>Thread-safe: decoder threads read slices concurrently.
 */
public final class PlannedStack {
    static final byte GRAPHICS_UNKNOWN = 2;

    private final byte[] blob;
    private final StudyStore store;
    private final StackReport report;
    private final SeriesGeometry grid;
    private final VolumeLoader.PixelFormat format;
    private final double[][] origins;
    private final double[] slope, intercept;
    private final DisplayAttributes[] display;
    private final PixelDescription[] pixels;
    private final Template[] templates;
    private final int slicesAt;
    private final int[] instanceAt;
    private final AtomicReferenceArray<SeriesSlice> slices;
    private final AtomicReferenceArray<PlannedInstance> instances;
    private final List<SeriesSlice> sliceList = new Slices();
    private volatile StackGeometry geometry;

    private record Template(double[] orientation, double[] spacing, Double thickness, double[] windowCenter,
                            double[] windowWidth, String imageType, String stackId) {}

    private PlannedStack(byte[] blob, StudyStore store, ByteBuffer in, int n) {
        this.blob = blob;
        this.store = store;
        this.report = report(in, n);
        this.grid = grid(in, n);
        int bits = in.getInt();
        boolean signed = in.get() != 0;
        String photometric = text(in);
        double[] window = in.get() != 0 ? new double[]{in.getDouble(), in.getDouble()} : null;
        this.format = new VolumeLoader.PixelFormat(bits, signed, photometric, window);
        this.origins = new double[n][];
        for (int k = 0; k < n; k++) origins[k] = new double[]{in.getDouble(), in.getDouble(), in.getDouble()};
        this.slope = new double[n];
        this.intercept = new double[n];
        in.asDoubleBuffer().get(slope);
        in.position(in.position() + 8 * n);
        in.asDoubleBuffer().get(intercept);
        in.position(in.position() + 8 * n);
        DisplayAttributes[] table = new DisplayAttributes[in.getInt()];
        for (int i = 0; i < table.length; i++) {
            int len = in.getInt();
            if (len < 0) table[i] = DisplayAttributes.NONE;
            else {
                byte[] b = new byte[len];
                in.get(b);
                table[i] = DisplayColumn.decode(b);
            }
        }
        this.display = new DisplayAttributes[n];
        for (int k = 0; k < n; k++) display[k] = table[in.getInt()]; // equal attributes: one instance (renderers cache by it)
        this.pixels = new PixelDescription[in.getInt()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = new PixelDescription(in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt(),
                    in.getInt(), in.get() != 0, text(in), in.getInt(), in.getInt());
        }
        this.templates = new Template[in.getInt()];
        for (int i = 0; i < templates.length; i++) {
            templates[i] = new Template(doubles(in), doubles(in), nullableDouble(in), doubles(in), doubles(in), text(in), text(in));
        }
        this.slicesAt = in.position();
        in.position(slicesAt + n * OpenPlanWriter.SLICE_BYTES);
        this.instanceAt = new int[in.getInt()];
        in.asIntBuffer().get(instanceAt);
        this.slices = new AtomicReferenceArray<>(n);
        this.instances = new AtomicReferenceArray<>(instanceAt.length);
        if (instanceAt.length > 0 && (instanceAt[0] < 0 || instanceAt[instanceAt.length - 1] >= blob.length)) {
            throw new IllegalStateException("instance offsets outside the plan");
        }
    }

    static PlannedStack decode(byte[] blob, ByteBuffer in, int n, StudyStore store) {
        return new PlannedStack(blob, store, in, n);
    }

    public int size() {
        return origins.length;
    }

    /** The slices in volume order; each is decoded from the plan when first asked for. */
    public List<SeriesSlice> slices() {
        return sliceList;
    }

    public StackReport report() {
        return report;
    }

    public StackGeometry geometry() {
        StackGeometry g = geometry;
        if (g == null) geometry = g = new StackGeometry(grid, origins);
        return g;
    }

    /** The same stack with every slice decoded, as {@link SeriesPartition} gives it. */
    public Stack toStack() {
        return new Stack(new ArrayList<>(sliceList), geometry(), report);
    }

    /**
     * The stored file of slice {@code k}'s header if it may hold overlays, a display shutter or a
     * palette; {@code null} when the index knows it holds none (most images).
     */
    public Path headerFile(int k) {
        PlannedInstance i = instanceOfSlice(k);
        return i.graphics == 0 ? null : i.file;
    }

    /**
     * Starts the progressive load of this stack, nearest {@code focus} first, with its geometry and
     * report attached (as {@link StackLoader#open} does for a {@link Stack}).
     */
    public ProgressiveLoad open(VolumeLoader loader, int focus, BiConsumer<Integer, Exception> onSliceError) throws PixelDataException {
        return open(loader, focus, onSliceError, false);
    }

    /**
     * As {@link #open(VolumeLoader, int, BiConsumer)}; with {@code oneUntilResumed} the load decodes
     * on one thread until {@link ProgressiveLoad#resumeAll}, leaving the other cores to the first frame.
     */
    public ProgressiveLoad open(VolumeLoader loader, int focus, BiConsumer<Integer, Exception> onSliceError,
                                boolean oneUntilResumed) throws PixelDataException {
        List<SliceSource> sources = new SourcesView();
        ProgressiveLoad load = loader.openPlaced(grid, slope, intercept, display, sources, format, focus, onSliceError,
                oneUntilResumed);
        load.volume().describeStack(geometry(), report);
        return load;
    }

    // ---------------------------------------------------------------- per slice, on demand

    private SeriesSlice slice(int k) {
        SeriesSlice s = slices.get(k);
        if (s != null) return s;
        ByteBuffer in = ByteBuffer.wrap(blob);
        in.position(slicesAt + k * OpenPlanWriter.SLICE_BYTES);
        PlannedInstance inst = instance(in.getInt());
        PixelDescription d = pixels[in.getInt()];
        Template t = templates[in.getInt()];
        int frameNumber = in.getInt();
        FrameAttributes f = new FrameAttributes(frameNumber, origins[k], t.orientation, t.spacing, t.thickness, slope[k],
                intercept[k], t.windowCenter, t.windowWidth, t.imageType, t.stackId, nullableInt(in), nullableInt(in),
                nullableInt(in), nullableDouble(in));
        int index = frameNumber - 1;
        s = new SeriesSlice(new SliceRef(inst.uid, inst.number, frameNumber), f, d, () -> inst.frame(d, index), display[k]);
        return slices.compareAndSet(k, null, s) ? s : slices.get(k);
    }

    private PlannedInstance instanceOfSlice(int k) {
        return instance(ByteBuffer.wrap(blob).getInt(slicesAt + k * OpenPlanWriter.SLICE_BYTES));
    }

    private PlannedInstance instance(int i) {
        PlannedInstance p = instances.get(i);
        if (p != null) return p;
        ByteBuffer in = ByteBuffer.wrap(blob);
        in.position(instanceAt[i]);
        String uid = text(in);
        Integer number = nullableInt(in);
        String key = text(in);
        String ts = text(in);
        long offset = in.getLong(), length = in.getLong();
        int fragments = in.getInt();
        List<ByteRange> ranges = new ArrayList<>(fragments);
        for (int f = 0; f < fragments; f++) ranges.add(new ByteRange(in.getLong(), in.getLong()));
        boolean deflated = in.get() != 0;
        String fastFormat = text(in);
        long fastLength = in.getLong();
        byte graphics = in.get();
        FastForm fast = fastFormat == null ? null : new FastForm(fastFormat, store.fastFormPathOf(key), fastLength);
        p = new PlannedInstance(uid, number, store.pathOf(key), ts, offset, length, ranges, deflated, fast, graphics);
        return instances.compareAndSet(i, null, p) ? p : instances.get(i);
    }

    private final class Slices extends AbstractList<SeriesSlice> implements RandomAccess {
        @Override
        public SeriesSlice get(int k) {
            return slice(k);
        }

        @Override
        public int size() {
            return origins.length;
        }
    }

    /** The volume loader's view of the slices, made one slice at a time as the load reaches it. */
    private final class SourcesView extends AbstractList<SliceSource> implements RandomAccess {
        @Override
        public SliceSource get(int k) {
            return slice(k).toSliceSource();
        }

        @Override
        public int size() {
            return origins.length;
        }
    }

    /**
     * One instance of the plan: where its frames are. Located on the first read of one of them (the
     * fast form's size is checked then, as {@link IndexedStacks} does at open), so no file is
     * touched before a slice is read.
     */
    private static final class PlannedInstance {
        final String uid;
        final Integer number;
        final Path file;
        final String transferSyntax;
        final long offset, length;
        final List<ByteRange> fragments;
        final boolean deflated;
        final FastForm fastForm;
        final byte graphics;
        private StoredFrames stored;
        private boolean located;

        PlannedInstance(String uid, Integer number, Path file, String transferSyntax, long offset, long length,
                        List<ByteRange> fragments, boolean deflated, FastForm fastForm, byte graphics) {
            this.uid = uid;
            this.number = number;
            this.file = file;
            this.transferSyntax = transferSyntax;
            this.offset = offset;
            this.length = length;
            this.fragments = fragments;
            this.deflated = deflated;
            this.fastForm = fastForm;
            this.graphics = graphics;
        }

        byte[] frame(PixelDescription d, int index) throws IOException, PixelDataException {
            StoredFrames s = located(d);
            return s != null ? s.frame(index) : IndexedStacks.reparse(file, index);
        }

        private synchronized StoredFrames located(PixelDescription d) throws PixelDataException {
            if (!located) {
                stored = IndexedStacks.fastForm(fastForm, d);
                if (stored == null && !deflated) stored = IndexedStacks.locate(file, transferSyntax, d, offset, length, fragments);
                located = true;
            }
            return stored;
        }
    }

    // ---------------------------------------------------------------- volume-wide parts

    private static StackReport report(ByteBuffer in, int n) {
        double nominal = in.getDouble(), min = in.getDouble(), max = in.getDouble();
        boolean irregular = in.get() != 0;
        int g = in.getInt();
        List<StackReport.Gap> gaps = new ArrayList<>(g);
        for (int i = 0; i < g; i++) gaps.add(new StackReport.Gap(in.getInt(), in.getDouble(), in.getInt()));
        int d = in.getInt();
        List<StackReport.Duplicate> duplicates = new ArrayList<>(d);
        for (int i = 0; i < d; i++) duplicates.add(new StackReport.Duplicate(in.getDouble(), ref(in), ref(in)));
        double shear = in.getDouble();
        boolean perSlice = in.get() != 0;
        return new StackReport(n, nominal, min, max, irregular, gaps, duplicates, shear, perSlice, text(in), text(in));
    }

    private static SliceRef ref(ByteBuffer in) {
        String uid = text(in);
        Integer number = nullableInt(in);
        return new SliceRef(uid, number, in.getInt());
    }

    private static SeriesGeometry grid(ByteBuffer in, int n) {
        int columns = in.getInt(), rows = in.getInt();
        double[] row = {in.getDouble(), in.getDouble(), in.getDouble()};
        double[] column = {in.getDouble(), in.getDouble(), in.getDouble()};
        double[] normal = {in.getDouble(), in.getDouble(), in.getDouble()};
        double columnSpacing = in.getDouble(), rowSpacing = in.getDouble(), sliceSpacing = in.getDouble();
        double[] origin = {in.getDouble(), in.getDouble(), in.getDouble()};
        return new SeriesGeometry(columns, rows, n, row, column, normal, columnSpacing, rowSpacing, sliceSpacing, origin,
                in.get() != 0);
    }
}
