package io.radstream.volume.codec.rle;

import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** RLE Lossless frames made by hand (PS3.5 Annex G), and what malformed ones give. */
class RleDecoderTest {
    private final RleDecoder decoder = new RleDecoder();

    @Test
    void sixteenBitSamplesComeFromAHighAndALowByteSegment() throws PixelDataException {
        // 2 x 3 pixels: values 0x0102 0x0102 0x0102 0x0304 0x0506 0x0708
        byte[] high = {-2, 0x01, 2, 0x03, 0x05, 0x07};          // replicate 3 x 01, literal 03 05 07
        byte[] low = {-128, -2, 0x02, 2, 0x04, 0x06, 0x08};    // no-op, replicate 3 x 02, literal 04 06 08
        byte[] frame = frame(high, low);
        byte[] out = decoder.decode(frame, gray(2, 3, 16, 16, false));
        assertArrayEquals(new byte[]{2, 1, 2, 1, 2, 1, 4, 3, 6, 5, 8, 7}, out);
    }

    @Test
    void colourSegmentsComeOutInterleavedWhateverThePlanarConfiguration() throws PixelDataException {
        byte[] r = {-1, 10}, g = {-1, 20}, b = {1, 30, 31};
        for (int planar : new int[]{0, 1}) {
            PixelDescription d = new PixelDescription(1, 2, 1, 3, 8, 8, 7, false, "RGB", planar, Tag.PixelData);
            assertArrayEquals(new byte[]{10, 20, 30, 10, 20, 31}, decoder.decode(frame(r, g, b), d));
        }
    }

    @Test
    void thirtyTwoBitSamplesUseFourSegmentsMostSignificantFirst() throws PixelDataException {
        byte[] frame = frame(new byte[]{0, 0x11}, new byte[]{0, 0x22}, new byte[]{0, 0x33}, new byte[]{0, 0x44});
        assertArrayEquals(new byte[]{0x44, 0x33, 0x22, 0x11}, decoder.decode(frame, gray(1, 1, 32, 32, false)));
    }

    @Test
    void valuesAreMaskedToBitsStoredAndSignExtended() throws PixelDataException {
        byte[] frame = frame(new byte[]{1, (byte) 0xFF, 0x08}, new byte[]{1, (byte) 0xFF, 0x00});
        // 0xFFFF and 0x0800 with 12 bits stored, signed: -1 and -2048
        assertArrayEquals(new byte[]{-1, -1, 0x00, (byte) 0xF8}, decoder.decode(frame, gray(1, 2, 16, 12, true)));
    }

    @Test
    void paddingAfterTheLastPixelOfASegmentIsIgnored() throws PixelDataException {
        assertArrayEquals(new byte[]{7, 7}, decoder.decode(frame(new byte[]{-3, 7, 0}), gray(1, 2, 8, 8, false)));
    }

    @Test
    void malformedFramesAreNamed() {
        PixelDescription d = gray(2, 2, 16, 16, false);
        assertError(new byte[10], d, "shorter than its 64-byte header");
        assertError(header(0), d, "0 segments");
        assertError(header(16), d, "16 segments");
        assertError(frame(new byte[]{-3, 1}), d, "1 segments; 1 sample(s) of 16 bits need 2");
        byte[] firstOffset = frame(new byte[]{-3, 1}, new byte[]{-3, 2});
        firstOffset[4] = 60;
        assertError(firstOffset, d, "segment 1 starts at offset 60");
        byte[] pastEnd = frame(new byte[]{-3, 1}, new byte[]{-3, 2});
        pastEnd[8] = (byte) 200;
        assertError(pastEnd, d, "past the end of the");
        assertError(frame(new byte[]{-1, 1}, new byte[]{-3, 2}), d, "segment 1 ends at frame offset");
        assertError(frame(new byte[]{5, 1, 2}, new byte[]{-3, 2}), d, "literal run of 6 bytes");
        assertError(frame(new byte[]{-2, 1, -1}, new byte[]{-3, 2}), d, "has no byte to repeat");
        assertError(frame(new byte[]{0}), gray(1, 8, 1, 1, false), "Bits Allocated of whole bytes");
    }

    @Test
    void randomDamageNeverCrashesOrHangs() {
        byte[] good = frame(new byte[]{-63, 1, 63, 2}, new byte[]{-127, 5, 0, 6});
        PixelDescription d = gray(8, 16, 16, 16, false);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random r = new Random(5);
            for (int i = 0; i < 5000; i++) {
                byte[] damaged = good.clone();
                for (int k = 0; k <= r.nextInt(3); k++) damaged[r.nextInt(damaged.length)] = (byte) r.nextInt(256);
                if (r.nextBoolean()) damaged = Arrays.copyOf(damaged, r.nextInt(damaged.length + 1));
                try {
                    assertEquals(d.decodedFrameBytes(), decoder.decode(damaged, d).length);
                } catch (PixelDataException e) {
                    assertTrue(e.getMessage().contains("RLE"), e.getMessage());
                } catch (RuntimeException e) {
                    fail("damage " + i + ": " + e, e);
                }
            }
        });
    }

    private void assertError(byte[] frame, PixelDescription d, String fragment) {
        PixelDataException e = assertThrows(PixelDataException.class, () -> decoder.decode(frame, d), fragment);
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    private static PixelDescription gray(int rows, int columns, int allocated, int stored, boolean signed) {
        return new PixelDescription(rows, columns, 1, 1, allocated, stored, stored - 1, signed, "MONOCHROME2", 0, Tag.PixelData);
    }

    /** A frame: the 64-byte header (PS3.5 §G.5) then the segments. */
    static byte[] frame(byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] h = header(segments.length);
        int offset = 64;
        for (int i = 0; i < segments.length; i++) {
            putU32(h, 4 + 4 * i, offset);
            offset += segments[i].length;
        }
        out.writeBytes(h);
        for (byte[] s : segments) out.writeBytes(s);
        return out.toByteArray();
    }

    private static byte[] header(int segments) {
        byte[] h = new byte[64];
        putU32(h, 0, segments);
        return h;
    }

    private static void putU32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >> 8);
        b[o + 2] = (byte) (v >> 16);
        b[o + 3] = (byte) (v >> 24);
    }
}
