package io.radstream.render.gl;

import io.radstream.render.ContextThreadCalls;
import io.radstream.render.Frame;
import io.radstream.render.ImageMapping;
import io.radstream.render.MprSampling;
import io.radstream.render.Renderer;
import io.radstream.render.ViewState;
import io.radstream.volume.series.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.lwjgl.opengl.GL45C.*;

/**
 * The OpenGL backend: renders on a headless EGL context (see {@link EglContext}) into a
 * framebuffer of the viewport's size and reads the 8-bit result back into a {@link Frame}.
 *
 * <p><b>Threads.</b> A GL context is current on one thread, so each renderer owns one platform
 * thread ("gl-context") and {@link #render} hands the work to it and waits. Callers may render from
 * any thread; frames are produced one at a time.
 *
 * <p><b>Readback.</b> A frame is read into a pixel-pack buffer behind a fence ({@link AsyncReadback});
 * the context thread goes on drawing other callers' frames and hands each frame over once its copy
 * is done, so it never idles while the GPU transfers. The caller of {@link #render} still waits
 * for its own frame.
 *
 * <p><b>Textures.</b> Each volume is uploaded once, as R16UI 2D array textures (see
 * {@link VolumeTextures}), and shared by every view of it. The cache holds volumes weakly; before
 * each frame it frees the textures of volumes that were released (their reference count reached
 * zero, probed with {@link Volume#tryRetain()}) or collected. {@link #evict} frees one at once.
 *
 * <p><b>Parity.</b> The image column and row under each viewport pixel come from
 * {@link ImageMapping}, the CPU backend's own arithmetic, uploaded per frame as a small integer
 * texture; the shader fetches the stored value with {@code texelFetch} and applies the rescale and
 * VOI LINEAR in double precision. Output equals {@code CpuRenderer}'s up to rare 1-level
 * differences at rounding boundaries (the parity tests allow 1 level on 0.1 % of pixels).
 */
public final class GlRenderer implements Renderer, AutoCloseable {
    /** How long a poll waits for the oldest readback: draws queued behind it wait at most this. */
    private static final long POLL_WAIT_NANOS = 200_000;
    private final ExecutorService thread;
    private final String device;
    private final boolean software;
    // --- confined to the context thread ---
    private EglContext context;
    private NativeSlicePass nativeSlice;
    private MprPass mpr;
    private final List<VolumeTextures> volumes = new ArrayList<>();
    private int vertexArray, mappingTexture, framebuffer, colorBuffer;
    private int fbWidth, fbHeight;
    private AsyncReadback readbacks;
    private boolean pollScheduled;
    private int maxLayers, maxSize;
    private volatile boolean closed;

    private GlRenderer(ExecutorService thread, EglContext context) {
        this.thread = thread;
        this.context = context;
        this.device = context.renderer + " (" + context.device + "; OpenGL " + context.version + ")";
        this.software = context.software;
    }

    /** Opens a context on the best EGL device (hardware before Mesa's software device). */
    public static GlRenderer create() throws GlUnavailableException {
        return create(Integer.MAX_VALUE);
    }

