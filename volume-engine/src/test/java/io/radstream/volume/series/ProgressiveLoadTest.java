package io.radstream.volume.series;

import io.radstream.volume.pixel.PixelDataException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progressive open: the viewed slice first, then outward; focus moves the front; bad slices are zeros. */
class ProgressiveLoadTest {
    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    private static List<SliceSource> stack(int n, List<Integer> order, CountDownLatch gate, int failing) {
        List<SliceSource> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int slice = k;
            out.add(new SliceSource(new double[]{0, 0, k}, AXIAL, new double[]{1, 1}, 2, 2, 1, 0, () -> {
                if (gate != null && slice != n / 2) {
                    try {
                        gate.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new java.io.IOException(e);
                    }
                }
                order.add(slice);
                if (slice == failing) throw new PixelDataException("corrupt slice for the test");
                ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < 4; i++) b.putShort((short) (slice + 1));
                return b.array();
            }));
        }
        return out;
    }

    @Test
    void slicesLoadOutwardFromTheFocus() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        try (VolumeLoader loader = new VolumeLoader(1)) {
            ProgressiveLoad load = loader.open(stack(7, order, null, -1),
                    new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null), 3, (k, e) -> {});
            Volume v = load.done().get(5, TimeUnit.SECONDS);
            assertEquals(List.of(3, 4, 2, 5, 1, 6, 0), order);
            assertEquals(7, v.readySlices());
            for (int k = 0; k < 7; k++) assertEquals(k + 1, v.stored(1, 1, k));
            v.release();
        }
    }

    @Test
    void focusMovesTheFrontOfTheQueue() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch gate = new CountDownLatch(1);
        try (VolumeLoader loader = new VolumeLoader(1)) {
            // 21 slices, focus 10; the worker blocks on the second slice until we refocus on 0
            ProgressiveLoad load = loader.open(stack(21, order, gate, -1),
                    new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null), 10, (k, e) -> {});
            load.volume().whenSliceReady(10).get(5, TimeUnit.SECONDS);
            assertFalse(load.volume().isSliceReady(0));
            load.focus(0);
            gate.countDown();
            load.volume().whenSliceReady(0).get(5, TimeUnit.SECONDS);
            load.done().get(5, TimeUnit.SECONDS);
            // slice 11 may have been claimed before we refocused (the worker races us); apart from it,
            // 0, 1, 2 ... come right after 10, before anything else near the old focus
            List<Integer> head = order.subList(0, 5).stream().filter(k -> k != 11).limit(4).toList();
            assertEquals(List.of(10, 0, 1, 2), head);
            load.volume().release();
        }
    }

    @Test
    void aCorruptSliceIsReportedAndZeroedTheOthersLoad() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Integer> errors = Collections.synchronizedList(new ArrayList<>());
        try (VolumeLoader loader = new VolumeLoader(2)) {
            ProgressiveLoad load = loader.open(stack(5, order, null, 2),
                    new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null), 0, (k, e) -> errors.add(k));
            Volume v = load.done().get(5, TimeUnit.SECONDS);
            assertEquals(List.of(2), errors);
            assertTrue(v.sliceFailed(2));
            assertEquals(0, v.stored(0, 0, 2));
            assertEquals(4, v.stored(0, 0, 3));
            assertEquals(5, v.readySlices());
            v.release();
        }
    }

    private static List<SliceSource> timedSlices(int n, java.util.concurrent.atomic.AtomicInteger active,
                                                 java.util.concurrent.atomic.AtomicInteger most, List<Integer> order) {
        List<SliceSource> slices = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int slice = k;
            slices.add(new SliceSource(new double[]{0, 0, k}, AXIAL, new double[]{1, 1}, 2, 2, 1, 0, () -> {
                most.accumulateAndGet(active.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(15); // a decode that takes time but no core: threads overlap even on two cores
                } catch (InterruptedException e) {
                    throw new java.io.IOException(e);
                } finally {
                    active.decrementAndGet();
                }
                order.add(slice);
                return new byte[8];
            }));
        }
        return slices;
    }

    private static ProgressiveLoad openHeld(VolumeLoader loader, List<SliceSource> slices) throws Exception {
        int n = slices.size();
        io.radstream.volume.frames.DisplayAttributes[] display = new io.radstream.volume.frames.DisplayAttributes[n];
        java.util.Arrays.fill(display, io.radstream.volume.frames.DisplayAttributes.NONE);
        return loader.openPlaced(SeriesGeometry.of(slices), new double[n], new double[n], display, slices,
                new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null), n / 2, (k, e) -> {}, true);
    }

    /**
     * A load started for a viewer decodes the focus slice on one thread and then waits, so the
     * viewer's first image has the cores; scrolling meanwhile decodes the new slice; once resumed
     * the rest decodes on every thread.
     */
    @Test
    void focusSliceThenPausedUntilResumedThenAll() throws Exception {
        int n = 24;
        var active = new java.util.concurrent.atomic.AtomicInteger();
        var most = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        long pause = ProgressiveLoad.pauseNanos;
        ProgressiveLoad.pauseNanos = TimeUnit.SECONDS.toNanos(30); // only resumeAll or a focus ends it here
        try (VolumeLoader loader = new VolumeLoader(4)) {
            ProgressiveLoad load = openHeld(loader, timedSlices(n, active, most, order));
            while (order.isEmpty()) Thread.sleep(5);
            Thread.sleep(150); // ten decodes' time: a load that did not pause would be past a few slices
            assertEquals(List.of(n / 2), List.copyOf(order), "the focus slice only, then paused");
            load.focus(3); // the reader scrolls before the first frame is acknowledged
            while (order.size() < 2) Thread.sleep(5);
            Thread.sleep(100);
            assertEquals(List.of(n / 2, 3), List.copyOf(order), "the new focus, then paused again");
            java.util.concurrent.CompletableFuture<Void> whole = load.volume().whenComplete();
            assertFalse(whole.isDone(), "2 of " + n + " slices: not complete");
            load.resumeAll();
            load.resumeAll(); // idempotent
            Volume v = load.done().get(10, TimeUnit.SECONDS);
            assertEquals(n, v.readySlices());
            assertEquals(n, order.size(), "every slice decoded once");
            assertEquals(n, new java.util.HashSet<>(order).size());
            assertTrue(most.get() > 1, "more decoders after resume: " + most.get());
            whole.get(1, TimeUnit.SECONDS); // completed by the last slice
            assertTrue(v.whenComplete().isDone());
            v.release();
        } finally {
            ProgressiveLoad.pauseNanos = pause;
        }
    }

    /** Never resumed (a prefetched study nobody opens): the pause ends by itself and the load completes on one thread. */
    @Test
    void pausedLoadGoesOnByItself() throws Exception {
        int n = 12;
        var active = new java.util.concurrent.atomic.AtomicInteger();
        var most = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        long pause = ProgressiveLoad.pauseNanos;
        ProgressiveLoad.pauseNanos = TimeUnit.MILLISECONDS.toNanos(50);
        try (VolumeLoader loader = new VolumeLoader(4)) {
            Volume v = openHeld(loader, timedSlices(n, active, most, order)).done().get(10, TimeUnit.SECONDS);
            assertEquals(n, v.readySlices());
            assertEquals(1, most.get(), "one decoder: nobody resumed the load");
            v.release();
        } finally {
            ProgressiveLoad.pauseNanos = pause;
        }
    }
}
