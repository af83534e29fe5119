package io.radstream.server.session;

/**
 * How many viewports a session has and whether they are linked (docs/protocol.md, hello's
 * {@code layout}).
 *
 * <p>{@link #MPR_TRIPLE} is axial, coronal and sagittal reformats rather than the native stack plus
 * two reformats: a native slice can only sit at a stored slice position, so it could not pass
 * exactly through an arbitrary focal point, and for a sagittal or oblique acquisition the native
 * plane would not complete an orthogonal triple. Three reformats make every view the same kind of
 * object (a plane through the focal point) and the crosshair geometry uniform.
 */
public enum Layout {
    /** One viewport, native stack or a reformat: the behaviour of protocol version 1. */
    SINGLE("1x1", 1),
    /** Axial, coronal and sagittal reformats side by side, sharing one focal point (crosshair). */
    MPR_TRIPLE("1x3", 3);

    private final String wireName;
    private final int viewports;

    Layout(String wireName, int viewports) {
        this.wireName = wireName;
        this.viewports = viewports;
    }

    public String wireName() {
        return wireName;
    }

    public int viewports() {
        return viewports;
    }

    public boolean linked() {
        return viewports > 1;
    }

    /** The layout named {@code name} on the wire; an absent name (null or empty) is {@link #SINGLE}. */
    public static Layout of(String name) {
        if (name == null || name.isEmpty()) return SINGLE;
        for (Layout l : values()) if (l.wireName.equals(name)) return l;
        throw new IllegalArgumentException("unknown layout '" + name + "' (1x1 or 1x3)");
    }
}
