package io.radstream.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The LINEAR VOI function of PS3.3 C.11.2.1.2.1, at its edges, worked out by hand. */
class VoiLutTest {

    @Test
    void linearFunctionAtTheWindowEdges() {
        // c=40, w=400: x ≤ 40-0.5-199.5 = -160 → 0; x > 39.5+199.5 = 239 → 255
        assertEquals(0, VoiLut.apply(-160, 40, 400));
        assertEquals(0, VoiLut.apply(-1000, 40, 400));
        assertEquals(255, VoiLut.apply(239.0001, 40, 400));
        assertEquals(255, VoiLut.apply(3000, 40, 400));
        // inside: y = ((x - 39.5)/399 + 0.5)·255; x = 40 → 127.82 → 128
        assertEquals(128, VoiLut.apply(40, 40, 400));
        // x = -159 → ((−198.5)/399 + 0.5)·255 = 0.639 → 1
        assertEquals(1, VoiLut.apply(-159, 40, 400));
    }

    @Test
    void widthOneIsAThreshold() {
        assertEquals(0, VoiLut.apply(99.5, 100, 1));
        assertEquals(255, VoiLut.apply(99.6, 100, 1));
    }

    @Test
    void tableAppliesRescaleSignAndMonochrome1() {
        byte[] lut = VoiLut.table(true, 1, -1024, 40, 400, false);
        assertEquals(VoiLut.apply(1064 - 1024, 40, 400), lut[1064] & 0xFF);
        assertEquals(0, lut[0xFFFF] & 0xFF, "stored -1 is HU -1025: below the window");
        byte[] inverted = VoiLut.table(false, 2, 0, 100, 50, true);
        assertEquals(255 - VoiLut.apply(120, 100, 50), inverted[60] & 0xFF);
    }
}
