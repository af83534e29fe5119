package io.radstream.server.encode;

import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.NALUnit;
import org.jcodec.codecs.h264.io.model.NALUnitType;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class H264EncoderTest {
    /** Mean absolute luma error allowed at the ladder's top quality (QP 24): the phantom carries ±4 uniform noise (mean 2), which QP 24 mostly smooths away. */
    static final double MAX_MEAN_ABS_ERROR = 3.0;

    /** A CT-like test image: dark background, a bright disc with soft structures, fine noise; {@code shift} moves it. */
    static byte[] phantom(int w, int h, int shift) {
        byte[] g = new byte[w * h];
        long seed = 12345;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x - w / 2.0 - shift) / (w * 0.4), dy = (y - h / 2.0) / (h * 0.35);
                double v = 10;
                if (dx * dx + dy * dy < 1) v = 110 + 40 * Math.sin(x * 0.05 + shift * 0.05) * Math.cos(y * 0.04);
                double ex = (x - w * 0.4 - shift) / (w * 0.06), ey = (y - h * 0.45) / (h * 0.06);
                if (ex * ex + ey * ey < 1) v = 245;
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                v += ((seed >>> 59) - 16) / 4.0;
                g[y * w + x] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
            }
        }
        return g;
    }

    static List<NALUnitType> nalTypes(byte[] au) {
        List<NALUnitType> types = new ArrayList<>();
        for (ByteBuffer nal : H264Utils.splitFrame(ByteBuffer.wrap(au))) types.add(NALUnit.read(nal.duplicate()).type);
        return types;
    }

    static SeqParameterSet sps(byte[] au) {
        for (ByteBuffer nal : H264Utils.splitFrame(ByteBuffer.wrap(au))) {
            ByteBuffer b = nal.duplicate();
            if (NALUnit.read(b).type == NALUnitType.SPS) {
                ByteBuffer rbsp = ByteBuffer.allocate(b.remaining()).put(b).flip();
                H264Utils.unescapeNAL(rbsp);
                return SeqParameterSet.read(rbsp);
            }
        }
        throw new AssertionError("no SPS");
    }

    /** Decodes with jcodec's own decoder and returns the cropped luma, 0..255. */
    static int[] decodeLuma(H264Decoder decoder, byte[] au, int w, int h) {
        int aw = (w + 15) & ~15, ah = (h + 15) & ~15;
        Picture pic = decoder.decodeFrame(ByteBuffer.wrap(au), Picture.create(aw, ah, ColorSpace.YUV420J).getData());
        assertNotNull(pic, "decoder returned no picture");
        byte[] y = pic.getPlaneData(0);
        int stride = pic.getPlaneWidth(0);
        int[] out = new int[w * h];
        for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) out[r * w + c] = y[r * stride + c] + 128;
        return out;
    }

    static double meanAbsError(byte[] expected, int[] actual) {
        long sum = 0;
        for (int i = 0; i < expected.length; i++) sum += Math.abs((expected[i] & 0xff) - actual[i]);
        return (double) sum / expected.length;
    }

    @Test
    void idrThenPFramesParseAndDecodeBackCloseToTheInput() {
        int w = 512, h = 512;
        H264Encoder enc = new H264Encoder();
        H264Decoder dec = new H264Decoder();
        for (int i = 0; i < 4; i++) {
            byte[] in = phantom(w, h, i * 3);
            InteractiveEncoder.Encoded e = enc.encode(w, h, in, 0.85f);
            assertEquals(i == 0, e.keyFrame(), "frame " + i);
            List<NALUnitType> types = nalTypes(e.data());
            if (i == 0) {
                assertEquals(List.of(NALUnitType.SPS, NALUnitType.PPS, NALUnitType.IDR_SLICE), types);
                SeqParameterSet sps = sps(e.data());
                assertEquals(66, sps.profileIdc, "Baseline");
                assertTrue(sps.constraintSet0Flag && sps.constraintSet1Flag, "Constrained Baseline");
                assertEquals(31, sps.levelIdc);
                assertNotNull(sps.vuiParams, "VUI");
                assertTrue(sps.vuiParams.videoFullRangeFlag, "full range");
            } else {
                assertEquals(List.of(NALUnitType.NON_IDR_SLICE), types);
            }
            double err = meanAbsError(in, decodeLuma(dec, e.data(), w, h));
            System.out.printf("frame %d key=%s %d bytes mean abs error %.2f%n", i, e.keyFrame(), e.data().length, err);
            assertTrue(err < MAX_MEAN_ABS_ERROR, "frame " + i + " mean |error| " + err);
        }
    }

    @Test
    void oddSizesAreCroppedAndRestartOrResizeStartANewGop() {
        H264Encoder enc = new H264Encoder();
        int w = 301, h = 199;
        byte[] in = phantom(w, h, 0);
        assertTrue(enc.encode(w, h, in, 0.6f).keyFrame());
        assertFalse(enc.encode(w, h, in, 0.6f).keyFrame());
        enc.restart();
        InteractiveEncoder.Encoded again = enc.encode(w, h, in, 0.6f);
        assertTrue(again.keyFrame());
        int[] out = decodeLuma(new H264Decoder(), again.data(), w, h);
        assertTrue(meanAbsError(in, out) < 3, "QP 30 error " + meanAbsError(in, out));
        SeqParameterSet sps = sps(again.data());
        assertEquals(w, (sps.picWidthInMbsMinus1 + 1) * 16 - 2 * sps.frameCropRightOffset - 1 + 1 - ((w & 1)), "coded width minus crop");
        assertTrue(enc.encode(150, 100, phantom(150, 100, 0), 0.6f).keyFrame(), "size change");
    }

    @Test
    void levelCoversTheFrameSize() {
        assertEquals(31, H264Encoder.levelFor(1280, 720));
        assertEquals(40, H264Encoder.levelFor(1920, 1080));
        assertEquals(50, H264Encoder.levelFor(2560, 1440));
        assertEquals(51, H264Encoder.levelFor(3840, 2160));
    }

    /** Not a test: {@code -Dradstream.h264.bench=true} prints ms/frame and bytes (docs/benchmarks.md). */
    @Test
    void benchmark() {
        if (!Boolean.getBoolean("radstream.h264.bench")) return;
        for (int size : new int[]{512, 1024}) {
            byte[][] frames = new byte[8][];
            for (int i = 0; i < frames.length; i++) frames[i] = phantom(size, size, i * 2);
            for (float q : new float[]{0.85f, 0.4f}) {
                H264Encoder enc = new H264Encoder();
                JpegInteractiveEncoder jpeg = new JpegInteractiveEncoder(1f);
                for (int warm = 0; warm < 20; warm++) { enc.restart(); enc.encode(size, size, frames[warm % 8], q); jpeg.encode(size, size, frames[0], q); }
                int n = 24;
                long idrNs = 0, pNs = 0, jNs = 0, idrBytes = 0, pBytes = 0, jBytes = 0;
                for (int i = 0; i < n; i++) {
                    enc.restart();
                    long t0 = System.nanoTime();
                    idrBytes += enc.encode(size, size, frames[i % 8], q).data().length;
                    long t1 = System.nanoTime();
                    pBytes += enc.encode(size, size, frames[(i + 1) % 8], q).data().length;
                    long t2 = System.nanoTime();
                    jBytes += jpeg.encode(size, size, frames[i % 8], q).data().length;
                    long t3 = System.nanoTime();
                    idrNs += t1 - t0; pNs += t2 - t1; jNs += t3 - t2;
                }
                System.out.printf("BENCH %d² q=%.2f qp=%d: jcodec IDR %.1f ms %d B, P %.1f ms %d B; JPEG %.1f ms %d B%n",
                        size, q, H264Encoder.qpFor(q), idrNs / 1e6 / n, idrBytes / n, pNs / 1e6 / n, pBytes / n, jNs / 1e6 / n, jBytes / n);
            }
        }
    }
}
