package io.radstream.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A Chrome DevTools Protocol connection to one target over the JDK's WebSocket client.
 *
 * <p>Commands carry an increasing {@code id}; {@link #send} waits for the response with the same id
 * and returns its {@code result} (or throws {@link CdpException} for an {@code error} reply or a
 * timeout). Messages without an id are events, handed to listeners registered with {@link #on} on a
 * dedicated thread, so a listener may itself call {@link #send} without dead-locking the socket.
 */
public final class CdpSession implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A CDP error reply, a timeout, or a closed connection. */
    public static final class CdpException extends RuntimeException {
        public CdpException(String message) {
            super(message);
        }

        public CdpException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<Integer, String> pendingMethods = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<JsonNode>>> listeners = new ConcurrentHashMap<>();
    private final ExecutorService eventThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cdp-events");
        t.setDaemon(true);
        return t;
    });
    private final Object sendLock = new Object();
    private final Duration defaultTimeout;
    private volatile WebSocket socket;
    private volatile String closedReason;

    private CdpSession(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    /** Connects to a {@code webSocketDebuggerUrl}; commands time out after {@code defaultTimeout}. */
    public static CdpSession connect(URI webSocketDebuggerUrl, Duration defaultTimeout) {
        CdpSession session = new CdpSession(defaultTimeout);
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        try {
            session.socket = http.newWebSocketBuilder()
                    .connectTimeout(defaultTimeout)
                    .buildAsync(webSocketDebuggerUrl, session.new Receiver())
                    .get(defaultTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdpException("interrupted connecting to " + webSocketDebuggerUrl, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CdpException("cannot connect to " + webSocketDebuggerUrl, e);
        }
        return session;
    }

    /** {@code send(method, null)}. */
    public JsonNode send(String method) {
        return send(method, null, defaultTimeout);
    }

    /**
     * Sends a command and waits for its result.
     *
     * @param params a {@code Map}, a Jackson {@code ObjectNode}, any bean Jackson can serialize, or null
     * @return the reply's {@code result} object (an empty object when the command returns nothing)
     */
    public JsonNode send(String method, Object params) {
        return send(method, params, defaultTimeout);
    }

    public JsonNode send(String method, Object params, Duration timeout) {
        CompletableFuture<JsonNode> reply = sendAsync(method, params);
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdpException(method + ": interrupted", e);
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new CdpException(method + ": no reply within " + timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CdpException cdp) {
                throw new CdpException(cdp.getMessage(), cdp); // keep the caller's stack trace too
            }
            throw new CdpException(method + ": " + e.getCause(), e.getCause());
        }
    }

    /** Sends a command; the future completes with the result or fails with {@link CdpException}. */
    public CompletableFuture<JsonNode> sendAsync(String method, Object params) {
        int id = nextId.getAndIncrement();
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("id", id);
        message.put("method", method);
        if (params != null) {
            message.set("params", JSON.valueToTree(params));
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        String closed = closedReason;
        if (closed != null) {
            reply.completeExceptionally(new CdpException(method + ": connection closed (" + closed + ")"));
            return reply;
        }
        pending.put(id, reply);
        pendingMethods.put(id, method);
        reply.whenComplete((r, t) -> {
            pending.remove(id);
            pendingMethods.remove(id);
        });
        try {
            // the JDK WebSocket allows one outstanding send at a time
            synchronized (sendLock) {
                socket.sendText(message.toString(), true).join();
            }
        } catch (RuntimeException e) {
            reply.completeExceptionally(new CdpException(method + ": send failed", e));
        }
        return reply;
    }

    /**
     * Registers a listener for an event (e.g. {@code "Page.loadEventFired"}); it receives the event's
     * {@code params}. Returns a handle whose {@code close()} removes the listener.
     */
    public AutoCloseable on(String event, Consumer<JsonNode> listener) {
        List<Consumer<JsonNode>> list = listeners.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    /** A future for the next occurrence of {@code event} whose params match {@code filter}. */
    public CompletableFuture<JsonNode> once(String event, Predicate<JsonNode> filter) {
        CompletableFuture<JsonNode> next = new CompletableFuture<>();
        AutoCloseable handle = on(event, params -> {
            if (!next.isDone() && filter.test(params)) {
                next.complete(params);
            }
        });
        next.whenComplete((p, t) -> closeQuietly(handle));
        return next;
    }

    public boolean isOpen() {
        return closedReason == null;
    }

    @Override
    public void close() {
        markClosed("closed by client");
        WebSocket ws = socket;
        if (ws != null) {
            try {
                synchronized (sendLock) {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
                }
            } catch (Exception ignored) {
                // the browser may already be gone
            }
            ws.abort();
        }
        eventThread.shutdownNow();
    }

    private void markClosed(String reason) {
        if (closedReason == null) {
            closedReason = reason;
        }
        for (Map.Entry<Integer, CompletableFuture<JsonNode>> e : pending.entrySet()) {
            String method = pendingMethods.getOrDefault(e.getKey(), "?");
            e.getValue().completeExceptionally(new CdpException(method + ": connection closed (" + reason + ")"));
        }
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            return; // not JSON: nothing we can route
        }
        JsonNode id = message.get("id");
        if (id != null && id.isInt()) {
            CompletableFuture<JsonNode> reply = pending.get(id.intValue());
            if (reply == null) {
                return; // timed out earlier
            }
            JsonNode error = message.get("error");
            if (error != null) {
                String method = pendingMethods.getOrDefault(id.intValue(), "?");
                reply.completeExceptionally(new CdpException(method + ": " + error.path("message").asText()
                        + " (code " + error.path("code").asInt() + ")"
                        + (error.has("data") ? ": " + error.get("data").asText() : "")));
            } else {
                JsonNode result = message.get("result");
                reply.complete(result == null ? JsonNodeFactory.instance.objectNode() : result);
            }
            return;
        }
        String method = message.path("method").asText(null);
        if (method == null) {
            return;
        }
        List<Consumer<JsonNode>> list = listeners.get(method);
        if (list == null || list.isEmpty()) {
            return;
        }
        JsonNode params = message.path("params");
        eventThread.execute(() -> {
            for (Consumer<JsonNode> listener : list) {
                try {
                    listener.accept(params);
                } catch (RuntimeException e) {
                    System.err.println("CDP listener for " + method + " failed: " + e);
                }
            }
        });
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // removing a listener cannot fail
        }
    }

    /** Reassembles fragmented text messages (screenshots and pixel dumps are megabytes). */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                dispatch(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            markClosed("close " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            markClosed(String.valueOf(error));
        }
    }
}
