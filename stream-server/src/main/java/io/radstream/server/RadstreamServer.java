package io.radstream.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.radstream.render.Backends;
import io.radstream.render.Renderer;
import io.radstream.server.http.ApiHandler;
import io.radstream.server.session.StudyVolumes;
import io.radstream.volume.store.StudyIndex;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The stream server: Netty event loops for I/O, a platform-thread pool for render and encode. */
public final class RadstreamServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RadstreamServer.class.getName());

    private final ServerConfig config;
    private final StudyVolumes volumes;
    private final ExecutorService renderPool;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final Renderer renderer;
    private final Backends.Choice backend;
    private final ServerMetrics metrics = new ServerMetrics();

    private RadstreamServer(ServerConfig config, StudyIndex index) throws InterruptedException {
        this.config = config;
        this.backend = Backends.select(config.backend());
        this.renderer = io.radstream.render.ModalityLutReformats.of(io.radstream.render.CpuFallbackRenderer.of(backend.renderer())); // refused views: CPU, exact; Modality LUT reformats: mapped copy
        LOG.log(System.Logger.Level.INFO, "render backend: {0}", backend.describe());
        this.volumes = new StudyVolumes(index, config.renderThreads(), config.volumeBudgetBytes());
        AtomicInteger n = new AtomicInteger();
        this.renderPool = Executors.newFixedThreadPool(config.renderThreads(), r -> {
            Thread t = new Thread(r, "render-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // small watermarks: frames wait in our one-slot scheduler, not in socket buffers
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ServerInitializer(new ApiHandler(index, metrics, this::status), volumes, renderer, renderPool, config, metrics));
        this.serverChannel = b.bind(new InetSocketAddress(config.bindAddress(), config.port())).sync().channel();
        LOG.log(System.Logger.Level.INFO, "listening on port {0}, renderer {1}", String.valueOf(port()), renderer.name());
    }

    public static RadstreamServer start(ServerConfig config, StudyIndex index) throws InterruptedException {
        return new RadstreamServer(config, index);
    }

    /** What {@code GET /api/status} shows: the render backend and the memory it works with. */
    public java.util.Map<String, Object> status() {
        java.util.Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("backend", backend.backend());
        s.put("device", backend.device());
        s.put("softwareRenderer", backend.software());
        s.put("backendNotes", backend.notes());
        s.put("residentVolumeBytes", io.radstream.volume.series.Volume.residentBytes());
        s.put("volumeBudgetBytes", config.volumeBudgetBytes());
        Runtime rt = Runtime.getRuntime();
        s.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        s.put("heapMaxBytes", rt.maxMemory());
        return s;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().sync();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        boss.shutdownGracefully();
        workers.shutdownGracefully().syncUninterruptibly();
        renderPool.shutdownNow();
        volumes.close();
        try {
            backend.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "render backend did not close cleanly: " + e);
        }
    }
}
