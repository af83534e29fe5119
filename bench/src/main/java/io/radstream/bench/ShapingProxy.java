package io.radstream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP proxy on loopback that delays every chunk by a fixed one-way delay in each direction and,
 * optionally, limits each direction's rate (a serialization queue of unbounded depth, like a
 * bottleneck with a large buffer). Used where the kernel cannot shape (this sandbox's kernel has
 * no netem): with network namespaces, tbf limits the rate and this proxy adds the delay; without
 * them it does both.
 */
public final class ShapingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long oneWayNanos;
    private final double bitsPerSecond;
    private volatile boolean closed;

    /** @param bitsPerSecond per direction; 0 or less for no limit */
    public ShapingProxy(InetSocketAddress upstream, double rttMs, double bitsPerSecond) throws IOException {
        this.upstream = upstream;
        this.oneWayNanos = (long) (rttMs / 2 * 1e6);
        this.bitsPerSecond = bitsPerSecond;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket down = listener.accept();
                Socket up = new Socket();
                up.connect(upstream, 5000);
                up.setTcpNoDelay(true);
                down.setTcpNoDelay(true);
                pipe(down, up);
                pipe(up, down);
            } catch (IOException e) {
                if (!closed) System.err.println("proxy: " + e);
            }
        }
    }

    private record Chunk(byte[] data, int len, long due) {}

    private void pipe(Socket from, Socket to) throws IOException {
        LinkedBlockingQueue<Chunk> q = new LinkedBlockingQueue<>();
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) > 0) q.put(new Chunk(buf.clone(), n, System.nanoTime() + oneWayNanos));
            } catch (Exception ignored) {
            }
            q.add(new Chunk(null, -1, 0));
        });
        Thread.ofPlatform().daemon().start(() -> {
            long linkFree = 0;
            try {
                while (true) {
                    Chunk c = q.take();
                    if (c.len < 0) break;
                    long due = c.due;
                    if (bitsPerSecond > 0) { // serialization at the bottleneck, then propagation
                        long start = Math.max(c.due - oneWayNanos, linkFree);
                        linkFree = start + (long) (c.len * 8e9 / bitsPerSecond);
                        due = linkFree + oneWayNanos;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    out.write(c.data, 0, c.len);
                    out.flush();
                }
            } catch (Exception ignored) {
            }
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
            }
        });
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
