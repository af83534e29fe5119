package io.radstream.render.display;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The three VOI LUT Functions of PS3.3 C.11.2.1.2–3, at points worked out by hand. */
class VoiTransformTest {

    @Test
    void linearExactHasNoHalfPixelShift() {
        VoiTransform.Window w = new VoiTransform.Window(100, 50, VoiTransform.Function.LINEAR_EXACT);
        assertEquals(0, w.apply(75), 0);          // x ≤ c − w/2
        assertEquals(0.5, w.apply(100), 1e-12);   // (x − c)/w + 0.5
        assertEquals(0.7, w.apply(110), 1e-12);
        assertEquals(1, w.apply(125.0001), 0);
    }

    @Test
    void sigmoidIsCentredAndScaledByWidth() {
        VoiTransform.Window w = new VoiTransform.Window(100, 50, VoiTransform.Function.SIGMOID);
        assertEquals(0.5, w.apply(100), 1e-12);
        // 1 / (1 + exp(−4·(x − c)/w)) at x = c + w/4: 1/(1 + e^−1)
        assertEquals(1 / (1 + Math.exp(-1)), w.apply(112.5), 1e-12);
    }

    @Test
    void linearNeedsWidthOfAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new VoiTransform.Window(0, 0.5, VoiTransform.Function.LINEAR));
    }

    @Test
    void inversePresentationFlipsTheOutput() {
        DisplayLut plain = new DisplayLut(new ModalityTransform.Rescale(1, -1024),
                new VoiTransform.Window(40, 400, VoiTransform.Function.LINEAR), false);
        DisplayLut inverse = new DisplayLut(plain.modality(), plain.voi(), true);
        for (int stored : new int[]{0, 900, 1064, 1200, 4000}) {
            assertEquals(255 - plain.apply(stored), inverse.apply(stored));
        }
        assertEquals(128, plain.apply(1064), "HU 40 at the window centre");
    }
}
