package io.radstream.render;

import io.radstream.volume.series.Volume;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.OptionalInt;

/**
 * The most recently used {@link SlabProjection}s of one volume, so that pan, zoom and window/level
 * changes of a grid-aligned slab only resample (key: slab axis, plane range, projection mode,
 * padding). Held by the volume ({@link Volume#derived}) and freed with it; a complete volume only
 * (as {@link MipPyramid} and {@link CellMaxima} decide): while slices are still arriving a
 * projection would go stale, so it is computed per frame and not kept. When full, the least
 * recently used projection goes first. An evicted projection's array is not recycled: a frame
 * rendered concurrently may still be resampling it.
 */
final class SlabProjections implements AutoCloseable {
    static final Object KEY = SlabProjections.class;
    /** Projections kept per volume: the views of a 1×3 layout and a few positions of each. */
    static final int CAPACITY = 6;

    record Key(int axis, int first, int last, Mpr.Projection mode, OptionalInt padding) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>(); // most recent first
    private long computed;

    private record Entry(Key key, SlabProjection projection) {}

    static SlabProjections of(Volume v) {
        return new SlabProjections();
    }

    /** The projection of {@code slab}; cached when the volume is complete. */
    static SlabProjection get(Volume v, GridAlignedSlab slab, OptionalInt padding) {
        OptionalInt pad = slab.projection() == Mpr.Projection.MINIP ? padding : OptionalInt.empty();
        if (v.readySlices() != v.slices()) return SlabProjection.of(v, slab, pad);
        return v.derived(KEY, SlabProjections::of).lookup(v, slab, pad);
    }

    private SlabProjection lookup(Volume v, GridAlignedSlab slab, OptionalInt pad) {
        Key key = new Key(slab.axis(), slab.first(), slab.last(), slab.projection(), pad);
        synchronized (this) {
            for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.key.equals(key)) {
                    it.remove();
                    entries.addFirst(e);
                    return e.projection;
                }
            }
        }
        // computed outside the lock: other viewports' cached frames are not held up; two threads
        // asking for the same new projection at once both compute it, the second copy is dropped
        SlabProjection p = SlabProjection.of(v, slab, pad);
        synchronized (this) {
            computed++;
            for (Entry e : entries) if (e.key.equals(key)) return e.projection;
            entries.addFirst(new Entry(key, p));
            if (entries.size() > CAPACITY) entries.removeLast();
        }
        return p;
    }

    /** Projections computed so far (not served from the cache); for tests. */
    synchronized long computed() {
        return computed;
    }

    @Override
    public synchronized void close() {
        entries.clear();
    }
}
