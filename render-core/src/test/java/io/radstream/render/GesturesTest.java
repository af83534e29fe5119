package io.radstream.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GesturesTest {
    private final ViewState s = new ViewState(5, 40, 400, 1, 0, 0, 512, 512);

    @Test
    void scrollIsClampedToTheStack() {
        assertEquals(6, Gestures.scroll(s, 1, 10).slice());
        assertEquals(9, Gestures.scroll(s, 100, 10).slice());
        assertEquals(0, Gestures.scroll(s, -100, 10).slice());
    }

    @Test
    void windowLevelDragScalesWithTheWindow() {
        ViewState wider = Gestures.windowLevel(s, 100, 0);
        assertTrue(wider.windowWidth() > 400);
        assertEquals(40, wider.windowCenter(), 0);
        ViewState lower = Gestures.windowLevel(s, 0, -50);
        assertTrue(lower.windowCenter() < 40);
        assertEquals(1, Gestures.windowLevel(s, -1e6, 0).windowWidth(), 0, "width never below 1");
    }

    @Test
    void zoomAndPanArePure() {
        ViewState z = Gestures.zoom(s, -200);
        assertEquals(Math.E, z.zoom(), 1e-12);
        assertEquals(1, s.zoom(), 0, "the old state is unchanged");
        ViewState p = Gestures.pan(Gestures.pan(s, 10, 5), -3, 1);
        assertEquals(7, p.panX(), 0);
        assertEquals(6, p.panY(), 0);
    }
}
