package io.radstream.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the web client from the classpath ({@code /web/} of the web-client jar). Only plain file
 * names are accepted, so no path can climb out of the client folder.
 */
@ChannelHandler.Sharable
public final class StaticContentHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            HttpResponses.error(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET is supported here");
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (path.equals("/")) path = "/index.html";
        String name = path.substring(1);
        int dot = name.lastIndexOf('.');
        if (!name.matches("[A-Za-z0-9_-]+\\.[a-z]+") || dot < 0 || !TYPES.containsKey(name.substring(dot + 1))) {
            HttpResponses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "not found");
            return;
        }
        byte[] body = cache.computeIfAbsent(name, StaticContentHandler::load);
        if (body.length == 0) {
            HttpResponses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "not found");
            return;
        }
        HttpResponses.send(ctx, req, HttpResponseStatus.OK, TYPES.get(name.substring(dot + 1)), body);
    }

    private static byte[] load(String name) {
        try (InputStream in = StaticContentHandler.class.getResourceAsStream("/web/" + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
