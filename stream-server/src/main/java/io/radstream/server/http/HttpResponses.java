package io.radstream.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * Writes complete HTTP responses. Every response says {@code Cache-Control: no-store}: the viewer
 * is zero-footprint, nothing it receives may stay on the reading device.
 */
final class HttpResponses {
    private HttpResponses() {}

    static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.PRAGMA, "no-cache")
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (keepAlive) res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    }

    static void json(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String json) {
        send(ctx, req, status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    static void error(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String message) {
        String body = "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        json(ctx, req, status, body);
    }
}
