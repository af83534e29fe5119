package io.radstream.volume.codec.natives;

/**
 * The switch between native codec libraries and pure-Java fallbacks. Native libraries are used
 * unless the system property {@value #PROPERTY} is {@code false}; the property is read each time a
 * decoder is chosen, so a library that is switched off is never loaded.
 */
public final class NativeCodecs {
    /** {@code -Dradstream.codec.native=false} keeps every native codec library unloaded. */
    public static final String PROPERTY = "radstream.codec.native";

    private NativeCodecs() {}

    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim());
    }

    /** The sentence added to a "codec not installed" error when natives are switched off. */
    public static String disabledNote() {
        return " (native codecs are switched off by -D" + PROPERTY + "=false)";
    }
}
