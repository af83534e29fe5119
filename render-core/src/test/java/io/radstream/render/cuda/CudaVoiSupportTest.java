package io.radstream.render.cuda;

import io.radstream.render.Mpr;
import io.radstream.render.display.DisplayFunction;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the CUDA kernels are given for each VOI of a reformat — decided before any device work, so
 * it is checked here without a GPU: LINEAR (user or preset), LINEAR_EXACT, SIGMOID and VOI LUT
 * tables with their inversion; a Modality LUT is refused (reformats of those go through
 * {@code ModalityLutReformats}). Native slices take the CPU's own table and need no mapping.
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

    private static final Mpr CORONAL = Mpr.of(Plane.CORONAL, new Vec(3, 3, 1));

    @Test
    void linearWindowsUserOrPresetInvertedOrNot() throws Exception {
        Volume v = volume(display("LINEAR", "INVERSE", null));
        try {
            ViewState user = nativeView.withMpr(CORONAL);
            assertEquals(new CudaRenderer.ReformatDisplay(DisplayFunction.Kind.LINEAR, true, 10, 100, null),
                    CudaRenderer.reformatDisplay(user, v));
            ViewState preset = user.withVoi(VoiSelection.preset(1), 40, 400);
            assertEquals(new CudaRenderer.ReformatDisplay(DisplayFunction.Kind.LINEAR, true, 40, 400, null),
                    CudaRenderer.reformatDisplay(preset, v));
        } finally {
            v.release();
        }
    }

    @Test
    void exactSigmoidAndTablesAreHandedToTheKernels() throws Exception {
        for (String function : List.of("LINEAR_EXACT", "SIGMOID")) {
            Volume v = volume(display(function, null, null));
            try {
                ViewState window = nativeView.withMpr(CORONAL).withVoi(VoiSelection.preset(1), 40, 400);
                CudaRenderer.ReformatDisplay d = CudaRenderer.reformatDisplay(window, v);
                assertEquals(DisplayFunction.Kind.valueOf(function), d.kind());
                assertEquals(40, d.center());
                assertEquals(400, d.width());
            } finally {
                v.release();
            }
        }
        Volume v = volume(display("LINEAR", null, null));
        try {
            CudaRenderer.ReformatDisplay d = CudaRenderer.reformatDisplay(nativeView.withMpr(CORONAL).withVoi(VoiSelection.preset(0), 0, 1), v);
            assertEquals(DisplayFunction.Kind.TABLE, d.kind());
            assertArrayEquals(new int[]{0, 80, 160, 255}, d.lut().data());
            assertEquals(0, d.lut().firstMapped());
            assertEquals(255, d.lutMax());
        } finally {
            v.release();
        }
    }

    @Test
    void modalityLutReformatsAreRefused() throws Exception {
        Volume v = volume(display("LINEAR", null, new DisplayAttributes.Lut(new int[]{2, 0, 8}, new int[]{0, 255}, null)));
        try {
            assertThrows(UnsupportedViewException.class, () -> CudaRenderer.reformatDisplay(nativeView.withMpr(CORONAL), v));
        } finally {
            v.release();
        }
    }
}
