package io.radstream.volume.codec.j2k;

import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java-side header reader and the pieces of the OpenJPEG binding that can be checked without decoding. */
class J2kCodestreamTest {

    /**
     * A minimal main header: SIZ for one component, COD, an optional COM, one empty tile-part and
     * EOC (ITU-T T.800 Annex A).
     */
    static byte[] codestream(int width, int height, int ssiz, int rsiz, int transformation, String comment) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, 0xFF4F);
        u16(b, 0xFF51);
        u16(b, 41);
        u16(b, rsiz);
        for (long v : new long[]{width, height, 0, 0, width, height, 0, 0}) u32(b, v);
        u16(b, 1);
        b.write(ssiz);
        b.write(1);
        b.write(1);
        u16(b, 0xFF52);
        u16(b, 12);
        b.writeBytes(new byte[]{0, 0, 0, 1, 0, 5, 4, 4, 0, (byte) transformation});
        if (comment != null) {
            u16(b, 0xFF64);
            u16(b, 4 + comment.length());
            u16(b, 1);
            b.writeBytes(comment.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        u16(b, 0xFF90);
        u16(b, 10);
        u16(b, 0);
        u32(b, 14);
        b.write(0);
        b.write(1);
        u16(b, 0xFF93);
        u16(b, 0xFFD9);
        return b.toByteArray();
    }

    @Test
    void readsSizCodComAndTheHtFlag() throws PixelDataException {
        J2kCodestream cs = J2kCodestream.parse(codestream(640, 480, 0x8F, 0x4000, 1, "OpenJPH Ver 0.9.0."));
        assertEquals(640, cs.width());
        assertEquals(480, cs.height());
        assertEquals(List.of(new J2kCodestream.Component(16, true, 1, 1)), cs.components());
        assertTrue(cs.highThroughput());
        assertTrue(cs.reversible());
        assertEquals("OpenJPH Ver 0.9.0.", cs.comment());
        assertEquals(2, cs.sizOffset());
        assertEquals("", cs.tilePartCountMismatch());
    }

    @Test
    void aTilePartLongerThanTheDataIsTruncation() {
        byte[] ok = codestream(8, 8, 7, 0, 1, null);
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 3); // loses SOD and EOC: Psot 14 no longer fits
        PixelDataException e = assertThrows(PixelDataException.class, () -> J2kCodestream.parse(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void theHeaderMustDescribeTheDicomFrame() throws PixelDataException {
        J2kCodestream cs = J2kCodestream.parse(codestream(8, 8, 15, 0, 1, null)); // 16-bit unsigned
        PixelDescription eightBit = new PixelDescription(8, 8, 1, 1, 8, 8, 7, false, "MONOCHROME2", 0, Tag.PixelData);
        PixelDataException e = assertThrows(PixelDataException.class, () -> cs.requireMatches(eightBit));
        assertTrue(e.getMessage().contains("16-bit samples but Bits Allocated is 8"), e.getMessage());
    }

    @Test
    void onlyOpenJphBefore010IsRepaired() throws PixelDataException {
        assertTrue(OpenJphSignedWorkaround.writtenByOpenJphBefore010("OpenJPH Ver 0.9.0."));
        assertTrue(OpenJphSignedWorkaround.writtenByOpenJphBefore010("OpenJPH Ver 0.1.2."));
        assertFalse(OpenJphSignedWorkaround.writtenByOpenJphBefore010("OpenJPH Ver 0.10.beta0."));
        assertFalse(OpenJphSignedWorkaround.writtenByOpenJphBefore010("OpenJPH Ver 0.21.0."));
        assertFalse(OpenJphSignedWorkaround.writtenByOpenJphBefore010("Kakadu-v8.4"));
        assertFalse(OpenJphSignedWorkaround.applies(J2kCodestream.parse(codestream(8, 8, 0x8F, 0x4000, 1, "OpenJPH Ver 0.10.0."))));
        assertFalse(OpenJphSignedWorkaround.applies(J2kCodestream.parse(codestream(8, 8, 0x0F, 0x4000, 1, "OpenJPH Ver 0.9.0."))));
        byte[] old = codestream(8, 8, 0x8F, 0x4000, 1, "OpenJPH Ver 0.9.0.");
        J2kCodestream cs = J2kCodestream.parse(old);
        assertTrue(OpenJphSignedWorkaround.applies(cs));
        byte[] widened = OpenJphSignedWorkaround.widened(old, cs);
        assertEquals(0x90, widened[42] & 0xFF, "Ssiz: signed, 17 bits");
        widened[42] = old[42];
        assertEquals(java.util.Arrays.toString(old), java.util.Arrays.toString(widened), "nothing else changes");
        PixelDataException e = assertThrows(PixelDataException.class,
                () -> OpenJphSignedWorkaround.applies(J2kCodestream.parse(codestream(8, 8, 0x8F, 0x4000, 0, "OpenJPH Ver 0.9.0."))));
        assertTrue(e.getMessage().contains("irreversible"), e.getMessage());
    }

    /** Sizes from {@code sizeof} in C against Debian 12's openjpeg.h on x86-64 (gcc). */
    @Test
    void structLayoutsHaveTheSizesOfOpenjpegH() {
        assertEquals(48, OpenJpeg.IMAGE.byteSize());
        assertEquals(24, OpenJpeg.IMAGE_COMPS);
        assertEquals(64, OpenJpeg.IMAGE_COMP.byteSize());
        assertEquals(48, OpenJpeg.COMP_DATA);
        assertEquals(24, OpenJpeg.COMP_PREC);
        assertEquals(32, OpenJpeg.COMP_SGND);
        assertEquals(8252, OpenJpeg.DPARAMETERS.byteSize());
    }

    private static void u16(ByteArrayOutputStream b, int v) {
        b.write(v >> 8);
        b.write(v);
    }

    private static void u32(ByteArrayOutputStream b, long v) {
        u16(b, (int) (v >> 16));
        u16(b, (int) v);
    }
}
