package io.radstream.render.gl;

import io.radstream.render.Frame;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

import static org.lwjgl.opengl.GL45C.*;

/**
 * Reads rendered frames back without stalling the context thread. {@code glReadPixels} into a
 * pixel-pack buffer only queues the copy; a fence marks when the GPU has done it, and the bytes are
 * mapped out only then. Meanwhile the context thread draws other callers' frames, so on a real GPU
 * one frame's transfer overlaps the next one's rendering, where a plain {@code glReadPixels} into
 * client memory would wait for the whole pipeline to drain each time.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} readbacks are pending; starting another first finishes the
 * oldest. Buffers are kept and grown, never shrunk, so steady rendering allocates nothing on the
 * GPU. Context thread only.
 */
final class AsyncReadback implements AutoCloseable {
    static final int MAX_IN_FLIGHT = 3;

    private record Pending(int buffer, long fence, int width, int height, CompletableFuture<Frame> frame) {}

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ArrayDeque<Integer> idle = new ArrayDeque<>();
    private final java.util.Map<Integer, Long> capacity = new java.util.HashMap<>();

    /**
     * Queues the readback of the bound framebuffer's {@code width}×{@code height} R8 image (rows
     * bottom-up, which is top-down for our shaders) and returns the frame to come.
     */
    CompletableFuture<Frame> start(int width, int height) {
        if (pending.size() >= MAX_IN_FLIGHT) finish(pending.removeFirst(), GL_TIMEOUT_IGNORED);
        long bytes = (long) width * height;
        int buffer = bufferOf(bytes);
        glBindBuffer(GL_PIXEL_PACK_BUFFER, buffer);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, width, height, GL_RED, GL_UNSIGNED_BYTE, 0L);
        glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
        long fence = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
        glFlush(); // the fence must reach the GPU, or waiting on it from this thread could never end
        CompletableFuture<Frame> frame = new CompletableFuture<>();
        pending.addLast(new Pending(buffer, fence, width, height, frame));
        return frame;
    }

    /**
     * Completes the readbacks whose copies are done, oldest first, waiting up to {@code waitNanos}
     * for the oldest one. Returns whether any are still pending.
     */
    boolean poll(long waitNanos) {
        while (!pending.isEmpty()) {
            Pending p = pending.peekFirst();
            int status = glClientWaitSync(p.fence(), 0, waitNanos);
            if (status == GL_TIMEOUT_EXPIRED) return true;
            pending.removeFirst();
            complete(p, status);
            waitNanos = 0; // later ones only if they are already done
        }
        return false;
    }

    /** Waits for every pending readback (before the context goes away). */
    void drain() {
        while (!pending.isEmpty()) finish(pending.removeFirst(), GL_TIMEOUT_IGNORED);
    }

    private void finish(Pending p, long waitNanos) {
        complete(p, glClientWaitSync(p.fence(), 0, waitNanos));
    }

    private void complete(Pending p, int status) {
        glDeleteSync(p.fence());
        try {
            if (status == GL_WAIT_FAILED) throw new IllegalStateException("OpenGL: waiting for a frame's readback failed");
            int bytes = p.width() * p.height();
            ByteBuffer mapped = glMapNamedBufferRange(p.buffer(), 0, bytes, GL_MAP_READ_BIT);
            if (mapped == null) throw new IllegalStateException("OpenGL: a readback buffer could not be mapped");
            byte[] gray = new byte[bytes];
            mapped.get(0, gray);
            glUnmapNamedBuffer(p.buffer());
            p.frame().complete(new Frame(p.width(), p.height(), gray));
        } catch (RuntimeException e) {
            p.frame().completeExceptionally(e);
        } finally {
            idle.addLast(p.buffer());
        }
    }

    private int bufferOf(long bytes) {
        Integer b = idle.pollFirst();
        int buffer = b != null ? b : glCreateBuffers();
        if (capacity.getOrDefault(buffer, 0L) < bytes) {
            glNamedBufferData(buffer, bytes, GL_STREAM_READ);
            capacity.put(buffer, bytes);
        }
        return buffer;
    }

    @Override
    public void close() {
        drain();
        for (int buffer : capacity.keySet()) glDeleteBuffers(buffer);
        capacity.clear();
        idle.clear();
    }
}
