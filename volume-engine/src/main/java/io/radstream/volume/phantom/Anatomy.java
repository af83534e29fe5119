package io.radstream.volume.phantom;

import java.util.List;

/**
 * Structures in priority order: a point takes the Hounsfield value of the first structure that
 * contains it, air if none. Nesting is expressed by order (a vessel before the organ it runs
 * through, an organ before the body), which keeps each structure a simple shape.
 */
final class Anatomy {
    static final short AIR_HU = -1000;

    private final List<Region> regions;

    Anatomy(List<Region> regionsInPriorityOrder) {
        this.regions = List.copyOf(regionsInPriorityOrder);
    }

    List<Region> regions() { return regions; }

    /** The noise-free Hounsfield value at a patient position (mm). */
    int huAt(double x, double y, double z) {
        int zi = Region.zIndex(z);
        for (Region r : regions) {
            if (r.contains(x, y, zi)) return r.hu();
        }
        return AIR_HU;
    }

    /** The name of the structure at a patient position, or "air"; for tests and diagnostics. */
    String structureAt(double x, double y, double z) {
        int zi = Region.zIndex(z);
        for (Region r : regions) {
            if (r.contains(x, y, zi)) return r.name();
        }
        return "air";
    }
}
