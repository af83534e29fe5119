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

    /**
     * A load started for a viewer decodes on one thread (the focus slice first) until the first
     * frame is out, then on all of them; it completes either way.
     */
    @Test
    void oneDecoderUntilResumedThenAll() throws Exception {
        int n = 24;
        java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger decoded = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
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
                decoded.incrementAndGet();
                return new byte[8];
            }));
        }
        io.radstream.volume.frames.DisplayAttributes[] display = new io.radstream.volume.frames.DisplayAttributes[n];
        java.util.Arrays.fill(display, io.radstream.volume.frames.DisplayAttributes.NONE);
        try (VolumeLoader loader = new VolumeLoader(4)) {
            ProgressiveLoad load = loader.openPlaced(SeriesGeometry.of(slices), new double[n], new double[n], display, slices,
                    new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null), n / 2, (k, e) -> {}, true);
            while (decoded.get() < 4) Thread.sleep(5);
            assertEquals(1, most.get(), "one decoder while held");
            assertEquals(n / 2, order.getFirst(), "the focus slice first");
            load.resumeAll();
            load.resumeAll(); // idempotent
            Volume v = load.done().get(10, TimeUnit.SECONDS);
            assertEquals(n, v.readySlices());
            assertEquals(n, decoded.get(), "every slice decoded once");
            assertTrue(most.get() > 1, "more decoders after resume: " + most.get());
            v.release();
        }
    }
}
