package io.radstream.render.gl;

import org.lwjgl.PointerBuffer;
import org.lwjgl.egl.EGL;
import org.lwjgl.egl.EGLCapabilities;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GL11C;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.MemoryStack;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.lwjgl.egl.EGL10.*;
import static org.lwjgl.egl.EGL12.eglBindAPI;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_API;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_BIT;
import static org.lwjgl.egl.EGL15.*;
import static org.lwjgl.egl.EXTDeviceEnumeration.eglQueryDevicesEXT;
import static org.lwjgl.egl.EXTDeviceQuery.eglQueryDeviceStringEXT;
import static org.lwjgl.egl.EXTPlatformBase.eglGetPlatformDisplayEXT;
import static org.lwjgl.egl.EXTPlatformDevice.EGL_PLATFORM_DEVICE_EXT;
import static org.lwjgl.system.MemoryUtil.NULL;

/**
 * A headless OpenGL 4.5 core context through EGL's device platform (EGL_EXT_platform_device): no
 * X server or window, works on a data-centre GPU and, without one, on Mesa's software device
 * (llvmpipe). Rendering goes to framebuffer objects; the context has no surface of its own (a 1×1
 * pbuffer when the driver lacks EGL_KHR_surfaceless_context).
 *
 * <p>Must be created, used and closed on one thread: the context is current on the thread that
 * created it.
 */
final class EglContext implements AutoCloseable {
    /** Mesa marks its software device with this device extension. */
    private static final String SOFTWARE_DEVICE = "EGL_MESA_device_software";
    private static final int EGL_DRM_DEVICE_FILE_EXT = 0x3233;

    static {
        // GL must not load libGL by itself: its functions come from EGL (eglGetProcAddress).
        Configuration.OPENGL_EXPLICIT_INIT.set(true);
    }

    private final long display;
    private final long context;
    private final long surface;
    final GLCapabilities caps;
    final String device;
    final String renderer;
    final String version;
    final boolean software;

    private EglContext(long display, long context, long surface, GLCapabilities caps, String device, boolean softwareDevice) {
        this.display = display;
        this.context = context;
        this.surface = surface;
        this.caps = caps;
        this.device = device;
        this.renderer = GL11C.glGetString(GL11C.GL_RENDERER);
        this.version = GL11C.glGetString(GL11C.GL_VERSION);
        this.software = softwareDevice || isSoftwareRenderer(renderer);
    }

    /** GL_RENDERER strings of software rasterisers. */
    static boolean isSoftwareRenderer(String glRenderer) {
        String r = glRenderer == null ? "" : glRenderer.toLowerCase(Locale.ROOT);
        return r.contains("llvmpipe") || r.contains("softpipe") || r.contains("swrast") || r.contains("software");
    }

    /** One EGL device: its handle, its DRM file if any, and whether it is Mesa's software device. */
    private record Device(long handle, String file, boolean software) {
        String describe() {
            return software ? "EGL software device" : "EGL device " + (file == null ? "(no DRM file)" : file);
        }
    }