    /**
     * As {@link #create()}, with at most {@code arrayLayerLimit} slices per volume texture (the
     * driver's GL_MAX_ARRAY_TEXTURE_LAYERS when lower): tests split small volumes into several
     * textures with it, as the driver's limit does with long ones.
     */
    public static GlRenderer create(int arrayLayerLimit) throws GlUnavailableException {
        if (arrayLayerLimit < 1) throw new IllegalArgumentException("array layer limit " + arrayLayerLimit);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gl-context");
            t.setDaemon(true);
            return t;
        });
        try {
            GlRenderer r = thread.submit(() -> {
                EglContext c = EglContext.open();
                GlRenderer g = new GlRenderer(thread, c);
                try {
                    g.initialise(arrayLayerLimit);
                } catch (RuntimeException e) {
                    g.destroy();
                    throw new GlUnavailableException("setting up the " + c.renderer + " context failed", e);
                }
                return g;
            }).get();
            return r;
        } catch (ExecutionException e) {
            thread.shutdownNow();
            if (e.getCause() instanceof GlUnavailableException g) throw g;
            throw new GlUnavailableException("context creation failed", e.getCause());
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
            throw new GlUnavailableException("interrupted while creating the context");
        }
    }

    private void initialise(int arrayLayerLimit) {
        maxLayers = Math.min(arrayLayerLimit, glGetInteger(GL_MAX_ARRAY_TEXTURE_LAYERS));
        maxSize = glGetInteger(GL_MAX_TEXTURE_SIZE);
        if (maxSize < ViewState.MAX_VIEWPORT) {
            throw new IllegalStateException("GL_MAX_TEXTURE_SIZE " + maxSize + " < " + ViewState.MAX_VIEWPORT);
        }
        nativeSlice = new NativeSlicePass();
        mpr = new MprPass();
        vertexArray = glCreateVertexArrays();
        mappingTexture = glCreateTextures(GL_TEXTURE_2D);
        glTextureStorage2D(mappingTexture, 1, GL_R32I, ViewState.MAX_VIEWPORT, 2);
        // integer textures are incomplete (texelFetch returns 0) with the default LINEAR filters
        glTextureParameteri(mappingTexture, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTextureParameteri(mappingTexture, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        framebuffer = glCreateFramebuffers();
        readbacks = new AsyncReadback();
        checkError("initialisation");
    }

    @Override
    public String name() {
        return "gl";
    }

    /** GL_RENDERER, the EGL device and the GL version, e.g. "llvmpipe (LLVM 15.0.6, 256 bits) (EGL software device; …)". */
    public String device() {
        return device;
    }

    /** Mesa's software device or a software rasteriser (llvmpipe, softpipe): slower than {@code CpuRenderer}. */
    public boolean software() {
        return software;
    }

    @Override
    public Frame render(ViewState s, Volume volume) {
        CompletableFuture<Frame> frame = onContext(() -> draw(s, volume));
        return ContextThreadCalls.await(frame, "GL");
    }

    /** Frees the volume's textures now (they are also freed by themselves after its release). */
    public void evict(Volume volume) {
        onContext(() -> {
            volumes.removeIf(t -> {
                if (t.volume.get() != volume) return false;
                t.close();
                return true;
            });
            return null;
        });
    }

    /** Bytes of volume textures held on the GPU. */
    public long textureBytes() {
        return onContext(() -> volumes.stream().mapToLong(t -> t.bytes).sum());
    }

    private <T> T onContext(Callable<T> work) {
        if (closed) throw new IllegalStateException("GL renderer closed");
        return ContextThreadCalls.await(thread.submit(work), "GL");
    }

    // ---------------------------------------------------------------- context thread

    private CompletableFuture<Frame> draw(ViewState s, Volume volume) {
        sweep();
        // a minified thick MIP samples the CPU's MipPyramid level, uploaded like any volume
        Volume sampled = s.mode() == ViewState.Mode.MPR ? MprSampling.sampledVolume(s, volume) : volume;
        VolumeTextures textures = texturesOf(sampled);
        int vw = s.viewportWidth(), vh = s.viewportHeight();
        bindFramebuffer(vw, vh);
        glViewport(0, 0, vw, vh);
        glBindVertexArray(vertexArray);
        // one pass per view mode; a ViewState feature without a pass must throw here, not render wrongly
        if (s.mode() == ViewState.Mode.MPR) mpr.draw(s, volume, sampled, textures);
        else drawNative(s, volume, textures);
        checkError("rendering");
        CompletableFuture<Frame> frame = readbacks.start(vw, vh);
        checkError("reading back");
        schedulePoll();
        return frame;
    }

    /** While readbacks are pending, a poll task takes turns with the callers' draws in the queue. */
    private void schedulePoll() {
        if (pollScheduled) return;
        pollScheduled = true;
        thread.execute(() -> {
            pollScheduled = false;
            if (readbacks == null) return; // destroyed meanwhile
            if (readbacks.poll(POLL_WAIT_NANOS)) schedulePoll();
        });
    }

    private void drawNative(ViewState s, Volume volume, VolumeTextures textures) {
        int vw = s.viewportWidth(), vh = s.viewportHeight();
        ImageMapping m = ImageMapping.of(volume.geometry(), s);
        int[] columns = new int[vw], rows = new int[vh];
        for (int x = 0; x < vw; x++) columns[x] = m.column(x);
        for (int y = 0; y < vh; y++) rows[y] = m.row(y);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTextureSubImage2D(mappingTexture, 0, 0, 0, vw, 1, GL_RED_INTEGER, GL_INT, columns);
        glTextureSubImage2D(mappingTexture, 0, 0, 1, vh, 1, GL_RED_INTEGER, GL_INT, rows);
        glBindTextureUnit(1, mappingTexture);
        nativeSlice.draw(s, volume, textures);
    }

    private void bindFramebuffer(int w, int h) {
        if (w != fbWidth || h != fbHeight) {
            if (colorBuffer != 0) glDeleteRenderbuffers(colorBuffer);
            colorBuffer = glCreateRenderbuffers();
            glNamedRenderbufferStorage(colorBuffer, GL_R8, w, h);
            glNamedFramebufferRenderbuffer(framebuffer, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colorBuffer);
            int status = glCheckNamedFramebufferStatus(framebuffer, GL_FRAMEBUFFER);
            if (status != GL_FRAMEBUFFER_COMPLETE) {
                throw new IllegalStateException("framebuffer " + w + "×" + h + " incomplete: 0x" + Integer.toHexString(status));
            }
            fbWidth = w;
            fbHeight = h;
        }
        glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
    }

    private VolumeTextures texturesOf(Volume v) {
        for (VolumeTextures t : volumes) if (t.volume.get() == v) return t;
        VolumeTextures t = new VolumeTextures(v, maxLayers, maxSize);
        volumes.add(t);
        checkError("uploading a volume");
        return t;
    }

    /** Frees textures of volumes that were released or collected. */
    private void sweep() {
        volumes.removeIf(t -> {
            Volume v = t.volume.get();
            boolean live = v != null && v.tryRetain();
            if (live) v.release();
            if (!live) t.close();
            return !live;
        });
    }

    private static void checkError(String during) {
        int e = glGetError();
        if (e != GL_NO_ERROR) throw new IllegalStateException("OpenGL error 0x" + Integer.toHexString(e) + " during " + during);
    }

    private void destroy() {
        volumes.forEach(VolumeTextures::close);
        volumes.clear();
        if (nativeSlice != null) nativeSlice.close();
        if (mpr != null) mpr.close();
        if (colorBuffer != 0) glDeleteRenderbuffers(colorBuffer);
        if (framebuffer != 0) glDeleteFramebuffers(framebuffer);
        if (mappingTexture != 0) glDeleteTextures(mappingTexture);
        if (vertexArray != 0) glDeleteVertexArrays(vertexArray);
        if (readbacks != null) readbacks.close(); // waits for frames still in flight
        readbacks = null;
        if (context != null) context.close();
        context = null;
    }

    /** Frees every texture and the context, and stops the context thread. */
    @Override
    public void close() {
        if (closed) return;
        try {
            onContext(() -> {
                destroy();
                return null;
            });
        } finally {
            closed = true;
            thread.shutdown();
        }
    }
}
