package io.radstream.volume.series;

import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.pixel.StoredFrames;
import io.radstream.volume.store.ByteRange;
import io.radstream.volume.store.DisplayColumn;
import io.radstream.volume.store.FastForm;
import io.radstream.volume.store.InstanceRecord;
import io.radstream.volume.store.StudyStore;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything opening a series to its main stack needs, worked out once from the index rows and kept
 * as one BLOB row ({@code open_plan}, schema 5), so a cold open reads one row instead of every
 * instance and frame row and does not partition the series again: the stack's slices in volume
 * order, each with its frame attributes, display attributes and where its stored values are (file,
 * offset or fragments, fast form), plus the stack's report, the series' pixel padding, its lossy
 * notice and which headers hold graphics. The stack decoded from a plan is the one
 * {@link SeriesPartition} made from the rows it was built from (the codec is tested for that).
 *
 * <p>A series without a gray stack has a plan too, with no stack: it tells how many colour images
 * it has, so choosing a study's series never needs the rows.
 *
 * @param stack          the series' largest gray stack, or {@code null} when it has none
 * @param colourImages   viewable colour images of the series (the largest colour frame stack's)
 * @param pixelPadding   the series' Pixel Padding Value (first instance that has one), or {@code null}
 * @param lossyNotice    the series' lossy-compression notice ({@code SeriesLossiness.notice()}), or {@code null}
 * @param headerFiles    SOP Instance UID → stored file, for the stack's instances whose header may hold graphics
 * @param plainInstances SOP Instance UIDs whose header the index knows holds no overlay, shutter or palette
 */
public record OpenPlan(Stack stack, int colourImages, Integer pixelPadding, String lossyNotice,
                       Map<String, Path> headerFiles, Set<String> plainInstances) {

    /** The layout version of the BLOB; a plan of another format is rebuilt from the rows. */
    public static final int FORMAT = 1;

    public OpenPlan {
        headerFiles = Collections.unmodifiableMap(headerFiles);
        plainInstances = Collections.unmodifiableSet(plainInstances);
    }

    public int stackSlices() {
        return stack == null ? 0 : stack.slices().size();
    }

    /** Where one indexed instance's stored values are, as its row says. */
    record Source(InstanceRecord instance, FastForm fastForm, Boolean graphics) {}

    // ---------------------------------------------------------------- encoding

    /**
     * The plan's BLOB.
     *
     * @param sources by SOP Instance UID, every instance the stack's slices come from
     */
    static byte[] encode(Stack stack, int colourImages, Integer pixelPadding, String lossyNotice, Map<String, Source> sources) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(stack == null ? 64 : 64 + 160 * stack.slices().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(colourImages);
            nullableInt(out, pixelPadding);
            text(out, lossyNotice);
            out.writeInt(stack == null ? 0 : stack.slices().size());
            if (stack != null) encodeStack(out, stack, sources);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    private static void encodeStack(DataOutputStream out, Stack stack, Map<String, Source> sources) throws IOException {
        report(out, stack.report());
        // tables: equal display attributes and pixel modules are written once
        Map<DisplayAttributes, Integer> displays = new LinkedHashMap<>();
        Map<PixelDescription, Integer> pixels = new LinkedHashMap<>();
        Map<String, Integer> instances = new LinkedHashMap<>();
        for (SeriesSlice s : stack.slices()) {
            displays.putIfAbsent(s.display(), displays.size());
            pixels.putIfAbsent(s.pixels(), pixels.size());
            instances.putIfAbsent(s.ref().sopInstanceUid(), instances.size());
        }
        out.writeInt(displays.size());
        for (DisplayAttributes d : displays.keySet()) {
            byte[] b = DisplayColumn.encode(d);
            out.writeInt(b == null ? -1 : b.length);
            if (b != null) out.write(b);
        }
        out.writeInt(pixels.size());
        for (PixelDescription d : pixels.keySet()) {
            out.writeInt(d.rows());
            out.writeInt(d.columns());
            out.writeInt(d.frames());
            out.writeInt(d.samplesPerPixel());
            out.writeInt(d.bitsAllocated());
            out.writeInt(d.bitsStored());
            out.writeInt(d.highBit());
            out.writeBoolean(d.signed());
            text(out, d.photometric());
            out.writeInt(d.planarConfiguration());
            out.writeInt(d.pixelDataTag());
        }
        out.writeInt(instances.size());
        for (String uid : instances.keySet()) {
            Source src = sources.get(uid);
            if (src == null) throw new IllegalArgumentException("no instance row for " + uid);
            InstanceRecord r = src.instance();
            text(out, uid);
            nullableInt(out, r.instanceNumber());
            text(out, r.storageKey());
            text(out, r.transferSyntaxUid());
            out.writeLong(r.pixelDataOffset());
            out.writeLong(r.pixelDataLength());
            out.writeInt(r.fragments().size());
            for (ByteRange b : r.fragments()) {
                out.writeLong(b.offset());
                out.writeLong(b.length());
            }
            out.writeBoolean(r.deflated());
            text(out, src.fastForm() == null ? null : src.fastForm().format());
            out.writeLong(src.fastForm() == null ? 0 : src.fastForm().length());
            out.writeByte(src.graphics() == null ? 2 : src.graphics() ? 1 : 0);
        }
        FrameAttributes previous = null;
        for (SeriesSlice s : stack.slices()) {
            out.writeInt(instances.get(s.ref().sopInstanceUid()));
            out.writeInt(pixels.get(s.pixels()));
            out.writeInt(displays.get(s.display()));
            previous = frame(out, s.frame(), previous);
        }
    }

    // flags of attributes equal to the previous slice's, which are then not written again
    private static final int SAME_ORIENTATION = 1, SAME_SPACING = 2, SAME_THICKNESS = 4, SAME_RESCALE = 8,
            SAME_WINDOWS = 16, SAME_TYPE = 32, SAME_STACK_ID = 64;

    private static FrameAttributes frame(DataOutputStream out, FrameAttributes f, FrameAttributes p) throws IOException {
        int flags = 0;
        if (p != null) {
            if (java.util.Arrays.equals(f.imageOrientation(), p.imageOrientation())) flags |= SAME_ORIENTATION;
            if (java.util.Arrays.equals(f.pixelSpacing(), p.pixelSpacing())) flags |= SAME_SPACING;
            if (java.util.Objects.equals(f.sliceThickness(), p.sliceThickness())) flags |= SAME_THICKNESS;
            if (Double.compare(f.rescaleSlope(), p.rescaleSlope()) == 0 && Double.compare(f.rescaleIntercept(), p.rescaleIntercept()) == 0) {
                flags |= SAME_RESCALE;
            }
            if (java.util.Arrays.equals(f.windowCenter(), p.windowCenter()) && java.util.Arrays.equals(f.windowWidth(), p.windowWidth())) {
                flags |= SAME_WINDOWS;
            }
            if (java.util.Objects.equals(f.imageType(), p.imageType())) flags |= SAME_TYPE;
            if (java.util.Objects.equals(f.stackId(), p.stackId())) flags |= SAME_STACK_ID;
        }
        out.writeByte(flags);
        out.writeInt(f.frameNumber());
        doubles(out, f.imagePosition());
        if ((flags & SAME_ORIENTATION) == 0) doubles(out, f.imageOrientation());
        if ((flags & SAME_SPACING) == 0) doubles(out, f.pixelSpacing());
        if ((flags & SAME_THICKNESS) == 0) nullableDouble(out, f.sliceThickness());
        if ((flags & SAME_RESCALE) == 0) {
            out.writeDouble(f.rescaleSlope());
            out.writeDouble(f.rescaleIntercept());
        }
        if ((flags & SAME_WINDOWS) == 0) {
            doubles(out, f.windowCenter());
            doubles(out, f.windowWidth());
        }
        if ((flags & SAME_TYPE) == 0) text(out, f.imageType());
        if ((flags & SAME_STACK_ID) == 0) text(out, f.stackId());
        nullableInt(out, f.inStackPosition());
        nullableInt(out, f.temporalPosition());
        nullableInt(out, f.acquisitionNumber());
        nullableDouble(out, f.triggerTime());
        return f;
    }

    private static void report(DataOutputStream out, StackReport r) throws IOException {
        out.writeDouble(r.nominalSpacingMm());
        out.writeDouble(r.minSpacingMm());
        out.writeDouble(r.maxSpacingMm());
        out.writeBoolean(r.irregularSpacing());
        out.writeInt(r.gaps().size());
        for (StackReport.Gap g : r.gaps()) {
            out.writeInt(g.afterSlice());
            out.writeDouble(g.spacingMm());
            out.writeInt(g.missingSlices());
        }
        out.writeInt(r.duplicates().size());
        for (StackReport.Duplicate d : r.duplicates()) {
            out.writeDouble(d.offsetMm());
            ref(out, d.kept());
            ref(out, d.dropped());
        }
        out.writeDouble(r.shearDegrees());
        out.writeBoolean(r.perSliceRescale());
        text(out, r.splitBy());
        text(out, r.splitValue());
    }

    private static void ref(DataOutputStream out, SliceRef r) throws IOException {
        text(out, r.sopInstanceUid());
        nullableInt(out, r.instanceNumber());
        out.writeInt(r.frameNumber());
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void doubles(DataOutputStream out, double[] v) throws IOException {
        out.writeByte(v.length);
        for (double d : v) out.writeDouble(d);
    }

    private static void nullableInt(DataOutputStream out, Integer v) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) out.writeInt(v);
    }

    private static void nullableDouble(DataOutputStream out, Double v) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) out.writeDouble(v);
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes a plan BLOB; files are resolved in {@code store}. No file is opened: a slice's stored
     * values are located when it is first read.
     *
     * @throws IllegalArgumentException for a BLOB of another format or a damaged one
     */
    public static OpenPlan decode(byte[] blob, StudyStore store) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        try {
            int format = in.getInt();
            if (format != FORMAT) throw new IllegalArgumentException("open plan format " + format + " (expected " + FORMAT + ")");
            int colourImages = in.getInt();
            Integer padding = nullableInt(in);
            String notice = text(in);
            int n = in.getInt();
            if (n == 0) return new OpenPlan(null, colourImages, padding, notice, Map.of(), Set.of());
            return decodeStack(in, n, store, colourImages, padding, notice);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("open plan damaged (" + blob.length + " bytes)", e);
        }
    }

    private static OpenPlan decodeStack(ByteBuffer in, int n, StudyStore store, int colourImages, Integer padding, String notice) {
        StackReportParts report = report(in);
        DisplayAttributes[] displays = new DisplayAttributes[in.getInt()];
        for (int i = 0; i < displays.length; i++) {
            int len = in.getInt();
            if (len < 0) displays[i] = DisplayAttributes.NONE;
            else {
                byte[] b = new byte[len];
                in.get(b);
                displays[i] = DisplayColumn.decode(b);
            }
        }
        PixelDescription[] pixels = new PixelDescription[in.getInt()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = new PixelDescription(in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt(),
                    in.getInt(), in.get() != 0, text(in), in.getInt(), in.getInt());
        }
        int instanceCount = in.getInt();
        PlannedInstance[] instances = new PlannedInstance[instanceCount];
        Map<String, Path> headerFiles = new HashMap<>();
        Set<String> plain = new HashSet<>();
        for (int i = 0; i < instanceCount; i++) {
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
            int graphics = in.get();
            Path file = store.pathOf(key);
            FastForm fast = fastFormat == null ? null : new FastForm(fastFormat, store.fastFormPathOf(key), fastLength);
            instances[i] = new PlannedInstance(uid, number, file, ts, offset, length, ranges, deflated, fast);
            if (graphics == 0) plain.add(uid);
            else headerFiles.put(uid, file);
        }
        List<SeriesSlice> slices = new ArrayList<>(n);
        FrameAttributes previous = null;
        for (int k = 0; k < n; k++) {
            PlannedInstance inst = instances[in.getInt()];
            PixelDescription d = pixels[in.getInt()];
            DisplayAttributes display = displays[in.getInt()];
            FrameAttributes f = frame(in, previous);
            previous = f;
            int index = f.frameNumber() - 1;
            slices.add(new SeriesSlice(new SliceRef(inst.uid, inst.number, f.frameNumber()), f, d, () -> inst.frame(d, index), display));
        }
        if (in.hasRemaining()) throw new IllegalArgumentException("open plan has " + in.remaining() + " bytes after its end");
        Stack stack = assemble(slices, report);
        return new OpenPlan(stack, colourImages, padding, notice, headerFiles, plain);
    }

    /** The stack of slices already in volume order, with the geometry {@link StackSplitter} gives such slices. */
    private static Stack assemble(List<SeriesSlice> slices, StackReportParts r) {
        List<SliceSource> sources = new ArrayList<>(slices.size());
        for (SeriesSlice s : slices) sources.add(s.toSliceSource());
        SeriesGeometry grid = SeriesGeometry.of(sources);
        double[][] origins = new double[sources.size()][];
        for (int k = 0; k < origins.length; k++) origins[k] = sources.get(k).position();
        StackReport report = new StackReport(slices.size(), r.nominal, r.min, r.max, r.irregular, r.gaps, r.duplicates,
                r.shear, r.perSliceRescale, r.splitBy, r.splitValue);
        return new Stack(slices, new StackGeometry(grid, origins), report);
    }

    private record StackReportParts(double nominal, double min, double max, boolean irregular, List<StackReport.Gap> gaps,
                                    List<StackReport.Duplicate> duplicates, double shear, boolean perSliceRescale,
                                    String splitBy, String splitValue) {}

    private static StackReportParts report(ByteBuffer in) {
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
        return new StackReportParts(nominal, min, max, irregular, gaps, duplicates, shear, perSlice, text(in), text(in));
    }

    private static SliceRef ref(ByteBuffer in) {
        String uid = text(in);
        Integer number = nullableInt(in);
        return new SliceRef(uid, number, in.getInt());
    }

    private static FrameAttributes frame(ByteBuffer in, FrameAttributes p) {
        int flags = in.get();
        int frameNumber = in.getInt();
        double[] position = doubles(in);
        double[] orientation = (flags & SAME_ORIENTATION) != 0 ? p.imageOrientation() : doubles(in);
        double[] spacing = (flags & SAME_SPACING) != 0 ? p.pixelSpacing() : doubles(in);
        Double thickness = (flags & SAME_THICKNESS) != 0 ? p.sliceThickness() : nullableDouble(in);
        double slope, intercept;
        if ((flags & SAME_RESCALE) != 0) {
            slope = p.rescaleSlope();
            intercept = p.rescaleIntercept();
        } else {
            slope = in.getDouble();
            intercept = in.getDouble();
        }
        double[] wc, ww;
        if ((flags & SAME_WINDOWS) != 0) {
            wc = p.windowCenter();
            ww = p.windowWidth();
        } else {
            wc = doubles(in);
            ww = doubles(in);
        }
        String type = (flags & SAME_TYPE) != 0 ? p.imageType() : text(in);
        String stackId = (flags & SAME_STACK_ID) != 0 ? p.stackId() : text(in);
        return new FrameAttributes(frameNumber, position, orientation, spacing, thickness, slope, intercept, wc, ww, type,
                stackId, nullableInt(in), nullableInt(in), nullableInt(in), nullableDouble(in));
    }

    private static String text(ByteBuffer in) {
        int len = in.getInt();
        if (len < 0) return null;
        String s = new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
        in.position(in.position() + len);
        return s;
    }

    private static double[] doubles(ByteBuffer in) {
        double[] v = new double[in.get()];
        for (int i = 0; i < v.length; i++) v[i] = in.getDouble();
        return v;
    }

    private static Integer nullableInt(ByteBuffer in) {
        return in.get() != 0 ? in.getInt() : null;
    }

    private static Double nullableDouble(ByteBuffer in) {
        return in.get() != 0 ? in.getDouble() : null;
    }

    /**
     * One instance of the plan: where its frames are. Located on the first read of one of them (the
     * fast form's size is checked then, as {@link IndexedStacks} does at open), so decoding a plan
     * touches no file.
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
        private StoredFrames stored;
        private boolean located;

        PlannedInstance(String uid, Integer number, Path file, String transferSyntax, long offset, long length,
                        List<ByteRange> fragments, boolean deflated, FastForm fastForm) {
            this.uid = uid;
            this.number = number;
            this.file = file;
            this.transferSyntax = transferSyntax;
            this.offset = offset;
            this.length = length;
            this.fragments = fragments;
            this.deflated = deflated;
            this.fastForm = fastForm;
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
}
