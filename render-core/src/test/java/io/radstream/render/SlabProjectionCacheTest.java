package io.radstream.render;

import io.radstream.volume.series.ProgressiveLoad;
import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user sees of the grid-aligned projection cache: pan, zoom and window changes of the same
 * slab reuse its projection, a slab moved to other planes computes a new one, and a volume still
 * loading is never cached, so the slice that arrives last shows in the next frame.
 */
class SlabProjectionCacheTest {
    private static final int COLS = 40, ROWS = 30, SLICES = 12, LATE = 5;

    private static List<SliceSource> slices(CountDownLatch lateSlice) {
        List<SliceSource> list = new ArrayList<>();
        for (int k = 0; k < SLICES; k++) {
            int slice = k;
            list.add(new SliceSource(new double[]{0, 0, 2.5 * k}, new double[]{1, 0, 0, 0, 1, 0}, new double[]{0.8, 0.7},
                    ROWS, COLS, 1, -1024, () -> {
                if (slice == LATE && lateSlice != null) {
                    try {
                        lateSlice.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                ByteBuffer b = ByteBuffer.allocate(ROWS * COLS * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (int j = 0; j < ROWS; j++) for (int i = 0; i < COLS; i++) {
                    // the late slice holds the brightest voxels: a coronal MIP must show them once loaded
                    b.putShort((short) (1024 + (slice == LATE ? 900 : 10 * slice) + 3 * i - 2 * j));
                }
                return b.array();
            }));
        }
        return list;
    }

    @Test
    void panZoomAndWindowReuseTheProjectionAndALoadingVolumeIsNotCached() throws Exception {
        VolumeLoader.PixelFormat format = new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null);
        CountDownLatch late = new CountDownLatch(1);
        try (VolumeLoader loader = new VolumeLoader(3)) { // one decoder waits on the late slice, the others go on
            Volume complete = loader.load(slices(null), format);
            ProgressiveLoad load = loader.open(slices(late), format, 0, (k, e) -> { });
            Volume loading = load.volume();
            try {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (loading.readySlices() < SLICES - 1 && System.nanoTime() < until) Thread.sleep(5);
                assertEquals(SLICES - 1, loading.readySlices(), "all but the late slice decoded");
                // a coronal slab of the grid: every projection row crosses the late slice
                Vec focal = new Vec(COLS * 0.8 / 2, ROWS * 0.7 / 2, 2.5 * SLICES / 2);
                ViewState s = new ViewState(0, 40, 2000, 1, 0, 0, 64, 48)
                        .withMpr(new Mpr(focal, Vec.X, Vec.Z.times(-1), 4, Mpr.Projection.MIP));
                assertNotNull(GridAlignedSlab.of(s, loading), "grid aligned");
                CpuRenderer cpu = new CpuRenderer();
                cpu.render(s, loading);
                SlabProjections cache = loading.derived(SlabProjections.KEY, SlabProjections::of);
                assertEquals(0, cache.computed(), "nothing cached while slices are still loading");

                late.countDown();
                load.done().get(30, TimeUnit.SECONDS);
                Frame after = cpu.render(s, loading);
                assertArrayEquals(cpu.render(s, complete).gray(), after.gray(), "the late slice shows in the next frame");
                assertEquals(1, cache.computed(), "the complete volume's projection is computed once");

                cpu.render(s.withPan(7, -3), loading);
                cpu.render(s.withZoom(2.5), loading);
                cpu.render(s.withWindow(100, 300), loading);
                assertEquals(1, cache.computed(), "pan, zoom and window only resample");

                cpu.render(Gestures.moveAlongNormal(s, 2 * 0.7), loading);
                assertEquals(2, cache.computed(), "a slab over other planes computes its projection");
                assertTrue(SlabProjections.CAPACITY >= 3, "a 1×3 layout's slabs stay cached together");
            } finally {
                load.done().get(30, TimeUnit.SECONDS);
                loading.release();
                complete.release();
            }
        }
    }
}
