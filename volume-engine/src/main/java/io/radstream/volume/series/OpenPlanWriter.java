package io.radstream.volume.series;

import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.store.ByteRange;
import io.radstream.volume.store.DisplayColumn;
import io.radstream.volume.store.FastForm;
import io.radstream.volume.store.InstanceRecord;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.radstream.volume.series.PlanCodec.doubles;
import static io.radstream.volume.series.PlanCodec.nullableDouble;
import static io.radstream.volume.series.PlanCodec.nullableInt;
import static io.radstream.volume.series.PlanCodec.text;

/**
 * Writes an {@link OpenPlan}'s BLOB (format {@value OpenPlan#FORMAT}), big-endian:
 * <pre>
 * int format, int colourImages, nullable int pixelPadding, text lossyNotice, int n (stack slices; 0: no stack)
 * when n &gt; 0:
 *   report      spacings, gaps, duplicates, shear, per-slice rescale, split attribute
 *   grid        columns, rows, row/column directions, normal, spacings, origin, irregular
 *   format      bits allocated, signed, photometric, default window
 *   columns     n×3 origins, n slopes, n intercepts (doubles); display table, n display indexes
 *   tables      pixel modules; frame templates (orientation, spacing, thickness, windows, type, Stack ID)
 *   slices      n records of {@value #SLICE_BYTES} bytes: instance, pixel module, template, frame number,
 *               In-Stack Position, Temporal Position, Acquisition Number, Trigger Time
 *   instances   m, m absolute offsets, m records: SOP Instance UID, Instance Number, storage key,
 *               transfer syntax, pixel data offset/length, fragments, deflated, fast form, has graphics
 * </pre>
 * The columns are what the volume needs as a whole; slice and instance records are fixed-size or
 * indexed so a reader decodes only the slices it reads.
 */
final class OpenPlanWriter {
    /** Bytes of one slice record: four ints, three nullable ints (flag + int), one nullable double. */
    static final int SLICE_BYTES = 4 * 4 + 3 * 5 + 9;

    private OpenPlanWriter() {}

    /** Where one indexed instance's stored values are, as its row says, and whether its header holds graphics. */
    record Source(InstanceRecord instance, FastForm fastForm, Boolean graphics) {}

    /** What of a frame's attributes its stack's slices usually share, written once. */
    private record Template(List<Double> orientation, List<Double> spacing, Double thickness, List<Double> windowCenter,
                            List<Double> windowWidth, String imageType, String stackId) {
        static Template of(FrameAttributes f) {
            return new Template(boxed(f.imageOrientation()), boxed(f.pixelSpacing()), f.sliceThickness(),
                    boxed(f.windowCenter()), boxed(f.windowWidth()), f.imageType(), f.stackId());
        }

        private static List<Double> boxed(double[] v) {
            return Arrays.stream(v).boxed().toList();
        }

        private static double[] unboxed(List<Double> v) {
            return v.stream().mapToDouble(Double::doubleValue).toArray();
        }

        void write(DataOutputStream out) throws IOException {
            doubles(out, unboxed(orientation));
            doubles(out, unboxed(spacing));
            nullableDouble(out, thickness);
            doubles(out, unboxed(windowCenter));
            doubles(out, unboxed(windowWidth));
            text(out, imageType);
            text(out, stackId);
        }
    }

