package io.radstream.render.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * NVRTC compiles the kernels on any machine that has libnvrtc, GPU or not, so a syntax error in
 * {@link Kernels#SOURCE} or a library-loading mistake shows up before a GPU is ever lent. Skips
 * where libnvrtc is absent (the CI machine); point {@code -Dorg.lwjgl.cuda.nvrtc.libname} at a
 * {@code libnvrtc.so.N} (Debian non-free {@code libnvrtc12}, or a CUDA wheel) to run it anywhere.
 */
class KernelCompileTest {
    private static String unavailable;

    @BeforeAll
    static void findNvrtc() {
        try {
            CudaRenderer.configureNvrtc("");
        } catch (CudaUnavailableException e) {
            unavailable = e.getMessage();
        }
    }

    @Test
    void kernelsCompileToPtxForTheDevicesArchitecture() throws CudaUnavailableException {
        Assumptions.assumeTrue(unavailable == null, () -> "NVRTC not installed here: " + unavailable);
        for (int[] cc : new int[][]{{9, 0}, {7, 5}}) {
            String ptx = CudaRenderer.compile(cc[0], cc[1]);
            assertTrue(ptx.contains(".target sm_" + cc[0] + cc[1]), () -> "PTX for sm_" + cc[0] + cc[1] + ":\n" + ptx.lines().limit(20).toList());
            assertTrue(ptx.contains(".entry " + Kernels.NATIVE_SLICE), "native slice kernel exported unmangled");
            assertTrue(ptx.contains(".entry " + Kernels.MPR), "reformat kernel exported unmangled");
        }
    }

    @Test
    void noMultiplyAddIsFusedInTheKernelsOwnArithmetic() throws CudaUnavailableException {
        Assumptions.assumeTrue(unavailable == null, () -> "NVRTC not installed here: " + unavailable);
        // Java never fuses; with --fmad=false only the exp() of SIGMOID keeps its library FMAs
        int ours = fmas(CudaRenderer.compile(9, 0));
        int fused = fmas(CudaRenderer.compile(java.util.List.of("--gpu-architecture=compute_90", "--fmad=true")));
        assertTrue(fused > ours + 10, "--fmad=false takes effect: " + ours + " FMAs, " + fused + " when fused");
    }

    private static int fmas(String ptx) {
        return (int) ptx.lines().filter(l -> l.contains("fma.rn.f64")).count();
    }

    @Test
    void choosesTheDevicesArchitectureOrTheNewestBelowIt() {
        int[] nvrtc13 = {75, 80, 86, 87, 89, 90, 100, 103, 110, 120, 121};
        assertEquals(90, CudaRenderer.architectureFor(90, nvrtc13), "H100/H200");
        assertEquals(89, CudaRenderer.architectureFor(89, nvrtc13), "Ada");
        assertEquals(121, CudaRenderer.architectureFor(122, nvrtc13), "a GPU newer than NVRTC: newest PTX below it");
        assertEquals(70, CudaRenderer.architectureFor(70, nvrtc13), "older than NVRTC knows: ask anyway, NVRTC says no");
        assertEquals(86, CudaRenderer.architectureFor(86, new int[0]), "NVRTC cannot list: the device's own");
    }
}
