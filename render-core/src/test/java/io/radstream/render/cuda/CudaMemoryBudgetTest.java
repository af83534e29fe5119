package io.radstream.render.cuda;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The CUDA backend's volume budget: least recently rendered volumes go first; runs without a GPU. */
class CudaMemoryBudgetTest {

    @Test
    void evictsLeastRecentlyRenderedFirst() {
        GpuMemoryBudget<String> b = new GpuMemoryBudget<>(100);
        assertEquals(List.of(), b.admit("a", 40));
        assertEquals(List.of(), b.admit("b", 40));
        b.touch("a"); // a rendered after b: b is now the least recent
        assertEquals(List.of("b"), b.admit("c", 40));
        assertEquals(80, b.usedBytes());
        assertEquals(List.of("a", "c"), b.residents());
        assertEquals(List.of("a", "c"), b.admit("d", 100), "a volume the size of the budget evicts everything");
        assertEquals(100, b.usedBytes());
    }

    @Test
    void volumeOverBudgetEvictsNothing() {
        GpuMemoryBudget<String> b = new GpuMemoryBudget<>(100);
        b.admit("a", 60);
        assertFalse(b.fits(101));
        assertThrows(IllegalArgumentException.class, () -> b.admit("huge", 101));
        assertTrue(b.contains("a"));
        assertEquals(60, b.usedBytes());
    }

    @Test
    void removeReturnsTheBytes() {
        GpuMemoryBudget<String> b = new GpuMemoryBudget<>(100);
        b.admit("a", 60);
        b.remove("a");
        b.remove("a"); // twice is harmless
        assertEquals(0, b.usedBytes());
        assertEquals(List.of(), b.admit("b", 100));
        assertThrows(IllegalStateException.class, () -> b.admit("b", 1));
        assertThrows(IllegalArgumentException.class, () -> new GpuMemoryBudget<String>(0));
    }

    @Test
    void librarySearchNeverThrows() {
        // on a machine without a driver both are empty; with one, they are readable files or names
        CudaLibraries.libcuda().ifPresent(p -> assertTrue(p.getFileName().toString().startsWith("libcuda.so"), p.toString()));
        CudaLibraries.libnvrtc().ifPresent(p -> assertTrue(p.getFileName().toString().startsWith("libnvrtc.so"), p.toString()));
    }
}
