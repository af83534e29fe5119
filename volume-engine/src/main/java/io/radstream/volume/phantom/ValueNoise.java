package io.radstream.volume.phantom;

/**
 * Smooth pseudo-random texture in three dimensions: value noise on an integer lattice (a hashed
 * value at every lattice point, trilinear with a smoothstep weight in between), summed over a few
 * octaves. Deterministic for a seed; no tables, so it costs no memory at any size.
 */
final class ValueNoise {
    private final long seed;

    ValueNoise(long seed) {
        this.seed = seed;
    }

    /** Noise in [0, 1] at a point given in lattice units. */
    double at(double x, double y, double z) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y), z0 = (int) Math.floor(z);
        double fx = smooth(x - x0), fy = smooth(y - y0), fz = smooth(z - z0);
        double c00 = lerp(fx, lattice(x0, y0, z0), lattice(x0 + 1, y0, z0));
        double c10 = lerp(fx, lattice(x0, y0 + 1, z0), lattice(x0 + 1, y0 + 1, z0));
        double c01 = lerp(fx, lattice(x0, y0, z0 + 1), lattice(x0 + 1, y0, z0 + 1));
        double c11 = lerp(fx, lattice(x0, y0 + 1, z0 + 1), lattice(x0 + 1, y0 + 1, z0 + 1));
        return lerp(fz, lerp(fy, c00, c10), lerp(fy, c01, c11));
    }

    /**
     * Fractal sum in [0, 1]: octave i has feature size {@code scalesMm[i]} and weight
     * {@code weights[i]} (weights sum to 1). Coordinates in mm.
     */
    double fractal(double xMm, double yMm, double zMm, double[] scalesMm, double[] weights) {
        double v = 0;
        for (int i = 0; i < scalesMm.length; i++) {
            double s = scalesMm[i];
            // offset each octave so lattice points of different octaves do not line up
            v += weights[i] * at(xMm / s + 17.3 * i, yMm / s - 9.1 * i, zMm / s + 5.7 * i);
        }
        return v;
    }

    private double lattice(int x, int y, int z) {
        long h = seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL) ^ (z * 0x165667B19E3779F9L);
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double t, double a, double b) {
        return a + t * (b - a);
    }
}
