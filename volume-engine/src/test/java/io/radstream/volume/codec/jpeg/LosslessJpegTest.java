package io.radstream.volume.codec.jpeg;

import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lossless JPEG (T.81 Annex H) features the corpus and the Debian encoders do not reach:
 * restart intervals, every predictor with them, point transforms, precisions 2 to 16, the
 * SSSS=16 difference, non-interleaved colour scans, and what truncated or damaged streams give.
 */
class LosslessJpegTest {
    private static final int W = 37;
    private static final int H = 11;
    private final JpegDecoder decoder = new JpegDecoder();

    @Test
    void everyPredictorPrecisionPointTransformAndRestartIntervalRoundTrips() throws PixelDataException {
        for (int precision : new int[]{2, 7, 8, 12, 16}) {
            int[] image = image(precision, W, H, precision * 31L);
            for (int predictor = 1; predictor <= 7; predictor++) {
                for (int pt : new int[]{0, precision > 2 ? 2 : 1}) {
                    for (int restartRows : new int[]{0, 1, 3}) {
                        byte[] jpeg = LosslessJpegWriter.encode(new int[][]{image}, W, H, precision, predictor, pt, restartRows, true);
                        String what = "P=" + precision + " predictor " + predictor + " Pt=" + pt + " restart every " + restartRows + " lines";
                        assertArrayEquals(expected(image, precision, pt), decoder.decode(jpeg, gray(precision)), what);
                    }
                }
            }
        }
    }

    @Test
    void differenceOf32768UsesCategory16WithoutExtraBits() throws PixelDataException {
        int[] image = new int[W * H];
        for (int i = 0; i < image.length; i++) image[i] = (i % 2 == 0) ? 0 : 32768 + (i % 5);
        for (int predictor = 1; predictor <= 7; predictor++) {
            byte[] jpeg = LosslessJpegWriter.encode(new int[][]{image}, W, H, 16, predictor, 0, 0, true);
            assertArrayEquals(expected(image, 16, 0), decoder.decode(jpeg, gray(16)), "predictor " + predictor);
        }
    }

    @Test
    void colourInOneInterleavedScanOrOneScanPerComponent() throws PixelDataException {
        int[][] rgb = {image(8, W, H, 1), image(8, W, H, 2), image(8, W, H, 3)};
        byte[] want = new byte[W * H * 3];
        for (int i = 0; i < W * H; i++) for (int c = 0; c < 3; c++) want[3 * i + c] = (byte) rgb[c][i];
        PixelDescription d = new PixelDescription(H, W, 1, 3, 8, 8, 7, false, "RGB", 0, Tag.PixelData);
        for (boolean interleaved : new boolean[]{true, false}) {
            for (int restartRows : new int[]{0, 2}) {
                byte[] jpeg = LosslessJpegWriter.encode(rgb, W, H, 8, 4, 0, restartRows, interleaved);
                assertArrayEquals(want, decoder.decode(jpeg, d), "interleaved " + interleaved + ", restart " + restartRows);
            }
        }
    }

    @Test
    void signedStoredValuesAreSignExtendedFromBitsStored() throws PixelDataException {
        int[] image = image(12, W, H, 9);
        byte[] jpeg = LosslessJpegWriter.encode(new int[][]{image}, W, H, 12, 1, 0, 0, true);
        PixelDescription signed = new PixelDescription(H, W, 1, 1, 16, 12, 11, true, "MONOCHROME2", 0, Tag.PixelData);
        byte[] out = decoder.decode(jpeg, signed);
        for (int i = 0; i < image.length; i++) {
            int want = image[i] >= 2048 ? image[i] - 4096 : image[i];
            assertTrue((short) (out[2 * i] & 0xFF | out[2 * i + 1] << 8) == want, "sample " + i);
        }
    }

    @Test
    void aWrongRestartMarkerIsAnError() {
        byte[] jpeg = LosslessJpegWriter.encode(new int[][]{image(8, W, H, 4)}, W, H, 8, 1, 0, 2, true);
        int rst1 = indexOf(jpeg, (byte) 0xD1);
        jpeg[rst1] = (byte) 0xD5;
        PixelDataException e = assertThrows(PixelDataException.class, () -> decoder.decode(jpeg, gray(8)));
        assertTrue(e.getMessage().contains("expected RST1, found RST5"), e.getMessage());
    }

    @Test
    void everyTruncationBeforeTheEndOfTheScanIsAnError() {
        byte[] jpeg = LosslessJpegWriter.encode(new int[][]{image(16, W, H, 5)}, W, H, 16, 6, 0, 4, true);
        for (int length = 0; length < jpeg.length - 2; length++) {
            byte[] cut = Arrays.copyOf(jpeg, length);
            assertThrows(PixelDataException.class, () -> decoder.decode(cut, gray(16)), "cut to " + length + " bytes");
        }
    }

    @Test
    void aFrameThatCannotFitInItsDataIsRefusedBeforeAllocating() {
        // 20000 x 20000 samples claimed by a few hundred bytes, in a data set that says the same
        byte[] jpeg = LosslessJpegWriter.encode(new int[][]{image(8, W, H, 6)}, W, H, 8, 1, 0, 0, true);
        int sof = indexOf(jpeg, (byte) 0xC3);
        jpeg[sof + 4] = jpeg[sof + 6] = (byte) (20000 >> 8);
        jpeg[sof + 5] = jpeg[sof + 7] = (byte) 20000;
        PixelDescription huge = new PixelDescription(20000, 20000, 1, 1, 8, 8, 7, false, "MONOCHROME2", 0, Tag.PixelData);
        PixelDataException e = assertThrows(PixelDataException.class, () -> decoder.decode(jpeg, huge));
        assertTrue(e.getMessage().contains("cannot fit"), e.getMessage());
    }

    static PixelDescription gray(int precision) {
        int allocated = precision > 8 ? 16 : 8;
        return new PixelDescription(H, W, 1, 1, allocated, precision, precision - 1, false, "MONOCHROME2", 0, Tag.PixelData);
    }

    /** A smooth gradient with noise and a few extremes, every value below 2^precision. */
    static int[] image(int precision, int w, int h, long seed) {
        Random r = new Random(seed);
        int max = (1 << precision) - 1;
        int[] s = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (int) ((long) max * (x + y) / (w + h)) + r.nextInt(Math.max(2, max / 16 + 1)) - max / 32;
                s[y * w + x] = Math.clamp(v, 0, max);
            }
        }
        s[0] = max;
        s[w + 1] = 0;
        s[s.length - 1] = max;
        return s;
    }

    /** What the decoder must return: the samples with the point transform's low bits cleared. */
    private static byte[] expected(int[] image, int precision, int pt) {
        boolean two = precision > 8;
        byte[] out = new byte[image.length * (two ? 2 : 1)];
        for (int i = 0; i < image.length; i++) {
            int v = image[i] >> pt << pt;
            if (two) {
                out[2 * i] = (byte) v;
                out[2 * i + 1] = (byte) (v >> 8);
            } else {
                out[i] = (byte) v;
            }
        }
        return out;
    }

    /** Position of marker 0xFF {@code code} in the stream. */
    static int indexOf(byte[] b, byte code) {
        for (int i = 0; i + 1 < b.length; i++) if (b[i] == (byte) 0xFF && b[i + 1] == code) return i + 1;
        throw new AssertionError("marker not found");
    }
}
