package io.radstream.render.cuda;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bookkeeping for volumes resident in GPU memory: a byte budget and least-recently-rendered
 * eviction. Pure Java (no CUDA), so the policy is tested on machines without a GPU; the caller
 * frees what {@link #admit} hands back. Not thread-safe: the CUDA renderer uses it from its
 * context thread only.
 *
 * @param <K> what identifies a resident volume
 */
final class GpuMemoryBudget<K> {
    private final long budgetBytes;
    /** Access order: the first entry is the least recently rendered. */
    private final LinkedHashMap<K, Long> resident = new LinkedHashMap<>(16, 0.75f, true);
    private long usedBytes;

    GpuMemoryBudget(long budgetBytes) {
        if (budgetBytes <= 0) throw new IllegalArgumentException("GPU memory budget must be positive, got " + budgetBytes);
        this.budgetBytes = budgetBytes;
    }

    long budgetBytes() {
        return budgetBytes;
    }

    long usedBytes() {
        return usedBytes;
    }

    boolean contains(K key) {
        return resident.containsKey(key);
    }

    /** Marks a resident volume as just rendered (most recently used). */
    void touch(K key) {
        resident.get(key);
    }

    /** Whether a volume of this size could ever be resident. */
    boolean fits(long bytes) {
        return bytes <= budgetBytes;
    }

    /**
     * Makes room for a new volume and records it. Returns the keys evicted to make room, least
     * recently rendered first; the caller frees their device memory.
     *
     * @throws IllegalArgumentException when the volume alone exceeds the budget (nothing is evicted)
     */
    List<K> admit(K key, long bytes) {
        if (resident.containsKey(key)) throw new IllegalStateException("already resident: " + key);
        if (!fits(bytes)) {
            throw new IllegalArgumentException("a volume of " + bytes + " bytes exceeds the GPU memory budget of "
                    + budgetBytes + " bytes");
        }
        List<K> evicted = new ArrayList<>();
        Iterator<Map.Entry<K, Long>> it = resident.entrySet().iterator();
        while (usedBytes + bytes > budgetBytes && it.hasNext()) {
            Map.Entry<K, Long> e = it.next();
            usedBytes -= e.getValue();
            evicted.add(e.getKey());
            it.remove();
        }
        resident.put(key, bytes);
        usedBytes += bytes;
        return evicted;
    }

    /** Forgets a volume (released, evicted on request, or its allocation failed). */
    void remove(K key) {
        Long bytes = resident.remove(key);
        if (bytes != null) usedBytes -= bytes;
    }

    /** Resident keys, least recently rendered first. */
    List<K> residents() {
        return List.copyOf(resident.keySet());
    }
}
