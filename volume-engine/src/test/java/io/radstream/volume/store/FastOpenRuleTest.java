package io.radstream.volume.store;

import io.radstream.volume.dicom.UID;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastOpenRuleTest {
    @Test
    void largeJpeg2000MonochromeFramesGetAFastForm() {
        assertTrue(FastOpenRule.applies(UID.JPEG2000Lossless, 2457, 1890, 1, 16, false));
        assertTrue(FastOpenRule.applies(UID.JPEG2000, 2457, 1890, 1, 16, false));
        assertTrue(FastOpenRule.applies(UID.JPEG2000Lossless, 256, 256, 1, 16, false), "the threshold is inclusive");
    }

    @Test
    void smallFramesFastCodecsAndOtherLayoutsDoNot() {
        assertFalse(FastOpenRule.applies(UID.JPEG2000Lossless, 255, 256, 1, 16, false), "below the threshold");
        assertFalse(FastOpenRule.applies(UID.JPEG2000Lossless, 256, 256, 1, 8, false), "8-bit 256x256 is 64 KiB");
        assertFalse(FastOpenRule.applies(UID.ExplicitVRLittleEndian, 2457, 1890, 1, 16, false), "native is already fast");
        assertFalse(FastOpenRule.applies("1.2.840.10008.1.2.4.80", 2457, 1890, 1, 16, false), "JPEG-LS decodes fast");
        assertFalse(FastOpenRule.applies(UID.JPEG2000Lossless, 2457, 1890, 3, 8, false), "colour: not yet");
        assertFalse(FastOpenRule.applies(UID.JPEG2000Lossless, 2457, 1890, 1, 16, true), "deflated");
    }
}
