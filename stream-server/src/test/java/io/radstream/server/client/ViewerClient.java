package io.radstream.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A headless protocol client (docs/protocol.md) over the JDK WebSocket: sends hello and input,
 * collects state messages and frame headers, and acknowledges frames unless told not to. It does
 * not decode images. Used by robustness tests and the load tool.
 */
public final class ViewerClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A received binary frame's header; the payload is kept only for lossless frames when
     * {@link #keepLosslessPayloads} is set (else null), so load tools do not hold every image.
     */
    public record FrameInfo(int id, int codec, boolean lossless, int width, int height, int renderMicros,
                            int encodeMicros, int seq, int payloadLength, long receivedNanos, boolean keyFrame,
                            int viewport, byte[] payload) {}

    /** Keep the PNG bytes of lossless frames in {@link FrameInfo#payload()}. */
    public volatile boolean keepLosslessPayloads;

    public final List<FrameInfo> frames = new CopyOnWriteArrayList<>();
    public final List<JsonNode> texts = new CopyOnWriteArrayList<>();
    /** Payloads of lossless frames (PNG files) by frame id, for tests that check pixels. */
    public final java.util.Map<Integer, byte[]> losslessPayloads = new java.util.concurrent.ConcurrentHashMap<>();
    /** Held for the socket's lifetime: an unreachable HttpClient shuts down its selector, and reads stop. */
    private final HttpClient http;
    private final WebSocket socket;
    private final boolean ack;
    private volatile int closeCode = -1;
    private volatile Throwable failure;
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);
    private ByteBuffer partial = ByteBuffer.allocate(0);

    private ViewerClient(URI uri, boolean ack, boolean reading) throws Exception {
        this.ack = ack;
        this.http = HttpClient.newHttpClient();
        this.socket = http.newWebSocketBuilder()
                .buildAsync(uri, new Listener(reading)).get(10, TimeUnit.SECONDS);
    }

    /** Connects and sends hello; {@code reading=false} never reads, like a stalled client. */
    public static ViewerClient open(int port, String studyKey, int width, int height, boolean ack, boolean reading) throws Exception {
        return open("127.0.0.1", port, studyKey, width, height, ack, reading);
    }

    /** As above, to a server at {@code host} (the constrained-link bench connects across namespaces). */
    public static ViewerClient open(String host, int port, String studyKey, int width, int height, boolean ack,
                                    boolean reading) throws Exception {
        return open(host, port, studyKey, width, height, ack, reading, List.of());
    }

    /** As above, offering {@code codecs} in hello (none: the field is left out, as before). */
    public static ViewerClient open(String host, int port, String studyKey, int width, int height, boolean ack,
                                    boolean reading, List<String> codecs) throws Exception {
        ViewerClient c = new ViewerClient(URI.create("ws://" + host + ":" + port + "/ws"), ack, reading);
        var hello = JSON.createObjectNode().put("type", "hello").put("study", studyKey).put("width", width)
                .put("height", height).put("dpr", 1);
        if (!codecs.isEmpty()) codecs.forEach(hello.putArray("codecs")::add);
        c.send(hello.toString());
        return c;
    }

    /**
     * Connects with hello in the upgrade URL's query (as the web client does) and sends nothing;
     * {@code query} is the URL's query string, e.g. "study=…&width=128&height=96&codecs=jpeg,png".
     */
    public static ViewerClient openWithHelloInUrl(int port, String query) throws Exception {
        ViewerClient c = new ViewerClient(URI.create("ws://127.0.0.1:" + port + "/ws?" + query), true, true);
        c.keepLosslessPayloads = true;
        return c;
    }

    /** Connects and sends hello asking for {@code layout} (e.g. "1x3"); every viewport is width×height. */
    public static ViewerClient openLayout(int port, String studyKey, int width, int height, String layout) throws Exception {
        return openLayout(port, studyKey, width, height, layout, List.of());
    }

    /** As above, offering {@code codecs} in hello. */
    public static ViewerClient openLayout(int port, String studyKey, int width, int height, String layout,
                                          List<String> codecs) throws Exception {
        ViewerClient c = new ViewerClient(URI.create("ws://127.0.0.1:" + port + "/ws"), true, true);
        c.keepLosslessPayloads = true;
        var hello = JSON.createObjectNode().put("type", "hello").put("study", studyKey).put("width", width)
                .put("height", height).put("dpr", 1).put("layout", layout);
        if (!codecs.isEmpty()) codecs.forEach(hello.putArray("codecs")::add);
        c.send(hello.toString());
        return c;
    }

    public void send(String json) {
        enqueue(json).join();
    }

    /** The JDK WebSocket allows one outstanding send: chain them (acks come from the reader thread). */
    private synchronized CompletableFuture<WebSocket> enqueue(String json) {
        lastSend = lastSend.exceptionally(e -> socket).thenCompose(ws -> socket.sendText(json, true));
        return lastSend;
    }

    public void wheel(int delta) {
        send("{\"type\":\"input\",\"kind\":\"wheel\",\"delta\":" + delta + "}");
    }

    public void drag(String tool, double dx, double dy) {
        send("{\"type\":\"input\",\"kind\":\"drag\",\"tool\":\"" + tool + "\",\"dx\":" + dx + ",\"dy\":" + dy + "}");
    }

    public int closeCode() {
        return closeCode;
    }

    /** Waits until some received frame satisfies the predicate. */
    public FrameInfo awaitFrame(Predicate<FrameInfo> p, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            for (FrameInfo f : frames) if (p.test(f)) return f;
            Thread.sleep(5);
        }
        throw new AssertionError("no matching frame within " + timeoutMs + " ms; got " + frames.size() + " frames"
                + (failure != null ? "; client failed: " + failure : ""), failure);
    }

    /** Closes the TCP connection without a close handshake (a vanished client). */
    public void abort() {
        socket.abort();
        http.shutdownNow();
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
        http.shutdownNow();
    }

    private final class Listener implements WebSocket.Listener {
        private final boolean reading;
        private final StringBuilder text = new StringBuilder();

        Listener(boolean reading) {
            this.reading = reading;
        }

        @Override
        public void onOpen(WebSocket ws) {
            if (reading) ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data); // a message may arrive in parts
            if (last) {
                try {
                    texts.add(JSON.readTree(text.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(partial.remaining() + data.remaining());
            joined.put(partial).put(data).flip();
            partial = joined;
            if (last) {
                ByteBuffer b = partial;
                partial = ByteBuffer.allocate(0);
                if (b.getInt(0) != 0x52534631) throw new IllegalStateException("bad frame magic");
                FrameInfo f = new FrameInfo(b.getInt(4), b.get(9), (b.get(10) & 1) == 1, b.getShort(12) & 0xFFFF,
                        b.getShort(14) & 0xFFFF, b.getInt(16), b.getInt(20), b.getInt(24), b.getInt(28), System.nanoTime(),
                        (b.get(10) & 2) == 2, b.get(8) & 0xFF, null);
                if (f.lossless() && keepLosslessPayloads) {
                    byte[] payload = new byte[f.payloadLength()];
                    b.get(32, payload);
                    f = new FrameInfo(f.id(), f.codec(), true, f.width(), f.height(), f.renderMicros(), f.encodeMicros(),
                            f.seq(), f.payloadLength(), f.receivedNanos(), f.keyFrame(), f.viewport(), payload);
                }
                if (f.payloadLength() != b.remaining() - 32) throw new IllegalStateException("payload length mismatch");
                if (f.lossless()) {
                    byte[] payload = new byte[f.payloadLength()];
                    b.get(32, payload);
                    losslessPayloads.put(f.id(), payload);
                }
                frames.add(f);
                if (ack) enqueue("{\"type\":\"ack\",\"frame\":" + f.id() + ",\"decodeMs\":1.5}");
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            failure = error;

        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode = statusCode;
            return CompletableFuture.completedFuture(null);
        }
    }
}
