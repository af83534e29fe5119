package io.radstream.volume.codec.deflate;

import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deflated Image Frame Compression: raw deflate of the native frame. */
class DeflatedFrameDecoderTest {
    private final DeflatedFrameDecoder decoder = new DeflatedFrameDecoder();

    @Test
    void sixteenBitSignedFrameInflatesToItsStoredValues() throws PixelDataException {
        byte[] frame = {0x01, 0x00, (byte) 0xFF, (byte) 0xFF, 0x00, 0x08, 0x34, 0x12};
        PixelDescription d = new PixelDescription(2, 2, 1, 1, 16, 12, 11, true, "MONOCHROME2", 0, Tag.PixelData);
        // masked to 12 bits stored: 0x1234 -> 0x0234, 0x0800 -> -2048
        assertArrayEquals(new byte[]{0x01, 0x00, (byte) 0xFF, (byte) 0xFF, 0x00, (byte) 0xF8, 0x34, 0x02},
                decoder.decode(deflate(frame), d));
    }

    @Test
    void oneBitFrameIsUnpackedFromItsOwnBytes() throws PixelDataException {
        PixelDescription d = new PixelDescription(1, 10, 3, 1, 1, 1, 0, false, "MONOCHROME2", 0, Tag.PixelData);
        byte[] out = decoder.decode(deflate(new byte[]{(byte) 0b1000_0101, 0b10}), d);
        assertArrayEquals(new byte[]{1, 0, 1, 0, 0, 0, 0, 1, 0, 1}, out);
    }

    @Test
    void shortLongAndCorruptStreamsAreNamed() {
        PixelDescription d = new PixelDescription(4, 4, 1, 1, 8, 8, 7, false, "MONOCHROME2", 0, Tag.PixelData);
        assertError(deflate(new byte[15]), d, "inflates to 15 bytes");
        assertError(deflate(new byte[18]), d, "inflates to more than the 16 bytes");
        assertError(new byte[]{(byte) 0xFF, (byte) 0xFF, 0x12}, d, "not a valid raw deflate stream");
        assertError(Arrays.copyOf(deflate(new byte[16]), 2), d, "at 8 bits needs 16");
    }

    private void assertError(byte[] frame, PixelDescription d, String fragment) {
        PixelDataException e = assertThrows(PixelDataException.class, () -> decoder.decode(frame, d), fragment);
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(raw);
        deflater.finish();
        byte[] buf = new byte[raw.length + 64];
        int n = deflater.deflate(buf);
        deflater.end();
        return Arrays.copyOf(buf, n);
    }
}
