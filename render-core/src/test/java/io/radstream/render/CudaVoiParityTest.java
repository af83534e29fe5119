package io.radstream.render;

import io.radstream.render.cuda.CudaRenderer;
import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CUDA backend's display pipeline against the CPU, on the cases of {@link GlVoiParityTest}:
 * LINEAR_EXACT and SIGMOID windows (wide and W=50), a VOI LUT Sequence table, Presentation LUT Shape
 * INVERSE, MinIP slabs with Pixel Padding Value (grid-aligned and oblique); plus a Modality LUT
 * Sequence: native slices through the CPU's table, reformats through {@link ModalityLutReformats}.
 * Native slices use the CPU's own table, so they must be exact. Skips without a GPU.
 */
class CudaVoiParityTest {
    private static final List<Volume> opened = new ArrayList<>();
    private static BackendUnderTest<CudaRenderer> device;

    @BeforeAll
    static void start() {
        device = BackendUnderTest.cuda();
    }

    @AfterAll
    static void stop() {
        device.close();
        opened.forEach(Volume::release);
    }

    @Test
    void linearExactAndSigmoidMatchCpu() throws Exception {
        CudaRenderer cuda = device.require();
        for (String function : List.of("LINEAR_EXACT", "SIGMOID")) {
            Volume v = GlVoiParityTest.volume(opened, GlVoiParityTest.display(function, null));
            GlVoiParityTest.compare(cuda, v, VoiSelection.preset(1));
            GlVoiParityTest.compare(cuda, v, VoiSelection.preset(2));
        }
    }

    @Test
    void voiLutTableAndPresentationInverseMatchCpu() throws Exception {
        CudaRenderer cuda = device.require();
        GlVoiParityTest.compare(cuda, GlVoiParityTest.volume(opened, GlVoiParityTest.display("LINEAR", null)), VoiSelection.preset(0));
        Volume inverse = GlVoiParityTest.volume(opened, GlVoiParityTest.display("LINEAR", "INVERSE"));
        GlVoiParityTest.compare(cuda, inverse, VoiSelection.preset(2));
        GlVoiParityTest.compare(cuda, inverse, VoiSelection.preset(0));
        GlVoiParityTest.compare(cuda, inverse, VoiSelection.USER);
    }

    @Test
    void minipSkipsPixelPaddingLikeCpu() throws Exception {
        CudaRenderer cuda = device.require();
        GlVoiParityTest.minipSkipsPadding(cuda, opened);
    }

    @Test
    void modalityLutSequenceMatchesCpu() throws Exception {
        CudaRenderer cuda = device.require();
        // a gamma Modality LUT over stored 0..4095 into 12 bits, and a window in its output range
        int entries = 4096;
        int[] words = new int[entries];
        for (int i = 0; i < entries; i++) words[i] = (int) Math.round(4095 * Math.pow(i / 4095.0, 0.6));
        DisplayAttributes d = new DisplayAttributes(new DisplayAttributes.Lut(new int[]{entries, 0, 12}, words, "GAMMA"),
                List.of(new DisplayAttributes.Window(2000, 3000, "LUT RANGE")), "LINEAR", List.of(), null);
        Volume v = MprVolumes.of(44, 38, 21, MprVolumes.obliqueOrientation(23, 17), 0.65, 0.8, 1.7,
                new Vec(1.5, -2, 3), 1, k -> 0, "MONOCHROME2", d, (x, y, z) -> GlMprParityTest.field(x, y, z) + 1024);
        opened.add(v);
        CpuRenderer cpu = new CpuRenderer();
        Renderer reformats = ModalityLutReformats.of(CpuFallbackRenderer.of(cuda));
        Renderer cpuReformats = ModalityLutReformats.of(cpu);
        List<String> failures = new ArrayList<>();
        for (ViewState s : GlVoiParityTest.states(VoiSelection.preset(0))) {
            Frame expected = s.mpr() == null ? cpu.render(s, v) : cpuReformats.render(s, v);
            Frame actual = s.mpr() == null ? cuda.render(s, v) : reformats.render(s, v);
            Phantoms.Difference diff = Phantoms.Difference.of(expected, actual);
            String what = "cuda modality LUT " + s.mode() + " " + (s.mpr() == null ? "" : s.mpr().projection() + " slab " + s.mpr().slabMm()) + ": " + diff;
            System.out.println(what);
            boolean ok = s.mpr() == null ? diff.maxLevels() == 0 : diff.maxLevels() <= 2 && diff.fractionWithinOne() >= 0.999;
            if (!ok) failures.add(what);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
