package io.radstream.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.radstream.volume.series.Volume;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's numbers, in Prometheus form at {@code GET /metrics}: time to first image (server
 * share), input-to-frame-sent, render, encode, client decode+paint (from acks), frames and bytes
 * sent, frames dropped (states replaced before they were shown), sessions and resident volumes.
 * One instance per server; tests can create their own.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger sessions = new AtomicInteger();
    private final Timer ttfi;
    private final Timer inputToFrame;
    private final Timer render;
    private final Timer encodeJpeg;
    private final Timer encodePng;
    private final Timer clientPaint;
    private final Counter framesJpeg;
    private final Counter framesPng;
    private final Timer encodeH264;
    private final Counter framesH264;
    private final Counter framesDropped;
    private final DistributionSummary frameBytes;

    public ServerMetrics() {
        ttfi = timer("radstream.ttfi.server", "hello received to first lossless frame written");
        inputToFrame = timer("radstream.input.to.frame", "input applied to its frame written to the socket");
        render = timer("radstream.render", "render time per frame");
        encodeJpeg = Timer.builder("radstream.encode").tag("codec", "jpeg").description("encode time per frame")
                .publishPercentiles(0.5, 0.99).register(registry);
        encodePng = Timer.builder("radstream.encode").tag("codec", "png").description("encode time per frame")
                .publishPercentiles(0.5, 0.99).register(registry);
        clientPaint = timer("radstream.client.decode.paint", "client decode + paint, from acks");
        framesJpeg = Counter.builder("radstream.frames.sent").tag("codec", "jpeg").register(registry);
        framesPng = Counter.builder("radstream.frames.sent").tag("codec", "png").register(registry);
        encodeH264 = Timer.builder("radstream.encode").tag("codec", "h264").description("encode time per frame")
                .publishPercentiles(0.5, 0.99).register(registry);
        framesH264 = Counter.builder("radstream.frames.sent").tag("codec", "h264").register(registry);
        framesDropped = Counter.builder("radstream.frames.dropped")
                .description("view states replaced by newer ones before a frame showed them").register(registry);
        frameBytes = DistributionSummary.builder("radstream.frame.bytes").baseUnit("bytes")
                .description("encoded frame sizes; the sum is the bytes sent").register(registry);
        Gauge.builder("radstream.sessions", sessions, AtomicInteger::get).description("open viewer sessions").register(registry);
        Gauge.builder("radstream.volumes.resident.bytes", Volume::residentBytes).baseUnit("bytes")
                .description("off-heap voxel bytes of live volumes").register(registry);
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).publishPercentiles(0.5, 0.99).register(registry);
    }

    public void sessionOpened() { sessions.incrementAndGet(); }

    public void sessionClosed() { sessions.decrementAndGet(); }

    public void timeToFirstImage(long nanos) { ttfi.record(nanos, TimeUnit.NANOSECONDS); }

    public void inputToFrame(long nanos) { inputToFrame.record(nanos, TimeUnit.NANOSECONDS); }

    public void frameSent(boolean lossless, long renderNanos, long encodeNanos, int bytes) {
        frameSent(lossless ? "png" : "jpeg", renderNanos, encodeNanos, bytes);
    }

    /** @param codec {@code png}, {@code jpeg} or {@code h264} */
    public void frameSent(String codec, long renderNanos, long encodeNanos, int bytes) {
        if (codec.equals("h264")) {
            render.record(renderNanos, TimeUnit.NANOSECONDS);
            encodeH264.record(encodeNanos, TimeUnit.NANOSECONDS);
            framesH264.increment();
            frameBytes.record(bytes);
            return;
        }
        boolean lossless = codec.equals("png");
        render.record(renderNanos, TimeUnit.NANOSECONDS);
        (lossless ? encodePng : encodeJpeg).record(encodeNanos, TimeUnit.NANOSECONDS);
        (lossless ? framesPng : framesJpeg).increment();
        frameBytes.record(bytes);
    }

    public void frameDropped() { framesDropped.increment(); }

    public void clientDecodePaint(double millis) {
        if (millis >= 0 && millis < 60_000) clientPaint.record(Duration.ofNanos((long) (millis * 1e6)));
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
