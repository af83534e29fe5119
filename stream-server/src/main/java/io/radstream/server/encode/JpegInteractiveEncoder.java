package io.radstream.server.encode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** JPEG interactive frames; the configured quality caps the ladder's (a server set to 0.7 never sends 0.85). */
public final class JpegInteractiveEncoder implements InteractiveEncoder {
    private final float maxQuality;
    private final Map<Float, JpegEncoder> byQuality = new ConcurrentHashMap<>();

    public JpegInteractiveEncoder(float maxQuality) {
        this.maxQuality = maxQuality;
    }

    @Override
    public int codecId() {
        return JPEG;
    }

    @Override
    public Encoded encode(int width, int height, byte[] gray, float quality) {
        JpegEncoder jpeg = byQuality.computeIfAbsent(Math.min(quality, maxQuality), JpegEncoder::new);
        return new Encoded(jpeg.encodeGray(width, height, gray), true);
    }

    @Override
    public Encoded encode(io.radstream.render.Frame frame, float quality) {
        if (!frame.isColor()) return encode(frame.width(), frame.height(), frame.gray(), quality);
        JpegEncoder jpeg = byQuality.computeIfAbsent(Math.min(quality, maxQuality), JpegEncoder::new);
        return new Encoded(jpeg.encodeRgb(frame.width(), frame.height(), frame.pixels()), true);
    }
}
