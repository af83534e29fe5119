package io.radstream.volume.series;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Large off-heap allocations that cost nothing up front. {@code Arena.allocate} zeroes every byte
 * it hands out, which for a 1.25 GB CTA is hundreds of milliseconds before the first slice can be
 * decoded: time to first image would grow with study size. The C library's {@code malloc} maps
 * large blocks from the kernel, whose pages are zero and are only committed when first written,
 * so allocation is constant time and memory grows as slices arrive.
 */
final class NativeMemory {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MALLOC = LINKER.downcallHandle(LINKER.defaultLookup().find("malloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = LINKER.downcallHandle(LINKER.defaultLookup().find("free").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    /** {@code madvise}, where the C library has it (Linux); absent, volumes keep the default pages. */
    private static final MethodHandle MADVISE = LINKER.defaultLookup().find("madvise")
            .map(f -> LINKER.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)))
            .orElse(null);
    /** Linux {@code MADV_HUGEPAGE}: back the range with 2 MB pages where the kernel can. */
    private static final int MADV_HUGEPAGE = 14;
    private static final long PAGE = 4096, HUGE_PAGE = 2L << 20;

    private NativeMemory() {}

    /**
     * Allocates {@code bytes} whose lifetime is {@code arena}'s: freed when it closes. Contents are
     * unspecified for small blocks; callers write every byte they later read.
     */
    static MemorySegment allocate(long bytes, Arena arena) {
        try {
            MemorySegment raw = (MemorySegment) MALLOC.invokeExact(Math.max(1, bytes));
            if (raw.equals(MemorySegment.NULL)) throw new OutOfMemoryError("cannot allocate " + bytes + " bytes off-heap");
            if (bytes >= 4 * HUGE_PAGE) adviseHugePages(raw.address(), bytes);
            return raw.reinterpret(bytes, arena, NativeMemory::free);
        } catch (Throwable t) {
            if (t instanceof OutOfMemoryError oom) throw oom;
            throw new IllegalStateException("malloc failed", t);
        }
    }

    /**
     * Asks for transparent huge pages over the block (the kernel's default here is "madvise"): a
     * volume is then committed in 2 MB pages, 512× fewer page faults as slices are first written,
     * and fewer TLB misses when an oblique reformat reads across slices. Advice only: a refusal
     * (another kernel, no THP) changes nothing.
     */
    private static void adviseHugePages(long address, long bytes) {
        if (MADVISE == null) return;
        long start = (address + PAGE - 1) & -PAGE, end = (address + bytes) & -PAGE;
        if (end <= start) return;
        try {
            int ignored = (int) MADVISE.invokeExact(MemorySegment.ofAddress(start), end - start, MADV_HUGEPAGE);
        } catch (Throwable t) {
            // advice only
        }
    }

    private static void free(MemorySegment segment) {
        try {
            FREE.invokeExact(segment);
        } catch (Throwable t) {
            throw new IllegalStateException("free failed", t);
        }
    }
}
