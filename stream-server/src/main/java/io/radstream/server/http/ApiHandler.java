package io.radstream.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.radstream.server.ServerMetrics;
import io.radstream.server.session.PersonNames;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudySummary;

/**
 * The REST API: {@code GET /healthz}, {@code GET /api/studies}, {@code GET /api/status} (render
 * backend, device, memory), {@code GET /metrics} (Prometheus). Other requests pass on to the
 * static content handler. Shared by all channels (stateless).
 */
@ChannelHandler.Sharable
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());
    private final StudyIndex index;
    private final ObjectMapper json = new ObjectMapper();

    private final ServerMetrics metrics;

    private final java.util.function.Supplier<java.util.Map<String, Object>> status;

    /** @param status what {@code GET /api/status} reports (render backend, device, memory) */
    public ApiHandler(StudyIndex index, ServerMetrics metrics, java.util.function.Supplier<java.util.Map<String, Object>> status) {
        super(false); // requests we do not answer are passed on, not released
        this.index = index;
        this.metrics = metrics;
        this.status = status;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
        String path = new QueryStringDecoder(req.uri()).path();
        if (!path.equals("/healthz") && !path.equals("/metrics") && !path.startsWith("/api/")) {
            ctx.fireChannelRead(req);
            return;
        }
        try {
            if (!req.method().equals(HttpMethod.GET)) {
                HttpResponses.error(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET is supported here");
                return;
            }
            switch (path) {
                case "/healthz" -> HttpResponses.json(ctx, req, HttpResponseStatus.OK, "{\"status\":\"ok\"}");
                case "/api/studies" -> HttpResponses.json(ctx, req, HttpResponseStatus.OK, studies());
                case "/api/status" -> HttpResponses.json(ctx, req, HttpResponseStatus.OK, json.writeValueAsString(status.get()));
                case "/metrics" -> HttpResponses.send(ctx, req, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                default -> HttpResponses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no such API: " + path);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "API request " + path + " failed", e);
            HttpResponses.error(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
        } finally {
            req.release();
        }
    }

    private String studies() {
        ArrayNode list = json.createArrayNode();
        for (StudySummary s : index.listStudies()) {
            ObjectNode o = list.addObject();
            o.put("studyKey", s.studyKey());
            o.put("studyInstanceUid", s.studyInstanceUid());
            o.put("patientName", PersonNames.display(s.patientName()));
            o.put("modality", String.join("/", s.modalities()));
            o.put("description", s.description());
            o.put("studyDate", s.studyDate());
            o.put("seriesCount", s.seriesCount());
            o.put("instanceCount", s.instanceCount());
            o.put("viewerUrl", "/viewer.html?study=" + s.studyKey());
        }
        return list.toString();
    }
}
