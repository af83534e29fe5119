package io.radstream.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.radstream.render.Renderer;
import io.radstream.server.ServerConfig;
import io.radstream.server.ServerMetrics;
import io.radstream.volume.store.StudySummary;

import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The viewer protocol on one WebSocket (docs/protocol.md): {@code hello} opens the study, then
 * input, resize and ack messages drive the {@link ViewerSession}. Runs on the channel's event loop;
 * opening a study and rendering happen elsewhere. Errors close the socket with a 4xxx code and a
 * reason the client can show (a failed handshake would reach JavaScript only as code 1006).
 */
public final class ViewerSessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final System.Logger LOG = System.getLogger(ViewerSessionHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 4096;

    private final StudyVolumes volumes;
    private final Renderer renderer;
    private final Executor renderPool;
    private final ServerConfig config;
    private final ServerMetrics metrics;
    private ViewerSession session;
    private boolean opening;

    public ViewerSessionHandler(StudyVolumes volumes, Renderer renderer, Executor renderPool, ServerConfig config,
                                ServerMetrics metrics) {
        this.metrics = metrics;
        this.volumes = volumes;
        this.renderer = renderer;
        this.renderPool = renderPool;
        this.config = config;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            fail(ctx, 4400, "binary messages are not part of the protocol");
            return;
        }
        String body = text.text();
        if (body.length() > MAX_MESSAGE) {
            fail(ctx, 4400, "message too long");
            return;
        }
        JsonNode msg;
        try {
            msg = JSON.readTree(body);
        } catch (Exception e) {
            fail(ctx, 4400, "message is not JSON");
            return;
        }
        try {
            dispatch(ctx, msg);
        } catch (IllegalArgumentException e) {
            fail(ctx, 4400, e.getMessage());
        }
    }

    /**
     * A hello may ride on the upgrade request instead ({@code /ws?study=…&width=…}, docs/protocol.md):
     * the study then opens as soon as the handshake is done, not a round trip of the browser's busy
     * main thread later.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            JsonNode hello = HelloInUrl.parse(handshake.requestUri());
            if (hello != null) {
                try {
                    hello(ctx, hello);
                } catch (IllegalArgumentException e) {
                    fail(ctx, 4400, e.getMessage());
                }
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    private void dispatch(ChannelHandlerContext ctx, JsonNode msg) {
        String type = msg.path("type").asText("");
        if (type.equals("hello")) {
            hello(ctx, msg);
            return;
        }
        if (session == null) {
            if (opening) return; // input before the study is open is dropped: nothing to apply it to yet
            throw new IllegalArgumentException("'" + type + "' before 'hello'");
        }
        switch (type) {
            case "input" -> input(msg);
            case "resize" -> session.resize(viewport(msg), dimension(msg, "width"), dimension(msg, "height"));
            case "ack" -> session.acknowledged(msg.path("frame").asInt(0), msg.path("decodeMs").asDouble(-1));
            default -> throw new IllegalArgumentException("unknown message type '" + type + "'");
        }
    }

    private void input(JsonNode msg) {
        int vp = viewport(msg);
        switch (msg.path("kind").asText("")) {
            case "wheel" -> session.wheel(vp, Integer.signum(msg.path("delta").asInt(0)) * Math.min(50, Math.abs(msg.path("delta").asInt(0))));
            case "key" -> session.key(vp, msg.path("key").asText(""));
            case "drag" -> session.drag(vp, msg.path("tool").asText(""), finite(msg, "dx"), finite(msg, "dy"));
            case "reset" -> session.reset(vp);
            case "view" -> session.view(vp, msg.path("view").asText(""));
            case "voi" -> session.voi(vp);
            case "slab" -> session.slab(vp, finite(msg, "mm"), msg.path("projection").asText("MIP"));
            case "crosshair" -> session.crosshair(vp, finite(msg, "x"), finite(msg, "y"));
            default -> throw new IllegalArgumentException("unknown input kind '" + msg.path("kind").asText("") + "'");
        }
    }

    /** The viewport an input or resize applies to: {@code viewport}, 0 when absent (clients before layouts). */
    private int viewport(JsonNode msg) {
        JsonNode v = msg.path("viewport");
        if (v.isMissingNode() || v.isNull()) return 0;
        if (!v.canConvertToInt() || v.asInt() < 0 || v.asInt() >= session.viewports()) {
            throw new IllegalArgumentException("viewport must be 0.." + (session.viewports() - 1) + ", got " + v);
        }
        return v.asInt();
    }

    private static double finite(JsonNode msg, String field) {
        double v = msg.path(field).asDouble(0);
        if (!Double.isFinite(v) || Math.abs(v) > 100_000) throw new IllegalArgumentException(field + " out of range");
        return v;
    }

    private static int dimension(JsonNode msg, String field) {
        int v = msg.path(field).asInt(0);
        if (v < 1 || v > 8192) throw new IllegalArgumentException(field + " must be 1..8192, got " + v);
        return v;
    }

    private void hello(ChannelHandlerContext ctx, JsonNode msg) {
        if (session != null || opening) throw new IllegalArgumentException("'hello' sent twice");
        int width = dimension(msg, "width");
        int height = dimension(msg, "height");
        String key = msg.path("study").asText("");
        // H.264 only when offered (the browser checked its VideoDecoder); JPEG otherwise
        boolean h264 = false;
        for (JsonNode c : msg.path("codecs")) h264 |= "h264".equals(c.asText());
        boolean offeredH264 = h264;
        Layout layout = Layout.of(msg.path("layout").asText(""));
        if (!key.matches("[0-9a-f]{16}")) {
            fail(ctx, 4404, "unknown study");
            return;
        }
        Optional<StudySummary> study = volumes.study(key);
        if (study.isEmpty()) {
            fail(ctx, 4404, "unknown study");
            return;
        }
        opening = true;
        long helloNanos = System.nanoTime();
        volumes.open(study.get()).whenComplete((opened, error) -> ctx.channel().eventLoop().execute(() -> {
            opening = false;
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                LOG.log(System.Logger.Level.WARNING, "study {0} could not be opened: {1}", key, cause.getMessage());
                fail(ctx, 4500, "the study could not be opened: " + cause.getMessage());
                return;
            }
            if (!ctx.channel().isActive()) {
                opened.volume().release();
                return;
            }
            session = new ViewerSession(ctx.channel(), opened, renderer, renderPool, config, metrics, width, height, offeredH264, layout);
            session.start(helloNanos);
        }));
    }

    private void fail(ChannelHandlerContext ctx, int code, String reason) {
        var err = JSON.createObjectNode().put("type", "error").put("message", reason);
        ctx.writeAndFlush(new TextWebSocketFrame(err.toString()));
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason.length() > 120 ? reason.substring(0, 120) : reason));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (session != null && ctx.channel().isWritable()) session.channelWritable();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) session.close();
        session = null;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, "closing a channel after an error", cause);
        ctx.close();
    }
}
