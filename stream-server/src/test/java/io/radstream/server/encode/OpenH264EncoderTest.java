package io.radstream.server.encode;

import io.radstream.volume.codec.natives.NativeCodecs;
import io.radstream.volume.codec.natives.NativeLibrary.MissingLibraryException;
import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.codecs.h264.io.model.NALUnitType;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.radstream.server.encode.H264EncoderTest.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OpenH264EncoderTest {

    static void assumeInstalled() {
        assumeTrue(OpenH264Encoder.available(), () -> "skipped: " + OpenH264Encoder.unavailableReason());
    }

    @Test
    void idrThenPFramesParseAndDecodeBackWithJcodec() {
        assumeInstalled();
        int w = 512, h = 512;
        try (OpenH264Encoder enc = new OpenH264Encoder()) {
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
                    assertEquals(31, sps.levelIdc);
                    assertTrue(sps.constraintSet1Flag, "Constrained Baseline");
                    assertNotNull(sps.vuiParams, "VUI");
                    assertTrue(sps.vuiParams.videoFullRangeFlag, "full range");
                } else {
                    assertEquals(List.of(NALUnitType.NON_IDR_SLICE), types);
                }
                double err = meanAbsError(in, decodeLuma(dec, e.data(), w, h));
                System.out.printf("openh264 frame %d key=%s %d bytes mean abs error %.2f%n", i, e.keyFrame(), e.data().length, err);
                assertTrue(err < MAX_MEAN_ABS_ERROR, "frame " + i + " mean |error| " + err);
            }
        }
    }

    @Test
    void restartResizeAndQualityChange() {
        assumeInstalled();
        try (OpenH264Encoder enc = new OpenH264Encoder()) {
            int w = 301, h = 199;
            byte[] in = phantom(w, h, 0);
            assertTrue(enc.encode(w, h, in, 0.6f).keyFrame());
            assertFalse(enc.encode(w, h, in, 0.6f).keyFrame());
            InteractiveEncoder.Encoded lower = enc.encode(w, h, phantom(w, h, 2), 0.4f);
            System.out.println("openh264 QP change 30 -> 35: key=" + lower.keyFrame() + " " + nalTypes(lower.data()));
            enc.restart();
            InteractiveEncoder.Encoded again = enc.encode(w, h, in, 0.6f);
            assertTrue(again.keyFrame());
            assertEquals(NALUnitType.SPS, nalTypes(again.data()).get(0));
            double err = meanAbsError(in, decodeLuma(new H264Decoder(), again.data(), w, h));
            assertTrue(err < 3, "QP 30 error " + err);
            SeqParameterSet sps = sps(again.data());
            assertEquals(w + 1, (sps.picWidthInMbsMinus1 + 1) * 16 - 2 * sps.frameCropRightOffset, "odd width: even coded width minus crop, as jcodec");
            assertTrue(enc.encode(150, 100, phantom(150, 100, 0), 0.6f).keyFrame(), "size change");
            assertFalse(enc.encode(150, 100, phantom(150, 100, 1), 0.6f).keyFrame());
        }
    }

    @Test
    void factoryPrefersOpenH264WhenInstalledAndHonoursTheProperty() {
        InteractiveEncoder auto = H264Encoders.create();
        assertEquals(OpenH264Encoder.available(), auto instanceof OpenH264Encoder);
        System.setProperty(H264Encoders.PROPERTY, "jcodec");
        try {
            assertInstanceOf(H264Encoder.class, H264Encoders.create());
            System.setProperty(H264Encoders.PROPERTY, "x264");
            assertThrows(IllegalArgumentException.class, H264Encoders::create);
        } finally {
            System.clearProperty(H264Encoders.PROPERTY);
        }
    }

    @Test
    void missingLibraryIsAClearError() {
        MissingLibraryException e = assertThrows(MissingLibraryException.class,
                () -> OpenH264Encoder.Lib.load("libopenh264-not-here.so.0"));
        String message = OpenH264Encoder.Lib.notInstalled(e);
        assertTrue(message.contains("OpenH264 is not installed") && message.contains("libopenh264-not-here.so.0")
                && message.contains("install libopenh264-7"), message);
    }

    @Test
    void switchedOffNativesRefuseWithAClearError() {
        String old = System.getProperty(NativeCodecs.PROPERTY);
        System.setProperty(NativeCodecs.PROPERTY, "false");
        try {
            assertFalse(OpenH264Encoder.available());
            IllegalStateException e = assertThrows(IllegalStateException.class, OpenH264Encoder::new);
            assertTrue(e.getMessage().contains(NativeCodecs.PROPERTY), e.getMessage());
        } finally {
            if (old == null) System.clearProperty(NativeCodecs.PROPERTY);
            else System.setProperty(NativeCodecs.PROPERTY, old);
        }
    }

    /**
     * Not a test: {@code -Dradstream.h264.bench=true} prints jcodec and OpenH264 side by side
     * (docs/benchmarks.md): medians over 24 (IDR, P) pairs after 20 warm-up pairs, both encoders
     * interleaved in each iteration so they see the same machine load.
     */
    @Test
    void sideBySideBenchmark() {
        if (!Boolean.getBoolean("radstream.h264.bench")) return;
        assumeInstalled();
        int n = 24;
        for (int size : new int[]{512, 1024}) {
            byte[][] frames = new byte[8][];
            for (int i = 0; i < frames.length; i++) frames[i] = phantom(size, size, i * 2);
            for (float q : new float[]{0.85f, 0.4f}) {
                InteractiveEncoder[] encoders = {new H264Encoder(), new OpenH264Encoder()};
                String[] names = {"jcodec", "openh264"};
                long[][][] ns = new long[2][2][n];
                long[][][] bytes = new long[2][2][n];
                double[] err = new double[2];
                for (int e = 0; e < 2; e++) {
                    InteractiveEncoder enc = encoders[e];
                    for (int warm = 0; warm < 20; warm++) {
                        enc.restart();
                        enc.encode(size, size, frames[warm % 8], q);
                        enc.encode(size, size, frames[(warm + 1) % 8], q);
                    }
                    enc.restart();
                    byte[] idr = enc.encode(size, size, frames[0], q).data();
                    err[e] = meanAbsError(frames[0], decodeLuma(new H264Decoder(), idr, size, size));
                }
                for (int i = 0; i < n; i++) {
                    for (int e = 0; e < 2; e++) {
                        InteractiveEncoder enc = encoders[e];
                        enc.restart();
                        long t0 = System.nanoTime();
                        bytes[e][0][i] = enc.encode(size, size, frames[i % 8], q).data().length;
                        long t1 = System.nanoTime();
                        bytes[e][1][i] = enc.encode(size, size, frames[(i + 1) % 8], q).data().length;
                        long t2 = System.nanoTime();
                        ns[e][0][i] = t1 - t0;
                        ns[e][1][i] = t2 - t1;
                    }
                }
                for (int e = 0; e < 2; e++) {
                    System.out.printf("BENCH %d² q=%.2f qp=%d %-8s IDR %.1f ms %d B, P %.1f ms %d B, IDR mean|err| %.2f%n",
                            size, q, H264Encoder.qpFor(q), names[e], median(ns[e][0]) / 1e6, median(bytes[e][0]),
                            median(ns[e][1]) / 1e6, median(bytes[e][1]), err[e]);
                }
                ((OpenH264Encoder) encoders[1]).close();
            }
        }
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }
}
