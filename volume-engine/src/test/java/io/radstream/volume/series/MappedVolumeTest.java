package io.radstream.volume.series;

import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.pixel.PixelDataException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A per-slice mapped copy: values, attributes and geometry; filled as the source loads; freed on release. */
class MappedVolumeTest {
    private static final double[] ORIENTATION = {0.8, 0.6, 0, 0, 0, -1};
    private static final DisplayAttributes.Lut LUT = new DisplayAttributes.Lut(new int[]{4, 0, 16}, new int[]{7, 70, 700, 7000}, "test");
    private static final DisplayAttributes WITH_LUT = new DisplayAttributes(LUT,
            List.of(new DisplayAttributes.Window(500, 1000, "SOFT")), "SIGMOID", List.of(), "INVERSE");

    /** Slice k holds stored values (k + i + j) − 3 (some negative, signed data); slice {@code failing} does not decode. */
    private static List<SliceSource> stack(int n, CountDownLatch gate, int failing) {
        List<SliceSource> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int slice = k;
            out.add(new SliceSource(new double[]{1 - 1.5 * k, 2 + 2 * k, 3}, ORIENTATION, new double[]{0.7, 0.9}, 3, 4, 2, -5, () -> {
                try {
                    if (gate != null && slice != 0 && !gate.await(5, TimeUnit.SECONDS)) throw new java.io.IOException("gate");
                } catch (InterruptedException e) {
                    throw new java.io.IOException(e);
                }
                if (slice == failing) throw new PixelDataException("corrupt slice for the test");
                ByteBuffer b = ByteBuffer.allocate(3 * 4 * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (int j = 0; j < 3; j++) for (int i = 0; i < 4; i++) b.putShort((short) (slice + i + j - 3));
                return b.array();
            }, WITH_LUT));
        }
        return out;
    }

    /** Slice k: value → 1000·k + value, clamped by the copy to 0..65535 where negative. */
    private static IntUnaryOperator mapping(int k) {
        return v -> 1000 * k + v;
    }

    private static DisplayAttributes withoutLut(DisplayAttributes a) {
        return new DisplayAttributes(null, a.windows(), a.voiLutFunction(), a.voiLuts(), a.presentationLutShape());
    }

    @Test
    void aCopyMadeWhileTheSourceLoadsFillsAsItsSlicesArrive() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (VolumeLoader loader = new VolumeLoader(1)) {
            ProgressiveLoad load = loader.open(stack(5, gate, 3), new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null), 0,
                    (k, e) -> {});
            Volume source = load.volume();
            source.whenSliceReady(0).get(5, TimeUnit.SECONDS);
            Volume copy = MappedVolume.of(source, MappedVolumeTest::mapping, MappedVolumeTest::withoutLut, OptionalInt.of(42));
            assertTrue(copy.isSliceReady(0), "a slice ready in the source is mapped at once");
            assertFalse(copy.isSliceReady(4), "a slice still loading is not ready in the copy");
            gate.countDown();
            load.done().get(5, TimeUnit.SECONDS);
            for (int k = 0; k < 5; k++) copy.whenSliceReady(k).get(5, TimeUnit.SECONDS);

            assertTrue(copy.sliceFailed(3), "a slice that failed to decode fails in the copy");
            for (int k = 0; k < 5; k++) {
                if (k == 3) continue;
                assertEquals(1.0, copy.rescaleSlope(k));
                assertEquals(0.0, copy.rescaleIntercept(k));
                for (int j = 0; j < 3; j++) for (int i = 0; i < 4; i++) {
                    int expected = Math.max(0, 1000 * k + source.stored(i, j, k));
                    assertEquals(expected, copy.stored(i, j, k), "slice " + k + " (" + i + ", " + j + ")");
                }
            }
            assertEquals(0, copy.stored(0, 0, 0), "negative outputs clamp to 0");
            assertFalse(copy.signed(), "LUT outputs are unsigned");
            assertEquals(OptionalInt.of(42), copy.pixelPadding());
            assertArrayEquals(source.geometry().rowDirection(), copy.geometry().rowDirection());
            assertEquals(source.stackGeometry(), copy.stackGeometry());
            assertNull(copy.displayAttributes(2).modalityLut());
            assertEquals(WITH_LUT.windows(), copy.displayAttributes(2).windows());
            assertEquals("SIGMOID", copy.displayAttributes(2).voiLutFunction());
            assertEquals("INVERSE", copy.displayAttributes(2).presentationLutShape());
            assertSame(copy.displayAttributes(0), copy.displayAttributes(4), "equal slices keep one instance");
            copy.release();
            source.release();
        }
    }

    @Test
    void theCopysMemoryIsFreedOnRelease() throws Exception {
        long before = Volume.residentBytes();
        try (VolumeLoader loader = new VolumeLoader(1)) {
            Volume source = loader.load(stack(4, null, -1), new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null));
            Volume copy = MappedVolume.of(source, MappedVolumeTest::mapping, MappedVolumeTest::withoutLut, OptionalInt.empty());
            assertEquals(before + 2 * source.byteSize(), Volume.residentBytes());
            assertEquals(4, copy.readySlices());
            copy.release();
            source.release();
        }
        assertEquals(before, Volume.residentBytes());
    }
}