    /** Opens a context on the first hardware device, or on the software device if there is no other. */
    static EglContext open() throws GlUnavailableException {
        EGLCapabilities client;
        try {
            client = EGL.getCapabilities();
        } catch (Throwable e) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError
            throw new GlUnavailableException("cannot load libEGL", e);
        }
        // LWJGL may report EGL_EXT_device_enumeration as absent though the function is there.
        if (client.eglQueryDevicesEXT == NULL || client.eglQueryDeviceStringEXT == NULL
                || client.eglGetPlatformDisplayEXT == NULL) {
            throw new GlUnavailableException("libEGL lacks the device platform (EGL_EXT_device_enumeration, "
                    + "EGL_EXT_device_query, EGL_EXT_platform_device)");
        }
        List<Device> devices = devices();
        if (devices.isEmpty()) throw new GlUnavailableException("EGL lists no devices");
        List<String> failures = new ArrayList<>();
        // hardware first, the software device last
        List<Device> ordered = new ArrayList<>(devices.stream().filter(d -> !d.software).toList());
        ordered.addAll(devices.stream().filter(Device::software).toList());
        for (Device d : ordered) {
            try {
                return open(d);
            } catch (GlUnavailableException e) {
                failures.add(d.describe() + ": " + e.getMessage());
            }
        }
        throw new GlUnavailableException("no EGL device gave an OpenGL 4.5 core context: " + String.join("; ", failures));
    }

    private static List<Device> devices() throws GlUnavailableException {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer count = stack.mallocInt(1);
            if (!eglQueryDevicesEXT(null, count)) throw new GlUnavailableException("eglQueryDevicesEXT failed: " + error());
            PointerBuffer handles = stack.mallocPointer(Math.max(1, count.get(0)));
            if (!eglQueryDevicesEXT(handles, count)) throw new GlUnavailableException("eglQueryDevicesEXT failed: " + error());
            List<Device> out = new ArrayList<>();
            for (int i = 0; i < count.get(0); i++) {
                long h = handles.get(i);
                String ext = eglQueryDeviceStringEXT(h, EGL_EXTENSIONS);
                String file = ext != null && ext.contains("EGL_EXT_device_drm") ? eglQueryDeviceStringEXT(h, EGL_DRM_DEVICE_FILE_EXT) : null;
                out.add(new Device(h, file, ext != null && ext.contains(SOFTWARE_DEVICE)));
            }
            return out;
        }
    }

    private static EglContext open(Device d) throws GlUnavailableException {
        long display = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, d.handle, (IntBuffer) null);
        if (display == EGL_NO_DISPLAY) throw new GlUnavailableException("eglGetPlatformDisplayEXT: " + error());
        long context = EGL_NO_CONTEXT, surface = EGL_NO_SURFACE;
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer major = stack.mallocInt(1), minor = stack.mallocInt(1);
            if (!eglInitialize(display, major, minor)) throw new GlUnavailableException("eglInitialize: " + error());
            EGLCapabilities dc = EGL.createDisplayCapabilities(display, major.get(0), minor.get(0));
            boolean surfaceless = dc.EGL_KHR_surfaceless_context;
            if (!eglBindAPI(EGL_OPENGL_API)) throw new GlUnavailableException("eglBindAPI(OpenGL): " + error());
            IntBuffer attribs = stack.ints(
                    EGL_SURFACE_TYPE, surfaceless ? 0 : EGL_PBUFFER_BIT,
                    EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                    EGL_NONE);
            PointerBuffer configs = stack.mallocPointer(1);
            IntBuffer n = stack.mallocInt(1);
            if (!eglChooseConfig(display, attribs, configs, n) || n.get(0) < 1) {
                throw new GlUnavailableException("no EGL config for desktop OpenGL: " + error());
            }
            long config = configs.get(0);
            context = eglCreateContext(display, config, EGL_NO_CONTEXT, stack.ints(
                    EGL_CONTEXT_MAJOR_VERSION, 4,
                    EGL_CONTEXT_MINOR_VERSION, 5,
                    EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                    EGL_NONE));
            if (context == EGL_NO_CONTEXT) throw new GlUnavailableException("no OpenGL 4.5 core context: " + error());
            if (!surfaceless) {
                surface = eglCreatePbufferSurface(display, config, stack.ints(EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE));
                if (surface == EGL_NO_SURFACE) throw new GlUnavailableException("eglCreatePbufferSurface: " + error());
            }
            if (!eglMakeCurrent(display, surface, surface, context)) throw new GlUnavailableException("eglMakeCurrent: " + error());
            GLCapabilities caps;
            try {
                if (GL.getFunctionProvider() == null) GL.create(EGL.getFunctionProvider());
                caps = GL.createCapabilities();
            } catch (Throwable e) {
                throw new GlUnavailableException("cannot load OpenGL functions through EGL", e);
            }
            if (!caps.OpenGL45) throw new GlUnavailableException("the context is not OpenGL 4.5");
            return new EglContext(display, context, surface, caps, d.describe(), d.software);
        } catch (GlUnavailableException | RuntimeException e) {
            eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
            if (surface != EGL_NO_SURFACE) eglDestroySurface(display, surface);
            if (context != EGL_NO_CONTEXT) eglDestroyContext(display, context);
            throw e;
        }
    }

    private static String error() {
        return "EGL error 0x" + Integer.toHexString(eglGetError());
    }

    @Override
    public void close() {
        eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        if (surface != EGL_NO_SURFACE) eglDestroySurface(display, surface);
        eglDestroyContext(display, context);
        // no eglTerminate: a device's EGLDisplay is one per process, shared by every context on it
        GL.setCapabilities(null);
    }
}
