package io.radstream.server;

import java.time.Duration;

/**
 * Server settings, immutable.
 *
 * @param port          HTTP/WebSocket port (0 picks a free one, for tests)
 * @param bindAddress   interface to listen on
 * @param stillDelay    input quiet time after which a lossless frame follows
 * @param jpegQuality   interactive JPEG quality, 0..1
 * @param renderThreads platform threads that render and encode
 * @param volumeBudgetBytes off-heap bytes of volumes kept open after their last viewer leaves
 * @param backend       render backend: "auto" (CUDA → OpenGL → CPU, never a software GL), "cpu", "gl"
 * @param maxInteractiveBitsPerSecond cap of each viewer's interactive stream (rate adaptation stays
 *                      under it even on a fast link); infinite = only the link limits it
 */
public record ServerConfig(int port, String bindAddress, Duration stillDelay, float jpegQuality, int renderThreads,
                           long volumeBudgetBytes, String backend, double maxInteractiveBitsPerSecond) {

    public ServerConfig {
        if (!(maxInteractiveBitsPerSecond > 0)) throw new IllegalArgumentException("the bitrate cap must be positive");
    }

    public static ServerConfig defaults() {
        return new ServerConfig(8080, "0.0.0.0", Duration.ofMillis(150), 0.85f,
                Math.max(2, Runtime.getRuntime().availableProcessors()), 4L << 30, "auto", Double.POSITIVE_INFINITY);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(p, bindAddress, stillDelay, jpegQuality, renderThreads, volumeBudgetBytes, backend, maxInteractiveBitsPerSecond);
    }

    public ServerConfig withBindAddress(String a) {
        return new ServerConfig(port, a, stillDelay, jpegQuality, renderThreads, volumeBudgetBytes, backend, maxInteractiveBitsPerSecond);
    }

    public ServerConfig withBackend(String b) {
        return new ServerConfig(port, bindAddress, stillDelay, jpegQuality, renderThreads, volumeBudgetBytes, b,
                maxInteractiveBitsPerSecond);
    }

    public ServerConfig withMaxInteractiveBitsPerSecond(double bps) {
        return new ServerConfig(port, bindAddress, stillDelay, jpegQuality, renderThreads, volumeBudgetBytes, backend, bps);
    }
}
