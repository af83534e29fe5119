package io.radstream.render.cuda;

import io.radstream.render.Mpr;
import io.radstream.render.Plane;
import io.radstream.render.UnsupportedViewException;
import io.radstream.render.Vec;
import io.radstream.render.ViewState;
import io.radstream.render.VoiSelection;
import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the CUDA kernels are given, or refused, for each VOI — decided before any device work, so it
 * is checked here without a GPU: LINEAR windows (user or preset, inverted for Presentation LUT
 * Shape INVERSE) run; LINEAR_EXACT, SIGMOID, VOI LUTs and Modality LUTs throw rather than be
 * approximated.
 */
class CudaVoiSupportTest {

    private static Volume volume(DisplayAttributes d) throws Exception {
        List<SliceSource> list = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            list.add(new SliceSource(new double[]{0, 0, k}, new double[]{1, 0, 0, 0, 1, 0}, new double[]{1, 1}, 8, 8,
                    1, -1024, () -> new byte[8 * 8 * 2], d));
        }
        try (VolumeLoader loader = new VolumeLoader(1)) {
            return loader.load(list, new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null));
        }
    }

    private static DisplayAttributes display(String function, String shape, DisplayAttributes.Lut modality) {
        DisplayAttributes.Lut lut = new DisplayAttributes.Lut(new int[]{4, 0, 8}, new int[]{0, 80, 160, 255}, null);
        return new DisplayAttributes(modality, List.of(new DisplayAttributes.Window(40, 400, "SOFT")), function, List.of(lut), shape);
    }

    private final ViewState nativeView = new ViewState(1, 10, 100, 1, 0, 0, 8, 8);

    @Test
    void linearWindowsRunUserOrPresetInvertedOrNot() throws Exception {
        Volume v = volume(display("LINEAR", "INVERSE", null));
        try {
            assertEquals(new CudaRenderer.LinearVoi(10, 100, true), CudaRenderer.linearVoi(nativeView, v));
            ViewState preset = nativeView.withVoi(VoiSelection.preset(1), 40, 400);
            assertEquals(new CudaRenderer.LinearVoi(40, 400, true), CudaRenderer.linearVoi(preset, v));
            ViewState mpr = preset.withMpr(Mpr.of(Plane.CORONAL, new Vec(3, 3, 1)));
            assertEquals(new CudaRenderer.LinearVoi(40, 400, true), CudaRenderer.linearVoi(mpr, v));
        } finally {
            v.release();
        }
    }

    @Test
    void otherVoisAreRefused() throws Exception {
        for (String function : List.of("LINEAR_EXACT", "SIGMOID")) {
            Volume v = volume(display(function, null, null));
            try {
                ViewState window = nativeView.withVoi(VoiSelection.preset(1), 40, 400);
                assertThrows(UnsupportedViewException.class, () -> CudaRenderer.linearVoi(window, v), function);
                assertThrows(UnsupportedViewException.class,
                        () -> CudaRenderer.linearVoi(window.withMpr(Mpr.of(Plane.AXIAL, new Vec(3, 3, 1))), v), function);
            } finally {
                v.release();
            }
        }
        Volume v = volume(display("LINEAR", null, new DisplayAttributes.Lut(new int[]{2, 0, 8}, new int[]{0, 255}, null)));
        try {
            assertThrows(UnsupportedViewException.class, () -> CudaRenderer.linearVoi(nativeView.withVoi(VoiSelection.preset(0), 0, 1), v),
                    "a VOI LUT");
            assertThrows(UnsupportedViewException.class, () -> CudaRenderer.linearVoi(nativeView, v), "a Modality LUT");
        } finally {
            v.release();
        }
    }
}
