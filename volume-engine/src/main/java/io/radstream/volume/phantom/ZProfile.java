package io.radstream.volume.phantom;

/** How a structure's axial cross-section changes along patient z (toward the head). */
@FunctionalInterface
interface ZProfile {
    /** The cross-section at {@code z} mm, or {@code null} where the structure is absent. */
    Section at(double z);
}
