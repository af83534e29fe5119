package io.radstream.render;

import io.radstream.render.display.SliceDisplay;
import io.radstream.render.display.VoiPreset;
import io.radstream.volume.frames.DisplayAttributes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing the data set's VOI presets and leaving them: pure functions of the state and the presets. */
class VoiGesturesTest {
    private final ViewState s = new ViewState(5, 40, 400, 1, 0, 0, 512, 512);

    /** A VOI LUT over −1024..3071 and two SIGMOID windows, as the presets of one slice. */
    private static List<VoiPreset> presets() {
        int[] words = new int[4096];
        for (int i = 0; i < words.length; i++) words[i] = i;
        DisplayAttributes a = new DisplayAttributes(null, List.of(new DisplayAttributes.Window(40, 400, "SOFT"),
                new DisplayAttributes.Window(-600, 1500, null)), "sigmoid",
                List.of(new DisplayAttributes.Lut(new int[]{4096, -1024 & 0xFFFF, 12}, words, null)), null);
        return SliceDisplay.of(a, 1, -1024, true, "MONOCHROME2").presets();
    }

    @Test
    void presetsAreTheLutsThenTheWindowsWithTheirNames() {
        List<VoiPreset> p = presets();
        assertEquals(List.of("VOI LUT 1", "SOFT", "window 2"), p.stream().map(VoiPreset::name).toList());
    }

    @Test
    void aMalformedLutIsLeftOutAndTheImageStillShows() {
        DisplayAttributes.Lut truncated = new DisplayAttributes.Lut(new int[]{4096, 0, 12}, new int[10], null);
        SliceDisplay d = SliceDisplay.of(new DisplayAttributes(truncated, List.of(new DisplayAttributes.Window(40, 400, null)),
                null, List.of(truncated), null), 1, -1024, true, "MONOCHROME2");
        assertEquals(List.of("window 1"), d.presets().stream().map(VoiPreset::name).toList());
        assertTrue(d.modality() instanceof io.radstream.render.display.ModalityTransform.Rescale, "rescale instead");
    }

    @Test
    void oldConstructorsShowTheUserWindow() {
        assertTrue(s.voi().isUser());
        assertTrue(s.withSlice(3).withZoom(2).voi().isUser());
    }

    @Test
    void nextPresetCyclesFromTheUserWindowRoundThePresets() {
        List<VoiPreset> p = presets();
        ViewState a = Gestures.nextVoiPreset(s, p);
        assertEquals(VoiSelection.preset(0), a.voi());
        // the table's window is its input range: a drag from it starts near what is shown
        assertEquals(1024, a.windowCenter());
        assertEquals(4096, a.windowWidth());
        ViewState b = Gestures.nextVoiPreset(a, p);
        assertEquals(VoiSelection.preset(1), b.voi());
        assertEquals(40, b.windowCenter());
        assertEquals(400, b.windowWidth());
        ViewState c = Gestures.nextVoiPreset(Gestures.nextVoiPreset(b, p), p);
        assertEquals(VoiSelection.preset(0), c.voi());
        assertSame(s, Gestures.nextVoiPreset(s, List.of()), "no presets: nothing to cycle");
    }

    @Test
    void aWindowLevelDragFromASigmoidOrLutPresetIsAUserWindow() {
        List<VoiPreset> p = presets();
        ViewState sigmoid = Gestures.nextVoiPreset(Gestures.nextVoiPreset(s, p), p);
        ViewState dragged = Gestures.windowLevel(sigmoid, 20, 0);
        assertTrue(dragged.voi().isUser());
        assertEquals(40, dragged.windowCenter());
        assertTrue(dragged.windowWidth() > 400, "the drag continues from the preset's window");
        assertTrue(Gestures.windowLevel(Gestures.nextVoiPreset(s, p), 0, 5).voi().isUser());
    }
}
