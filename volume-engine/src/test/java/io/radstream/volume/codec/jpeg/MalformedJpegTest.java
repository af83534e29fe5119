package io.radstream.volume.codec.jpeg;

import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Damaged and hostile JPEG streams give a clear PixelDataException, never a crash, a hang or a wrong-sized frame. */
class MalformedJpegTest {
    private static final int W = 40;
    private static final int H = 24;
    private static final PixelDescription GRAY = new PixelDescription(H, W, 1, 1, 8, 8, 7, false, "MONOCHROME2", 0, Tag.PixelData);
    private static final PixelDescription YBR = new PixelDescription(H, W, 1, 3, 8, 8, 7, false, "YBR_FULL_422", 0, Tag.PixelData);
    private final JpegDecoder decoder = new JpegDecoder();

    @Test
    void headerProblemsAreNamed() throws Exception {
        byte[] ok = DctJpegTest.encode(DctJpegTest.image(W, H, BufferedImage.TYPE_BYTE_GRAY, 1), false, 0);
        int sof = LosslessJpegTest.indexOf(ok, (byte) 0xC0);

        assertError(Arrays.copyOfRange(ok, 2, ok.length), GRAY, "no SOI marker");
        byte[] arithmetic = ok.clone();
        arithmetic[sof] = (byte) 0xC9;
        assertError(arithmetic, GRAY, "arithmetic coding (SOF9) is not supported");
        byte[] dnl = ok.clone();
        dnl[sof + 4] = dnl[sof + 5] = 0;
        assertError(dnl, GRAY, "DNL");
        assertError(ok, new PixelDescription(H - 1, W, 1, 1, 8, 8, 7, false, "MONOCHROME2", 0, Tag.PixelData), "larger than Columns x Rows");
        assertError(ok, YBR, "Samples per Pixel is 3");
        byte[] twelve = ok.clone();
        twelve[sof + 3] = 12;
        twelve[sof] = (byte) 0xC1;
        assertError(twelve, GRAY, "precision 12 does not fit Bits Allocated 8");
        assertError(withoutSegments(ok, 0xC4), GRAY, "which no DHT defined");
        assertError(withoutSegments(ok, 0xDB), GRAY, "which no DQT defined");
        int sos = LosslessJpegTest.indexOf(ok, (byte) 0xDA);
        byte[] noScan = Arrays.copyOf(ok, sos + 1);
        noScan[sos - 1] = (byte) 0xFF;
        noScan[sos] = (byte) 0xD9;
        assertError(noScan, GRAY, "no scan");
        byte[] longSegment = ok.clone();
        longSegment[sof + 1] = (byte) 0x7F;
        assertError(longSegment, GRAY, "runs past the end of the data");
    }

    @Test
    void badProgressiveScanParametersAndHuffmanTablesAreNamed() throws Exception {
        byte[] progressive = DctJpegTest.encode(DctJpegTest.image(W, H, BufferedImage.TYPE_BYTE_GRAY, 2), true, 0);
        int sos = LosslessJpegTest.indexOf(progressive, (byte) 0xDA);
        byte[] bad = progressive.clone();
        bad[sos + 6] = 5; // Ss=5 > Se=0 in the first (DC) scan
        assertError(bad, GRAY, "invalid progressive scan");

        byte[] baseline = DctJpegTest.encode(DctJpegTest.image(W, H, BufferedImage.TYPE_BYTE_GRAY, 3), false, 0);
        int dht = LosslessJpegTest.indexOf(baseline, (byte) 0xC4);
        byte[] oversubscribed = baseline.clone();
        oversubscribed[dht + 4] = (byte) 3; // three 1-bit codes
        assertError(oversubscribed, GRAY, "Huffman table");
    }

    /** Random damage to baseline, 4:2:0 colour, progressive and lossless streams: pixels of the right size or a PixelDataException. */
    @Test
    void randomDamageNeverCrashesOrHangs() throws Exception {
        byte[][] streams = {
                DctJpegTest.encode(DctJpegTest.image(W, H, BufferedImage.TYPE_BYTE_GRAY, 4), false, 3),
                DctJpegTest.encode(DctJpegTest.image(W, H, BufferedImage.TYPE_3BYTE_BGR, 5), false, 0),
                DctJpegTest.encode(DctJpegTest.image(W, H, BufferedImage.TYPE_3BYTE_BGR, 6), true, 0),
                LosslessJpegWriter.encode(new int[][]{LosslessJpegTest.image(16, W, H, 7)}, W, H, 16, 6, 0, 2, true)};
        PixelDescription[] descriptions = {GRAY, YBR, YBR,
                new PixelDescription(H, W, 1, 1, 16, 16, 15, true, "MONOCHROME2", 0, Tag.PixelData)};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(20261128);
            int errors = 0, decoded = 0;
            for (int s = 0; s < streams.length; s++) {
                for (int i = 0; i < 500; i++) {
                    byte[] damaged = damage(streams[s], r);
                    try {
                        byte[] out = decoder.decode(damaged, descriptions[s]);
                        assertEquals(descriptions[s].decodedFrameBytes(), out.length);
                        decoded++;
                    } catch (PixelDataException e) {
                        assertTrue(e.getMessage().startsWith("JPEG: "), e.getMessage());
                        errors++;
                    } catch (RuntimeException | Error e) {
                        fail("stream " + s + " damage " + i + ": " + e, e);
                    }
                }
            }
            System.out.println("damaged JPEG streams: " + decoded + " decoded, " + errors + " refused with a reason");
        });
    }

    private static byte[] damage(byte[] b, Random r) {
        byte[] out = b.clone();
        switch (r.nextInt(4)) {
            case 0 -> {
                for (int k = 0; k <= r.nextInt(4); k++) out[r.nextInt(out.length)] = (byte) r.nextInt(256);
            }
            case 1 -> out = Arrays.copyOf(out, r.nextInt(out.length));
            case 2 -> {
                int at = r.nextInt(out.length);
                out[at] = (byte) 0xFF;
                if (at + 1 < out.length) out[at + 1] = (byte) (0xC0 + r.nextInt(64));
            }
            default -> {
                int at = r.nextInt(out.length);
                int resume = Math.min(out.length, at + 1 + r.nextInt(8)); // delete 1 to 8 bytes
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(out, 0, at);
                o.write(out, resume, out.length - resume);
                out = o.toByteArray();
            }
        }
        return out;
    }

    private void assertError(byte[] jpeg, PixelDescription d, String fragment) {
        PixelDataException e = assertThrows(PixelDataException.class, () -> decoder.decode(jpeg, d), fragment);
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    /** The stream without any segment of marker {@code code}. */
    private static byte[] withoutSegments(byte[] b, int code) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, 2);
        int p = 2;
        while (p + 4 <= b.length) {
            int m = b[p + 1] & 0xFF;
            int len = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
            if (m == 0xDA) break;
            if (m != code) out.write(b, p, 2 + len);
            p += 2 + len;
        }
        out.write(b, p, b.length - p);
        return out.toByteArray();
    }
}
