package io.radstream.render;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The inner loops of {@link SlabProjection} on 16-bit SIMD lanes (the incubating Vector API):
 * C2 does not vectorise {@code short} max / min by itself, so these say it explicitly, one voxel
 * per 16-bit lane (32 per AVX-512 register) instead of the fallback's two per 32-bit lane.
 *
 * <p>Only {@link SlabProjection} calls this class, and only when {@code jdk.incubator.vector} is
 * in the boot layer: loading it without the module fails. Signatures hold JDK types only, so
 * verifying the caller never loads it either.
 *
 * <p>Values are <em>biased</em> exactly as in the fallback: each stored value XORed with
 * {@code flip} (0x8000 for unsigned data, 0 for signed) so that signed order is their order. The
 * results are therefore the fallback's accumulators, value for value.
 */
final class SlabLanes {
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
    /** Ints of the same register width: half a short vector's lanes. */
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfShort VOXEL = ValueLayout.JAVA_SHORT_UNALIGNED;

    private SlabLanes() {}

    /** Lanes per short vector, for the record (e.g. 32 with AVX-512). */
    static int shortLanes() {
        return S.length();
    }

    /** {@code acc[i] = max(acc[i], voxel[i] ^ flip)} for the n voxels from byte offset {@code at}. */
    static void max(MemorySegment voxels, long at, short[] acc, int n, short flip) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            ShortVector x = ShortVector.fromMemorySegment(S, voxels, at + 2L * i, ORDER).lanewise(VectorOperators.XOR, flip);
            ShortVector.fromArray(S, acc, i).lanewise(VectorOperators.MAX, x).intoArray(acc, i);
        }
        for (; i < n; i++) acc[i] = (short) Math.max(acc[i], (short) (voxels.get(VOXEL, at + 2L * i) ^ flip));
    }

    /** {@code acc[i] = min(acc[i], voxel[i] ^ flip)}. */
    static void min(MemorySegment voxels, long at, short[] acc, int n, short flip) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            ShortVector x = ShortVector.fromMemorySegment(S, voxels, at + 2L * i, ORDER).lanewise(VectorOperators.XOR, flip);
            ShortVector.fromArray(S, acc, i).lanewise(VectorOperators.MIN, x).intoArray(acc, i);
        }
        for (; i < n; i++) acc[i] = (short) Math.min(acc[i], (short) (voxels.get(VOXEL, at + 2L * i) ^ flip));
    }

    /**
     * As {@link #max} / {@link #min} ({@code min} chooses), skipping voxels whose biased value is
     * {@code pad}; {@code seen[i]} becomes 1 once column i met a voxel that is not padding, since
     * the accumulator alone cannot tell "only padding" from a real extreme value.
     */
    static void skipping(MemorySegment voxels, long at, short[] acc, short[] seen, int n, short flip, short pad, boolean min) {
        VectorOperators.Binary op = min ? VectorOperators.MIN : VectorOperators.MAX;
        short neutral = min ? Short.MAX_VALUE : Short.MIN_VALUE;
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            ShortVector x = ShortVector.fromMemorySegment(S, voxels, at + 2L * i, ORDER).lanewise(VectorOperators.XOR, flip);
            VectorMask<Short> padding = x.eq(pad);
            ShortVector.fromArray(S, acc, i).lanewise(op, x.blend(neutral, padding)).intoArray(acc, i);
            ShortVector.fromArray(S, seen, i).lanewise(VectorOperators.OR, (short) 1, padding.not()).intoArray(seen, i);
        }
        for (; i < n; i++) {
            short x = (short) (voxels.get(VOXEL, at + 2L * i) ^ flip);
            if (x == pad) continue;
            acc[i] = (short) (min ? Math.min(acc[i], x) : Math.max(acc[i], x));
            seen[i] = 1;
        }
    }

    /** {@code acc[i] += voxel[i] ^ flip} (as a signed 16-bit value), widened to ints. */
    static void sum(MemorySegment voxels, long at, int[] acc, int n, short flip) {
        int i = 0, bound = S.loopBound(n), half = I.length();
        for (; i < bound; i += S.length()) {
            ShortVector x = ShortVector.fromMemorySegment(S, voxels, at + 2L * i, ORDER).lanewise(VectorOperators.XOR, flip);
            for (int part = 0; part < 2; part++) {
                IntVector w = (IntVector) x.convertShape(VectorOperators.S2I, I, part);
                IntVector.fromArray(I, acc, i + part * half).add(w).intoArray(acc, i + part * half);
            }
        }
        for (; i < n; i++) acc[i] += (short) (voxels.get(VOXEL, at + 2L * i) ^ flip);
    }

    /**
     * One run of n contiguous voxels reduced to one biased value: the maximum, minimum or (for
     * {@code op} 2) the sum, as an int. {@code op}: 0 max, 1 min, 2 sum (SlabProjection's codes).
     */
    static int run(MemorySegment voxels, long at, int n, short flip, int op) {
        int i = 0, bound = S.loopBound(n);
        if (op == 2) {
            IntVector total = IntVector.zero(I);
            for (; i < bound; i += S.length()) {
                ShortVector x = ShortVector.fromMemorySegment(S, voxels, at + 2L * i, ORDER).lanewise(VectorOperators.XOR, flip);
                total = total.add((IntVector) x.convertShape(VectorOperators.S2I, I, 0)).add((IntVector) x.convertShape(VectorOperators.S2I, I, 1));
            }
            int acc = total.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) acc += (short) (voxels.get(VOXEL, at + 2L * i) ^ flip);
            return acc;
        }
        VectorOperators.Binary lane = op == 0 ? VectorOperators.MAX : VectorOperators.MIN;
        VectorOperators.Associative across = op == 0 ? VectorOperators.MAX : VectorOperators.MIN;
        ShortVector m = ShortVector.broadcast(S, op == 0 ? Short.MIN_VALUE : Short.MAX_VALUE);
        for (; i < bound; i += S.length()) {
            m = m.lanewise(lane, ShortVector.fromMemorySegment(S, voxels, at + 2L * i, ORDER).lanewise(VectorOperators.XOR, flip));
        }
        int acc = m.reduceLanes(across);
        for (; i < n; i++) {
            int x = (short) (voxels.get(VOXEL, at + 2L * i) ^ flip);
            acc = op == 0 ? Math.max(acc, x) : Math.min(acc, x);
        }
        return acc;
    }
}
