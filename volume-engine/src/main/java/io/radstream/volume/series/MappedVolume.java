package io.radstream.volume.series;

import io.radstream.volume.frames.DisplayAttributes;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * A copy of a volume whose voxels are a per-slice function of the source's stored values: what a
 * reformat needs of a volume whose slices carry a Modality LUT Sequence (PS3.3 C.11.1). Interpolation
 * must blend modality values, not stored values, and a LUT's outputs are at most 16 bits unsigned
 * (LUT Descriptor bits ≤ 16), so the copy holds them as unsigned stored values with rescale 1 / 0:
 * every backend reformats it unchanged.
 *
 * <p>The copy keeps the source's geometry, stack geometry and report, photometric interpretation
 * and default window; its display attributes are the caller's per-slice rewrite of the source's
 * (equal source instances stay one instance, so renderers' caches keyed by identity still work).
 *
 * <p>Progressive: a slice is mapped as soon as the source's slice is ready (at once for those
 * already ready, else on the thread that completes it), so a copy made while the source still
 * loads fills with it; a slice that failed to decode fails in the copy too. Mapping work that
 * arrives after either volume was released is dropped. The copy is an ordinary {@link Volume}
 * with one reference, held by its maker: {@link Volume#derived} ties it to the source's life.
 */
public final class MappedVolume {
    private static final ValueLayout.OfShort VOXEL = ValueLayout.JAVA_SHORT_UNALIGNED;

    private MappedVolume() {}

    /**
     * @param source   the volume to copy; retained by the caller for the duration of this call
     * @param perSlice slice k → stored value (read with the source's signedness) → new value in
     *                 0..65535 (values outside are clamped)
     * @param display  rewrites each slice's display attributes (called once per distinct instance)
     * @param padding  the copy's Pixel Padding Value (a value of the new range), if it has one
     */
    public static Volume of(Volume source, IntFunction<IntUnaryOperator> perSlice,
                            UnaryOperator<DisplayAttributes> display, OptionalInt padding) {
        int n = source.slices();
        double[] one = new double[n], zero = new double[n];
        java.util.Arrays.fill(one, 1);
        Volume copy = new Volume(source.geometry(), false, source.photometric(), one, zero, source.defaultWindow());
        try {
            copy.describeStack(source.stackGeometry(), source.stackReport().orElse(null));
            Map<DisplayAttributes, DisplayAttributes> rewritten = new IdentityHashMap<>();
            DisplayAttributes[] attributes = new DisplayAttributes[n];
            IntUnaryOperator[] maps = new IntUnaryOperator[n];
            for (int k = 0; k < n; k++) {
                attributes[k] = rewritten.computeIfAbsent(source.displayAttributes(k), display);
                maps[k] = perSlice.apply(k);
            }
            copy.describeDisplay(attributes);
            padding.ifPresent(copy::describePixelPadding);
            for (int k = 0; k < n; k++) {
                int slice = k;
                source.whenSliceReady(k).thenRun(() -> mapWhileBothLive(source, copy, slice, maps[slice]));
            }
            return copy;
        } catch (RuntimeException e) {
            copy.release();
            throw e;
        }
    }

    private static void mapWhileBothLive(Volume source, Volume copy, int k, IntUnaryOperator f) {
        if (!source.tryRetain()) return;
        try {
            if (!copy.tryRetain()) return;
            try {
                if (source.sliceFailed(k)) copy.failSlice(k);
                else mapSlice(source, copy, k, f);
            } finally {
                copy.release();
            }
        } finally {
            source.release();
        }
    }

    private static void mapSlice(Volume source, Volume copy, int k, IntUnaryOperator f) {
        long count = (long) source.columns() * source.rows(), base = k * count;
        MemorySegment in = source.voxels(), out = copy.voxels();
        boolean signed = source.signed();
        for (long i = base; i < base + count; i++) {
            short s = in.getAtIndex(VOXEL, i);
            int v = f.applyAsInt(signed ? s : s & 0xFFFF);
            out.setAtIndex(VOXEL, i, (short) Math.max(0, Math.min(0xFFFF, v)));
        }
        copy.markReady(k, 1);
    }
}