    /**
     * The plan's BLOB.
     *
     * @param sources by SOP Instance UID, at least every instance the stack's slices come from
     */
    static byte[] encode(Stack stack, int colourImages, Integer pixelPadding, String lossyNotice, Map<String, Source> sources) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(stack == null ? 64 : 256 + 300 * stack.slices().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(OpenPlan.FORMAT);
            out.writeInt(colourImages);
            nullableInt(out, pixelPadding);
            text(out, lossyNotice);
            out.writeInt(stack == null ? 0 : stack.slices().size());
            if (stack != null) stack(out, stack, sources);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    private static void stack(DataOutputStream out, Stack stack, Map<String, Source> sources) throws IOException {
        List<SeriesSlice> slices = stack.slices();
        report(out, stack.report());
        grid(out, stack.geometry().grid());
        VolumeLoader.PixelFormat format = StackLoader.formatOf(stack);
        out.writeInt(format.bitsAllocated());
        out.writeBoolean(format.signed());
        text(out, format.photometric());
        out.writeBoolean(format.defaultWindow() != null);
        if (format.defaultWindow() != null) {
            out.writeDouble(format.defaultWindow()[0]);
            out.writeDouble(format.defaultWindow()[1]);
        }
        for (int k = 0; k < slices.size(); k++) for (double v : stack.geometry().origin(k)) out.writeDouble(v);
        for (SeriesSlice s : slices) out.writeDouble(s.frame().rescaleSlope());
        for (SeriesSlice s : slices) out.writeDouble(s.frame().rescaleIntercept());

        Map<DisplayAttributes, Integer> displays = indexOf(slices.stream().map(SeriesSlice::display).toList());
        out.writeInt(displays.size());
        for (DisplayAttributes d : displays.keySet()) {
            byte[] b = DisplayColumn.encode(d);
            out.writeInt(b == null ? -1 : b.length);
            if (b != null) out.write(b);
        }
        for (SeriesSlice s : slices) out.writeInt(displays.get(s.display()));

        Map<PixelDescription, Integer> pixels = indexOf(slices.stream().map(SeriesSlice::pixels).toList());
        out.writeInt(pixels.size());
        for (PixelDescription d : pixels.keySet()) {
            for (int v : new int[]{d.rows(), d.columns(), d.frames(), d.samplesPerPixel(), d.bitsAllocated(), d.bitsStored(), d.highBit()}) {
                out.writeInt(v);
            }
            out.writeBoolean(d.signed());
            text(out, d.photometric());
            out.writeInt(d.planarConfiguration());
            out.writeInt(d.pixelDataTag());
        }
        Map<Template, Integer> templates = indexOf(slices.stream().map(s -> Template.of(s.frame())).toList());
        out.writeInt(templates.size());
        for (Template t : templates.keySet()) t.write(out);

        Map<String, Integer> instances = indexOf(slices.stream().map(s -> s.ref().sopInstanceUid()).toList());
        for (SeriesSlice s : slices) {
            FrameAttributes f = s.frame();
            int before = out.size();
            out.writeInt(instances.get(s.ref().sopInstanceUid()));
            out.writeInt(pixels.get(s.pixels()));
            out.writeInt(templates.get(Template.of(f)));
            out.writeInt(f.frameNumber());
            nullableInt(out, f.inStackPosition());
            nullableInt(out, f.temporalPosition());
            nullableInt(out, f.acquisitionNumber());
            nullableDouble(out, f.triggerTime());
            if (out.size() - before != SLICE_BYTES) throw new IllegalStateException("slice record of " + (out.size() - before) + " bytes");
        }

        // instance records are of varying length: an offset table lets a reader go straight to one
        byte[][] records = new byte[instances.size()][];
        int i = 0;
        for (String uid : instances.keySet()) records[i++] = instance(uid, sources.get(uid));
        out.writeInt(records.length);
        int offset = out.size() + 4 * records.length;
        for (byte[] r : records) {
            out.writeInt(offset);
            offset += r.length;
        }
        for (byte[] r : records) out.write(r);
    }

    private static byte[] instance(String uid, Source src) throws IOException {
        if (src == null) throw new IllegalArgumentException("no instance row for " + uid);
        InstanceRecord r = src.instance();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(200);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
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
            out.writeByte(src.graphics() == null ? PlannedStack.GRAPHICS_UNKNOWN : src.graphics() ? 1 : 0);
        }
        return bytes.toByteArray();
    }

    private static <T> Map<T, Integer> indexOf(List<T> values) {
        Map<T, Integer> out = new LinkedHashMap<>();
        for (T v : values) out.putIfAbsent(Objects.requireNonNull(v), out.size());
        return out;
    }

    private static void grid(DataOutputStream out, SeriesGeometry g) throws IOException {
        out.writeInt(g.columns());
        out.writeInt(g.rows());
        for (double[] v : new double[][]{g.rowDirection(), g.columnDirection(), g.normal()}) for (double d : v) out.writeDouble(d);
        out.writeDouble(g.columnSpacing());
        out.writeDouble(g.rowSpacing());
        out.writeDouble(g.sliceSpacing());
        for (double d : g.origin()) out.writeDouble(d);
        out.writeBoolean(g.irregular());
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
}
