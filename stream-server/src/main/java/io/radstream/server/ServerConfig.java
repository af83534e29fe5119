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
 */
public record ServerConfig(int port, String bindAddress, Duration stillDelay, float jpegQuality, int renderThreads,
                           long volumeBudgetBytes, String backend) {

    public static ServerConfig defaults() {
        return new ServerConfig(8080, "0.0.0.0", Duration.ofMillis(150), 0.85f,
                Math.max(2, Runtime.getRuntime().availableProcessors()), 4L << 30, "auto");
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(p, bindAddress, stillDelay, jpegQuality, renderThreads, volumeBudgetBytes, backend);
    }

    public ServerConfig withBindAddress(String a) {
        return new ServerConfig(port, a, stillDelay, jpegQuality, renderThreads, volumeBudgetBytes, backend);
    }

    public ServerConfig withBackend(String b) {
        return new ServerConfig(port, bindAddress, stillDelay, jpegQuality, renderThreads, volumeBudgetBytes, b);
    }
}
