package io.radstream.volume.phantom;

import java.util.SplittableRandom;

/**
 * Deterministic quantum-like noise: Gaussian, {@link #SIGMA_HU} standard deviation, the same for
 * the same seed. A table of 2^20 samples is drawn once; each slice reads it from a pseudo-random
 * offset, so adding noise to a 512 x 512 slice costs one array read per pixel instead of a
 * Gaussian draw.
 */
final class NoiseField {
    static final double SIGMA_HU = 9;
    private static final int SIZE = 1 << 20;
    private static final int MASK = SIZE - 1;

    private final short[] table = new short[SIZE];
    private final long seed;

    NoiseField(long seed) {
        this(seed, SIGMA_HU);
    }

    /** Noise of standard deviation {@code sigma} stored units (a DBT phantom is not in HU). */
    NoiseField(long seed, double sigma) {
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < SIZE; i++) table[i] = (short) Math.round(random.nextGaussian() * sigma);
    }

    /** Adds this slice's noise to Hounsfield values in place. */
    void addTo(int slice, short[] hu) {
        int offset = offset(slice);
        for (int i = 0; i < hu.length; i++) {
            int v = hu[i] + table[(offset + i) & MASK];
            hu[i] = (short) Math.clamp(v, Short.MIN_VALUE, Short.MAX_VALUE);
        }
    }

    private int offset(int slice) {
        // SplitMix64 finaliser: neighbouring slices get unrelated offsets
        long z = seed + (slice + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 31)) & MASK;
    }
}
