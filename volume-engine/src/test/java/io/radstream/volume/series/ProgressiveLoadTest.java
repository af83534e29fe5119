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
}
