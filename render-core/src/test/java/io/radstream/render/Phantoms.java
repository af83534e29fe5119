package io.radstream.render;

import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic volumes for backend tests, built through {@link VolumeLoader} like real series. */
public final class Phantoms {
    private Phantoms() {}

    /**
     * A CT-like phantom: signed 16-bit, {@code columns × rows × slices}, non-square pixels
     * (0.5 mm columns, 0.7 mm rows), a different rescale per slice, and a body of tissue-like
     * values with smooth gradients, disks, noise and the extremes −32768 and 32767 in corners.
     */
    public static Volume ct(int columns, int rows, int slices, String photometric) throws Exception {
        List<SliceSource> list = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            int slice = k;
            double slope = k % 2 == 0 ? 1 : 0.5;
            double intercept = k % 2 == 0 ? -1024 : -10.25;
            list.add(new SliceSource(new double[]{0, 0, k * 1.5}, new double[]{1, 0, 0, 0, 1, 0},
                    new double[]{0.7, 0.5}, rows, columns, slope, intercept,
                    () -> pixels(columns, rows, slice)));
        }
        try (VolumeLoader loader = new VolumeLoader(1)) {
            return loader.load(list, new VolumeLoader.PixelFormat(16, true, photometric, null));
        }
    }

    private static byte[] pixels(int columns, int rows, int k) {
        Random random = new Random(17 + k);
        ByteBuffer b = ByteBuffer.allocate(columns * rows * 2).order(ByteOrder.LITTLE_ENDIAN);
        double cx = columns / 2.0, cy = rows / 2.0;
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < columns; i++) {
                double dx = (i - cx) / cx, dy = (j - cy) / cy;
                double r = Math.hypot(dx, dy);
                int v;
                if (r > 0.95) v = -1000 + 1024;                          // air (stored)
                else if (Math.hypot(dx - 0.3, dy) < 0.15) v = 1024 + 900 + 40 * k;  // bone-ish disk
                else if (Math.hypot(dx + 0.3, dy + 0.2) < 0.2) v = 1024 + 30 + k;  // low-contrast disk
                else v = 1024 + (int) (i * 80.0 / columns - 40 + j * 20.0 / rows) + random.nextInt(21) - 10;
                if (i < 3 && j < 3) v = -32768;
                if (i >= columns - 3 && j < 3) v = 32767;
                if (i < 3 && j >= rows - 3) v = -1;
                b.putShort((short) v);
            }
        }
        return b.array();
    }

    /** How far a frame is from the reference, pixel by pixel. */
    public record Difference(int maxLevels, long offByOne, long offByMore, long pixels) {
        public double fractionWithinOne() {
            return 1 - (double) offByMore / pixels;
        }

        public double fractionExact() {
            return 1 - (double) (offByOne + offByMore) / pixels;
        }

        public static Difference of(Frame reference, Frame actual) {
            if (reference.width() != actual.width() || reference.height() != actual.height()) {
                throw new AssertionError("frame size " + actual.width() + "x" + actual.height() + " != "
                        + reference.width() + "x" + reference.height());
            }
            int max = 0;
            long one = 0, more = 0;
            byte[] a = reference.gray(), b = actual.gray();
            for (int i = 0; i < a.length; i++) {
                int d = Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
                if (d > max) max = d;
                if (d == 1) one++;
                else if (d > 1) more++;
            }
            return new Difference(max, one, more, a.length);
        }
    }
}
