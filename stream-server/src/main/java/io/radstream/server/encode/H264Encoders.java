package io.radstream.server.encode;

/**
 * Chooses the H.264 encoder: OpenH264 (libopenh264 via FFM) when it is installed and native codecs
 * are on, jcodec otherwise — OpenH264 is 4–30× faster for fewer bytes (docs/benchmarks.md,
 * docs/decisions.md). {@code -Dradstream.h264.encoder=jcodec|openh264|auto} (default auto) forces
 * one; {@code openh264} without the library fails with its "install libopenh264-7" message.
 */
public final class H264Encoders {
    public static final String PROPERTY = "radstream.h264.encoder";

    private H264Encoders() {}

    public static InteractiveEncoder create() {
        String choice = System.getProperty(PROPERTY, "auto").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (choice) {
            case "jcodec" -> new H264Encoder();
            case "openh264" -> new OpenH264Encoder();
            case "auto" -> OpenH264Encoder.available() ? new OpenH264Encoder() : new H264Encoder();
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be jcodec, openh264 or auto: " + choice);
        };
    }
}
