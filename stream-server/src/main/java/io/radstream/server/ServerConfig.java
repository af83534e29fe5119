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
 */
public record ServerConfig(int port, String bindAddress, Duration stillDelay, float jpegQuality, int renderThreads,
                           long volumeBudgetBytes) {

    public static ServerConfig defaults() {
        return new ServerConfig(8080, "0.0.0.0", Duration.ofMillis(150), 0.85f,
                Math.max(2, Runtime.getRuntime().availableProcessors()), 4L << 30);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(p, bindAddress, stillDelay, jpegQuality, renderThreads, volumeBudgetBytes);
    }

    public ServerConfig withBindAddress(String a) {
        return new ServerConfig(port, a, stillDelay, jpegQuality, renderThreads, volumeBudgetBytes);
    }
}
