package io.radstream.volume.series;

import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.pixel.PixelDescription;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The rules that turn the images of one series into stacks (docs/decisions.md, "Series to
 * volumes"):
 * <ol>
 * <li>Images without a plane, or with more than one sample per pixel, become frame stacks: one per
 *     multi-frame instance, one for all single-frame ones.</li>
 * <li>Localizers (Image/Frame Type contains LOCALIZER) are left out.</li>
 * <li>Images are grouped by orientation (direction cosines within {@value #ORIENTATION_TOLERANCE}),
 *     matrix, pixel spacing and pixel format. A group of at most {@value #MAX_UNFLAGGED_LOCALIZER}
 *     images whose orientation differs from the largest group's, and which is at most a quarter of
 *     its size, is left out as an unflagged localizer. Stacks come out largest group first.</li>
 * <li>A group whose images all share one position is a frame stack in time (cine of one slice).</li>
 * <li>A group is split by Stack ID and Temporal Position whenever they take several values; then,
 *     only where positions repeat, by Trigger Time or else Acquisition Number, provided that the
 *     attribute takes no more values than the most images found at one position (so one
 *     acquisition per slice, common in step-and-shoot CT, never shatters a stack).</li>
 * <li>Within a stack, images are sorted by their position along the normal (rowDirection ×
 *     columnDirection, PS3.3 §C.7.6.2.1.1). Images within {@value #DUPLICATE_TOLERANCE_MM} mm of one
 *     another along the normal are duplicates: the first by Instance Number (then frame number,
 *     then SOP Instance UID) stays, the others are reported and left out.</li>
 * <li>Each slice keeps its own position: gaps (a spacing above 1.5 times the median) and irregular
 *     spacing are reported, not resampled; origins that move across the normal (gantry tilt) make a
 *     sheared {@link StackGeometry}; rescale stays per slice.</li>
 * </ol>
 */
final class StackSplitter {
    static final double ORIENTATION_TOLERANCE = 5e-4;
    static final double DUPLICATE_TOLERANCE_MM = 0.01;
    static final int MAX_UNFLAGGED_LOCALIZER = 3;
    static final double GAP_FACTOR = 1.5;
    static final double IRREGULAR_FRACTION = 0.01;

    private StackSplitter() {}

    static SeriesPartition split(List<SeriesSlice> all) {
        List<Stack> stacks = new ArrayList<>();
        List<FrameStack> frameStacks = new ArrayList<>();
        List<SeriesPartition.Excluded> excluded = new ArrayList<>();

        Map<String, List<SeriesSlice>> flatByInstance = new LinkedHashMap<>();
        List<SeriesSlice> flatSingles = new ArrayList<>();
        List<SeriesSlice> colour = new ArrayList<>();
        List<SeriesSlice> planar = new ArrayList<>();
        for (SeriesSlice s : all) {
            if (s.pixels().samplesPerPixel() != 1 || io.radstream.volume.display.ColorImage.isColor(s.pixels().photometric())) colour.add(s);
            else if (!s.hasPlane()) {
                if (s.pixels().frames() > 1) flatByInstance.computeIfAbsent(s.ref().sopInstanceUid(), k -> new ArrayList<>()).add(s);
                else flatSingles.add(s);
            } else if (s.frame().isLocalizer()) {
                excluded.add(new SeriesPartition.Excluded(s, SeriesPartition.Reason.LOCALIZER));
            } else {
                planar.add(s);
            }
        }
        for (List<SeriesSlice> cine : flatByInstance.values()) frameStacks.add(new FrameStack(timeOrdered(cine), FrameStack.Reason.NO_PLANE));
        if (!flatSingles.isEmpty()) frameStacks.add(new FrameStack(timeOrdered(flatSingles), FrameStack.Reason.NO_PLANE));
        if (!colour.isEmpty()) frameStacks.add(new FrameStack(timeOrdered(colour), FrameStack.Reason.NOT_MONOCHROME));

        List<Group> groups = new ArrayList<>(group(planar));
        // the series' main stack first; equal sizes keep the order their first image was seen in
        groups.sort(Comparator.comparingInt((Group g) -> g.slices.size()).reversed());
        Group largest = groups.isEmpty() ? null : groups.getFirst();
        for (Group g : groups) {
            if (g != largest && g.orientationId != largest.orientationId && g.slices.size() <= MAX_UNFLAGGED_LOCALIZER
                    && 4 * g.slices.size() <= largest.slices.size()) {
                for (SeriesSlice s : g.slices) excluded.add(new SeriesPartition.Excluded(s, SeriesPartition.Reason.MINORITY_ORIENTATION));
                continue;
            }
            double[] normal = normalOf(g.slices.getFirst());
            if (g.slices.size() > 1 && maxMultiplicity(g.slices, normal) == g.slices.size()) {
                frameStacks.add(new FrameStack(timeOrdered(g.slices), FrameStack.Reason.ONE_POSITION));
                continue;
            }
            for (Phase p : phases(g.slices, normal)) stacks.add(buildStack(p, normal));
        }
        return new SeriesPartition(stacks, frameStacks, excluded);
    }

    // ---- grouping by orientation, matrix and pixel format ----

    private record Group(int orientationId, List<SeriesSlice> slices) {}

    private record GroupKey(int orientationId, int rows, int columns, long rowSpacingMicro, long columnSpacingMicro,
                            int bitsAllocated, boolean signed) {}

    private static List<Group> group(List<SeriesSlice> planar) {
        List<double[]> orientations = new ArrayList<>();
        Map<GroupKey, List<SeriesSlice>> groups = new LinkedHashMap<>();
        for (SeriesSlice s : planar) {
            double[] o = s.frame().imageOrientation();
            int id = -1;
            for (int i = 0; i < orientations.size() && id < 0; i++) if (close(orientations.get(i), o)) id = i;
            if (id < 0) {
                orientations.add(o);
                id = orientations.size() - 1;
            }
            double[] ps = s.toSliceSource().pixelSpacing();
            PixelDescription d = s.pixels();
            GroupKey key = new GroupKey(id, d.rows(), d.columns(), Math.round(ps[0] * 1e4), Math.round(ps[1] * 1e4),
                    d.bitsAllocated(), d.signed());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        List<Group> out = new ArrayList<>();
        groups.forEach((k, v) -> out.add(new Group(k.orientationId(), v)));
        return out;
    }

    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < 6; i++) if (Math.abs(a[i] - b[i]) > ORIENTATION_TOLERANCE) return false;
        return true;
    }

    static double[] normalOf(SeriesSlice s) {
        double[] o = s.frame().imageOrientation();
        return Vec3.normalize(Vec3.cross(new double[]{o[0], o[1], o[2]}, new double[]{o[3], o[4], o[5]}));
    }

    private static double offset(SeriesSlice s, double[] normal) {
        return Vec3.dot(s.frame().imagePosition(), normal);
    }

    /** The most images found at one position along the normal. */
    private static int maxMultiplicity(List<SeriesSlice> slices, double[] normal) {
        double[] d = slices.stream().mapToDouble(s -> offset(s, normal)).sorted().toArray();
        int best = 1, run = 1;
        for (int i = 1; i < d.length; i++) {
            run = d[i] - d[i - 1] <= DUPLICATE_TOLERANCE_MM ? run + 1 : 1;
            best = Math.max(best, run);
        }
        return best;
    }

    // ---- phases ----

    private record Phase(List<SeriesSlice> slices, String splitBy, String splitValue) {}

    private record Key(String name, Function<FrameAttributes, Object> value) {}

    /** Split whenever they take several values: they name stacks and time points explicitly. */
    private static final List<Key> EXPLICIT = List.of(
            new Key("StackID", FrameAttributes::stackId),
            new Key("TemporalPosition", FrameAttributes::temporalPosition));
    /** Split only where positions repeat, and into no more parts than images share a position. */
    private static final List<Key> HEURISTIC = List.of(
            new Key("TriggerTime", FrameAttributes::triggerTime),
            new Key("AcquisitionNumber", FrameAttributes::acquisitionNumber));

    private static List<Phase> phases(List<SeriesSlice> slices, double[] normal) {
        List<Phase> phases = List.of(new Phase(slices, null, null));
        for (Key key : EXPLICIT) {
            List<Phase> next = new ArrayList<>();
            for (Phase p : phases) next.addAll(splitBy(p, key));
            phases = next;
        }
        List<Phase> out = new ArrayList<>();
        for (Phase p : phases) {
            int multiplicity = maxMultiplicity(p.slices, normal);
            List<Phase> parts = List.of(p);
            for (Key key : HEURISTIC) {
                if (multiplicity < 2) break;
                int values = valuesOf(p.slices, key).size();
                if (values >= 2 && values <= multiplicity) {
                    parts = splitBy(p, key);
                    break;
                }
            }
            out.addAll(parts);
        }
        return out;
    }

    private static Map<Object, List<SeriesSlice>> valuesOf(List<SeriesSlice> slices, Key key) {
        // TreeMap: phases come out in the attribute's order (Temporal Position 1, 2, ...); absent last
        Map<Object, List<SeriesSlice>> byValue = new TreeMap<>(StackSplitter::compareValues);
        for (SeriesSlice s : slices) byValue.computeIfAbsent(wrap(key.value.apply(s.frame())), k -> new ArrayList<>()).add(s);
        return byValue;
    }

    private static final Object ABSENT = new Object() {
        @Override
        public String toString() { return "(absent)"; }
    };

    private static Object wrap(Object v) {
        return v == null ? ABSENT : v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a == b) return 0;
        if (a == ABSENT) return 1;
        if (b == ABSENT) return -1;
        if (a.getClass() == b.getClass() && a instanceof Comparable c) return c.compareTo(b);
        return a.toString().compareTo(b.toString());
    }

    private static List<Phase> splitBy(Phase p, Key key) {
        Map<Object, List<SeriesSlice>> byValue = valuesOf(p.slices, key);
        if (byValue.size() < 2) return List.of(p);
        List<Phase> out = new ArrayList<>();
        byValue.forEach((value, slices) -> out.add(new Phase(slices,
                p.splitBy == null ? key.name : p.splitBy + "+" + key.name,
                p.splitValue == null ? String.valueOf(value) : p.splitValue + "+" + value)));
        return out;
    }

    // ---- one stack ----

    private static Stack buildStack(Phase phase, double[] normal) {
        List<SeriesSlice> sorted = new ArrayList<>(phase.slices);
        sorted.sort(Comparator.<SeriesSlice>comparingDouble(s -> offset(s, normal))
                .thenComparing(SeriesSlice::ref, SliceRef.INSTANCE_ORDER));
        List<SeriesSlice> kept = new ArrayList<>();
        List<StackReport.Duplicate> duplicates = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            int j = i + 1;
            while (j < sorted.size() && offset(sorted.get(j), normal) - offset(sorted.get(j - 1), normal) <= DUPLICATE_TOLERANCE_MM) j++;
            List<SeriesSlice> run = sorted.subList(i, j);
            SeriesSlice first = run.stream().min(Comparator.comparing(SeriesSlice::ref, SliceRef.INSTANCE_ORDER)).orElseThrow();
            kept.add(first);
            for (SeriesSlice s : run) {
                if (s != first) duplicates.add(new StackReport.Duplicate(offset(first, normal), first.ref(), s.ref()));
            }
            i = j;
        }
        List<SliceSource> sources = kept.stream().map(SeriesSlice::toSliceSource).toList();
        SeriesGeometry grid = SeriesGeometry.of(sources);
        double[][] origins = sources.stream().map(SliceSource::position).toArray(double[][]::new);
        StackGeometry geometry = new StackGeometry(grid, origins);
        return new Stack(kept, geometry, report(geometry, kept, duplicates, phase));
    }

    private static StackReport report(StackGeometry g, List<SeriesSlice> kept, List<StackReport.Duplicate> duplicates, Phase phase) {
        int n = kept.size();
        double nominal = g.grid().sliceSpacing();
        double min = n > 1 ? Double.POSITIVE_INFINITY : 0, max = 0;
        boolean irregular = false;
        List<StackReport.Gap> gaps = new ArrayList<>();
        for (int k = 0; k + 1 < n; k++) {
            double d = g.offsetAlongNormal(k + 1) - g.offsetAlongNormal(k);
            min = Math.min(min, d);
            max = Math.max(max, d);
            irregular |= Math.abs(d - nominal) > IRREGULAR_FRACTION * nominal;
            if (d > GAP_FACTOR * nominal) gaps.add(new StackReport.Gap(k, d, (int) Math.round(d / nominal) - 1));
        }
        boolean perSliceRescale = kept.stream().map(s -> Arrays.asList(s.frame().rescaleSlope(), s.frame().rescaleIntercept()))
                .distinct().count() > 1;
        return new StackReport(n, n > 1 ? nominal : 0, min, max, irregular, gaps, duplicates, g.shearDegrees(),
                perSliceRescale, phase.splitBy, phase.splitValue);
    }

    private static List<SeriesSlice> timeOrdered(List<SeriesSlice> slices) {
        List<SeriesSlice> out = new ArrayList<>(slices);
        out.sort(Comparator.<SeriesSlice, Integer>comparing(s -> s.frame().temporalPosition(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(s -> s.frame().triggerTime(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(SeriesSlice::ref, SliceRef.INSTANCE_ORDER));
        return out;
    }
}
