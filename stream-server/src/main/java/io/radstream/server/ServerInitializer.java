package io.radstream.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.radstream.render.Renderer;
import io.radstream.server.http.ApiHandler;
import io.radstream.server.http.StaticContentHandler;
import io.radstream.server.http.ViewerPagePrefetch;
import io.radstream.server.session.StudyVolumes;
import io.radstream.server.session.ViewerSessionHandler;

import java.util.concurrent.Executor;

/**
 * The pipeline, read top to bottom as the protocol: HTTP codec → aggregator → WebSocket upgrade
 * on {@code /ws} → REST API → viewer-page prefetch (starts opening the study the page names) →
 * static client → viewer session (WebSocket frames only).
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final ApiHandler api;
    private final StaticContentHandler content = new StaticContentHandler();
    private final ViewerPagePrefetch prefetch;
    private final StudyVolumes volumes;
    private final Renderer renderer;
    private final Executor renderPool;
    private final ServerConfig config;
    private final ServerMetrics metrics;

    ServerInitializer(ApiHandler api, StudyVolumes volumes, Renderer renderer, Executor renderPool, ServerConfig config,
                      ServerMetrics metrics) {
        this.metrics = metrics;
        this.api = api;
        this.volumes = volumes;
        this.renderer = renderer;
        this.renderPool = renderPool;
        this.config = config;
        this.prefetch = new ViewerPagePrefetch(volumes::prefetch);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("http", new HttpServerCodec());
        p.addLast("aggregator", new HttpObjectAggregator(64 * 1024));
        p.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws").checkStartsWith(true) // "/ws" or "/ws?…" (a hello in the query)
                .maxFramePayloadLength(64 * 1024).build()));
        p.addLast("api", api);
        p.addLast("prefetch", prefetch);
        p.addLast("content", content);
        p.addLast("viewer", new ViewerSessionHandler(volumes, renderer, renderPool, config, metrics));
    }
}
