package io.radstream.render;

import io.radstream.render.display.DisplayFunction;
import io.radstream.render.display.DisplayLut;
import io.radstream.render.display.SliceDisplay;
import io.radstream.volume.frames.DisplayAttributes;
import io.radstream.volume.series.Volume;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The display pipeline of a slice as every backend uses it, cached so that rendering does not
 * rebuild it per frame: the parsed {@link SliceDisplay} per (display attributes, rescale), and the
 * 65536-entry stored value → 8-bit table per (that, VOI selection). Volumes keep one
 * {@link DisplayAttributes} instance for equal slices, so keys compare attributes by identity
 * (a LUT's data is never hashed per frame). Small and bounded: cleared when it grows past a few
 * dozen entries (W/L drags make a new user window per frame).
 */
public final class DisplayTables {
    private static final int LIMIT = 48;
    private static final Map<SliceKey, SliceDisplay> DISPLAYS = new ConcurrentHashMap<>();
    private static final Map<TableKey, byte[]> TABLES = new ConcurrentHashMap<>();

    private DisplayTables() {}

    /** Slice k's pipeline (clamped to the volume). */
    public static SliceDisplay display(Volume v, int k) {
        int s = clamp(v, k);
        SliceKey key = new SliceKey(v.displayAttributes(s), v.rescaleSlope(s), v.rescaleIntercept(s), v.signed(), v.photometric());
        SliceDisplay d = DISPLAYS.get(key);
        if (d != null) return d;
        if (DISPLAYS.size() >= LIMIT) DISPLAYS.clear();
        d = SliceDisplay.of(key.attributes, key.slope, key.intercept, key.signed, key.photometric);
        DISPLAYS.put(key, d);
        return d;
    }

    /**
     * Stored value (its 16 bits, read with the volume's signedness) → display value for slice k
     * under the state's VOI selection: modality transform, VOI, presentation inversion. Shared and
     * cached: do not modify.
     */
    public static byte[] table(Volume v, int k, ViewState s) {
        SliceDisplay d = display(v, k);
        boolean user = s.voi().isUser() || d.presets().isEmpty();
        TableKey key = new TableKey(d, v.signed(), user ? -1 : Math.min(s.voi().preset(), d.presets().size() - 1),
                user ? s.windowCenter() : 0, user ? s.windowWidth() : 0);
        byte[] t = TABLES.get(key);
        if (t != null) return t;
        if (TABLES.size() >= LIMIT) TABLES.clear();
        t = new DisplayLut(d.modality(), d.voi(s.voi(), s.windowCenter(), s.windowWidth()), d.inverse()).table(v.signed());
        TABLES.put(key, t);
        return t;
    }

    /**
     * The VOI and inversion for reformats of the volume, whose samples blend slices: those of the
     * middle slice (a series' slices normally share them; per-frame VOI that varies along the stack
     * has no single answer for an oblique plane).
     *
     * @throws UnsupportedViewException where slices map stored values through a Modality LUT
     *                                  Sequence: the interpolation would have to blend table outputs.
     *                                  {@link ModalityLutReformats} renders such reformats from a copy
     *                                  holding the outputs, which has no LUT and passes here
     */
    public static DisplayFunction reformatFunction(Volume v, ViewState s, String backend) {
        SliceDisplay d = display(v, v.slices() / 2);
        for (int k = 0; k < v.slices(); k++) {
            if (v.displayAttributes(k).modalityLut() != null) {
                throw new UnsupportedViewException(backend, "reformat of a volume with a Modality LUT Sequence");
            }
        }
        return new DisplayFunction(d.voi(s.voi(), s.windowCenter(), s.windowWidth()), d.inverse());
    }

    /** The selection's name as the viewer shows it ("user", a window explanation, "VOI LUT n"). */
    public static String voiName(Volume v, ViewState s) {
        return display(v, s.slice()).voiName(s.voi());
    }

    private static int clamp(Volume v, int k) {
        return Math.max(0, Math.min(v.slices() - 1, k));
    }

    private record SliceKey(DisplayAttributes attributes, double slope, double intercept, boolean signed, String photometric) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SliceKey k && k.attributes == attributes && Double.compare(k.slope, slope) == 0
                    && Double.compare(k.intercept, intercept) == 0 && k.signed == signed
                    && java.util.Objects.equals(k.photometric, photometric);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(attributes) * 31 + Double.hashCode(slope) * 7 + Double.hashCode(intercept);
        }
    }

    private record TableKey(SliceDisplay display, boolean signed, int preset, double center, double width) {
        @Override
        public boolean equals(Object o) {
            return o instanceof TableKey k && k.display == display && k.signed == signed && k.preset == preset
                    && Double.compare(k.center, center) == 0 && Double.compare(k.width, width) == 0;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(display) * 31 + preset * 17 + Double.hashCode(center) * 7 + Double.hashCode(width);
        }
    }
}
