package io.radstream.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.function.Consumer;

/**
 * Sees the viewer page being requested ({@code GET /viewer.html?study=KEY}) and starts opening that
 * study at once, then passes the request on unchanged to the handler that serves the page. The
 * page's own hello follows 50–150 ms later (HTML, scripts, WebSocket handshake); by then the slice
 * in view is usually decoded, so time to first image no longer adds the open to page load.
 * What to start is the caller's: here only the key is taken from the URL.
 */
@ChannelHandler.Sharable
public final class ViewerPagePrefetch extends ChannelInboundHandlerAdapter {
    private static final String VIEWER_PAGE = "/viewer.html";
    private final Consumer<String> openStudy;

    /** {@code openStudy} gets the study key and must not block (it runs on the event loop). */
    public ViewerPagePrefetch(Consumer<String> openStudy) {
        this.openStudy = openStudy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req && req.method().equals(HttpMethod.GET)) {
            QueryStringDecoder uri = new QueryStringDecoder(req.uri());
            if (uri.path().equals(VIEWER_PAGE)) {
                List<String> study = uri.parameters().get("study");
                if (study != null && study.size() == 1 && !study.getFirst().isBlank()) openStudy.accept(study.getFirst());
            }
        }
        ctx.fireChannelRead(msg);
    }
}
