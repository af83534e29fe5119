package io.radstream.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real headless Chromium driven over the DevTools protocol, for end-to-end tests of the web client.
 *
 * <pre>{@code
 * Assumptions.assumeTrue(HeadlessChromium.available(), "chromium not installed: apt-get install chromium");
 * try (HeadlessChromium browser = HeadlessChromium.launch()) {
 *     browser.setViewport(800, 600, 2.0);
 *     browser.navigate("http://127.0.0.1:" + port + "/viewer.html?study=" + key);
 *     browser.waitFor("window.radstreamStats?.firstFrameMs != null", Duration.ofSeconds(10));
 *     HeadlessChromium.CanvasPixels px = browser.canvasPixels();
 * }
 * }</pre>
 *
 * <p>Each instance is one Chromium process with a fresh temporary profile (deleted by {@link #close()})
 * and one page target. Coordinates of the input methods are CSS pixels of the viewport, as in CDP's
 * {@code Input} domain; with a device pixel ratio {@code dpr}, one CSS pixel is {@code dpr} device pixels.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** Modifier bits of {@code Input.dispatchMouseEvent}/{@code dispatchKeyEvent}. */
    public static final int ALT = 1, CTRL = 2, META = 4, SHIFT = 8;

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    /** Flags required to run as root in a closed network without Chromium calling home. */
    private static final List<String> FLAGS = List.of(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            // deterministic pixels and timers for tests
            "--force-color-profile=srgb", "--hide-scrollbars", "--mute-audio",
            "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
            "--disable-backgrounding-occluded-windows",
            "--disable-extensions", "--disable-default-apps", "--no-default-browser-check",
            "--disable-domain-reliability", "--disable-client-side-phishing-detection",
            "--password-store=basic", "--window-size=1280,800");

    public enum MouseButton {
        LEFT("left", 1), RIGHT("right", 2), MIDDLE("middle", 4);

        final String cdpName;
        final int buttonsMask;

        MouseButton(String cdpName, int buttonsMask) {
            this.cdpName = cdpName;
            this.buttonsMask = buttonsMask;
        }
    }

    /**
     * A canvas's pixels as read by {@code getImageData(0, 0, width, height)}: {@code rgba} holds
     * {@code width*height*4} bytes, row-major, R,G,B,A per pixel, unpremultiplied (the canvas's
     * own sRGB values, no screenshot colour management involved).
     */
    public record CanvasPixels(int width, int height, byte[] rgba) {
        /** One channel (0=R, 1=G, 2=B, 3=A) as {@code width*height} bytes, row-major. */
        public byte[] channel(int c) {
            byte[] out = new byte[width * height];
            for (int i = 0; i < out.length; i++) {
                out[i] = rgba[i * 4 + c];
            }
            return out;
        }

        /** The R channel: for a gray image, directly comparable with {@code voi_reference.py}'s output. */
        public byte[] red() {
            return channel(0);
        }

        /** Channel {@code c} of pixel (x, y), 0..255. */
        public int at(int x, int y, int c) {
            return rgba[(y * width + x) * 4 + c] & 0xff;
        }

        /** True when R == G == B for every pixel. */
        public boolean isGray() {
            for (int i = 0; i < rgba.length; i += 4) {
                if (rgba[i] != rgba[i + 1] || rgba[i] != rgba[i + 2]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Thrown by {@link #waitFor} when the predicate stays falsy. */
    public static final class WaitTimeoutException extends RuntimeException {
        public WaitTimeoutException(String message) {
            super(message);
        }
    }

    private final Process process;
    private final Path tempRoot;
    private final Path log;
    private final int port;
    private final CdpSession cdp;
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final Set<String> loadedLoaders = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook;
    private volatile boolean closed;

    /** Whether {@code /usr/bin/chromium} exists; tests should {@code assumeTrue} this. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    public static HeadlessChromium launch() throws IOException {
        return launch(List.of());
    }

    /** Starts Chromium with the standard flags plus {@code extraFlags}, and connects to a page. */
    public static HeadlessChromium launch(List<String> extraFlags) throws IOException {
        if (!available()) {
            throw new IOException(CHROMIUM + " not found: apt-get install chromium");
        }
        Path root = Files.createTempDirectory("radstream-chromium-");
        Path profile = Files.createDirectory(root.resolve("profile"));
        Path log = root.resolve("chromium.log");
        List<String> command = new ArrayList<>();
        command.add(CHROMIUM.toString());
        command.addAll(FLAGS);
        command.addAll(extraFlags);
        command.add("--user-data-dir=" + profile);
        command.add("--remote-debugging-port=0");
        command.add("about:blank");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        try {
            return new HeadlessChromium(process, root, log);
        } catch (IOException | RuntimeException e) {
            kill(process);
            String tail = tail(log);
            deleteTree(root);
            throw new IOException("chromium did not start: " + e.getMessage() + "\n--- chromium log ---\n" + tail, e);
        }
    }

    private HeadlessChromium(Process process, Path tempRoot, Path log) throws IOException {
        this.process = process;
        this.tempRoot = tempRoot;
        this.log = log;
        this.shutdownHook = new Thread(() -> {
            kill(process);
            deleteTree(tempRoot);
        }, "chromium-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.port = readDevToolsPort(tempRoot.resolve("profile").resolve("DevToolsActivePort"));
        this.cdp = CdpSession.connect(URI.create(pageWebSocketUrl()), COMMAND_TIMEOUT);

        cdp.on("Runtime.consoleAPICalled", p -> {
            StringBuilder line = new StringBuilder("console.").append(p.path("type").asText()).append(':');
            for (JsonNode arg : p.path("args")) {
                line.append(' ').append(arg.has("value") ? arg.get("value").asText() : arg.path("description").asText());
            }
            console.add(line.toString());
        });
        cdp.on("Runtime.exceptionThrown", p -> {
            JsonNode d = p.path("exceptionDetails");
            console.add("exception: " + d.path("exception").path("description").asText(d.path("text").asText()));
        });
        cdp.on("Log.entryAdded", p -> {
            JsonNode e = p.path("entry");
            console.add("log." + e.path("level").asText() + ": " + e.path("text").asText() + " " + e.path("url").asText(""));
        });
        cdp.on("Page.lifecycleEvent", p -> {
            if ("load".equals(p.path("name").asText())) {
                loadedLoaders.add(p.path("loaderId").asText());
            }
        });
        cdp.send("Page.enable");
        cdp.send("Page.setLifecycleEventsEnabled", Map.of("enabled", true));
        cdp.send("Runtime.enable");
        cdp.send("Log.enable");
        // keydown reaches the page and document.hasFocus() is true although no window has OS focus
        cdp.send("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
    }

    private int readDevToolsPort(Path file) throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                // two lines: the port, then the browser target's path; wait until both are written
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            if (!process.isAlive()) {
                throw new IOException("chromium exited with status " + process.exitValue());
            }
            sleep(50);
        }
        throw new IOException("no " + file + " after " + STARTUP_TIMEOUT);
    }

    /** The first page target from /json/list, or a new one from /json/new. */
    private String pageWebSocketUrl() throws IOException {
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        JsonNode targets = CdpSession.JSON.readTree(httpCall(http, HttpRequest.newBuilder(URI.create(base + "/json/list")).GET()));
        for (JsonNode t : targets) {
            if ("page".equals(t.path("type").asText()) && t.hasNonNull("webSocketDebuggerUrl")) {
                return t.get("webSocketDebuggerUrl").asText();
            }
        }
        // recent Chromium insists on PUT for /json/new
        JsonNode created = CdpSession.JSON.readTree(httpCall(http,
                HttpRequest.newBuilder(URI.create(base + "/json/new?about:blank")).PUT(HttpRequest.BodyPublishers.noBody())));
        if (!created.hasNonNull("webSocketDebuggerUrl")) {
            throw new IOException("no page target: " + created);
        }
        return created.get("webSocketDebuggerUrl").asText();
    }

    private static String httpCall(HttpClient http, HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(response.uri() + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The raw DevTools connection to the page, for commands this class does not wrap. */
    public CdpSession cdp() {
        return cdp;
    }

    public int debuggingPort() {
        return port;
    }

    /** The last 4000 characters of Chromium's own stdout/stderr, for failure messages. */
    public String chromiumLog() {
        return tail(log);
    }

    /** Console messages, uncaught exceptions and browser log entries of the page so far. */
    public List<String> console() {
        return List.copyOf(console);
    }

    /** Navigates and waits (30 s) for the new document's load event. */
    public void navigate(String url) {
        navigate(url, COMMAND_TIMEOUT);
    }

    public void navigate(String url, Duration timeout) {
        JsonNode result = cdp.send("Page.navigate", Map.of("url", url));
        if (result.hasNonNull("errorText") && !result.get("errorText").asText().isEmpty()) {
            throw new CdpSession.CdpException("navigate " + url + ": " + result.get("errorText").asText());
        }
        String loaderId = result.path("loaderId").asText(null);
        if (loaderId == null) {
            return; // same-document navigation: nothing loads
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!loadedLoaders.contains(loaderId)) {
            if (System.nanoTime() > deadline) {
                throw new WaitTimeoutException("navigate " + url + ": no load event within " + timeout);
            }
            sleep(10);
        }
    }

    /**
     * Emulates a viewport of {@code width x height} CSS pixels at device pixel ratio {@code dpr}
     * (the page sees {@code innerWidth == width}, {@code devicePixelRatio == dpr}; resize and
     * resolution media-query events fire as on a real display change).
     */
    public void setViewport(int width, int height, double dpr) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("width", width);
        params.put("height", height);
        params.put("deviceScaleFactor", dpr);
        params.put("mobile", false);
        cdp.send("Emulation.setDeviceMetricsOverride", params);
    }

    /**
     * Evaluates a JavaScript expression in the page, awaiting a returned promise, and returns its
     * value as JSON ({@code MissingNode} for {@code undefined}). A thrown exception becomes a
     * {@link CdpSession.CdpException} with the JavaScript message.
     */
    public JsonNode evaluate(String js) {
        JsonNode result = cdp.send("Runtime.evaluate", Map.of(
                "expression", js, "returnByValue", true, "awaitPromise", true, "userGesture", true));
        JsonNode exception = result.get("exceptionDetails");
        if (exception != null) {
            throw new CdpSession.CdpException("evaluate failed: " + describe(exception) + "\n  in: " + js);
        }
        JsonNode value = result.path("result").get("value");
        return value == null ? MissingNode.getInstance() : value;
    }

    /**
     * Polls (every 25 ms) until {@code jsPredicate} is truthy and returns its value. While it throws
     * (e.g. {@code window.radstreamStats} not yet defined) it counts as false; a syntax error fails at
     * once. Throws {@link WaitTimeoutException} with the last value or error after {@code timeout}.
     */
    public JsonNode waitFor(String jsPredicate, Duration timeout) {
        String wrapped = "(async () => { const v = await (" + jsPredicate + "\n); return {ok: !!v, v: v === undefined ? null : v}; })()";
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "never evaluated";
        while (true) {
            JsonNode result = cdp.send("Runtime.evaluate", Map.of(
                    "expression", wrapped, "returnByValue", true, "awaitPromise", true));
            JsonNode exception = result.get("exceptionDetails");
            if (exception != null) {
                last = "threw " + describe(exception);
                if (exception.path("exception").path("className").asText().equals("SyntaxError")) {
                    throw new CdpSession.CdpException("waitFor: " + last + "\n  in: " + jsPredicate);
                }
            } else {
                JsonNode value = result.path("result").path("value");
                if (value.path("ok").asBoolean()) {
                    return value.path("v");
                }
                last = "was " + value.path("v");
            }
            if (System.nanoTime() > deadline) {
                throw new WaitTimeoutException("waitFor(" + jsPredicate + ") still false after " + timeout
                        + ": last " + last + "\n  console: " + console());
            }
            sleep(25);
        }
    }

    /** One wheel event at (x, y) CSS pixels; positive {@code deltaY} scrolls down. */
    public void mouseWheel(double x, double y, double deltaY) {
        cdp.send("Input.dispatchMouseEvent", Map.of(
                "type", "mouseWheel", "x", x, "y", y, "deltaX", 0, "deltaY", deltaY));
    }

    /**
     * Presses {@code button} at (fromX, fromY), moves in {@code steps} equal steps to (toX, toY) and
     * releases there, with {@code modifiers} ({@link #SHIFT} etc.) held throughout. The events are
     * sent back to back, so several moves may fall into one animation frame.
     */
    public void mouseDrag(MouseButton button, double fromX, double fromY, double toX, double toY, int steps, int modifiers) {
        mouseDrag(button, fromX, fromY, toX, toY, steps, modifiers, Duration.ZERO);
    }

    /** As above, pausing {@code stepDelay} after each move (e.g. 20 ms to span animation frames). */
    public void mouseDrag(MouseButton button, double fromX, double fromY, double toX, double toY, int steps,
                          int modifiers, Duration stepDelay) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1");
        }
        mouse("mouseMoved", fromX, fromY, "none", 0, 0, modifiers);
        mouse("mousePressed", fromX, fromY, button.cdpName, button.buttonsMask, 1, modifiers);
        for (int i = 1; i <= steps; i++) {
            double x = fromX + (toX - fromX) * i / steps;
            double y = fromY + (toY - fromY) * i / steps;
            mouse("mouseMoved", x, y, button.cdpName, button.buttonsMask, 0, modifiers);
            if (!stepDelay.isZero()) {
                sleep(stepDelay.toMillis());
            }
        }
        mouse("mouseReleased", toX, toY, button.cdpName, 0, 1, modifiers);
    }

    /** A left double click at (x, y): two press/release pairs, the second with clickCount 2. */
    public void doubleClick(double x, double y) {
        mouse("mouseMoved", x, y, "none", 0, 0, 0);
        for (int count = 1; count <= 2; count++) {
            mouse("mousePressed", x, y, "left", 1, count, 0);
            mouse("mouseReleased", x, y, "left", 0, count, 0);
        }
    }

    private void mouse(String type, double x, double y, String button, int buttons, int clickCount, int modifiers) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("type", type);
        params.put("x", x);
        params.put("y", y);
        params.put("button", button);
        params.put("buttons", buttons);
        params.put("clickCount", clickCount);
        params.put("modifiers", modifiers);
        cdp.send("Input.dispatchMouseEvent", params);
    }

    /** Key codes for the non-printing keys tests use; the key name is the DOM {@code KeyboardEvent.key}. */
    private static final Map<String, Integer> KEY_CODES = Map.ofEntries(
            Map.entry("ArrowUp", 38), Map.entry("ArrowDown", 40), Map.entry("ArrowLeft", 37),
            Map.entry("ArrowRight", 39), Map.entry("PageUp", 33), Map.entry("PageDown", 34),
            Map.entry("Home", 36), Map.entry("End", 35), Map.entry("Escape", 27), Map.entry("Enter", 13),
            Map.entry("Tab", 9), Map.entry("Backspace", 8), Map.entry("Delete", 46));

    /**
     * Presses and releases one key: a DOM key name ({@code "ArrowUp"}, {@code "PageDown"},
     * {@code "Home"}, ...) or a single printable character ({@code "r"}).
     */
    public void key(String keyName) {
        Map<String, Object> down = new LinkedHashMap<>();
        down.put("key", keyName);
        Integer code = KEY_CODES.get(keyName);
        if (code != null) {
            down.put("type", "rawKeyDown");
            down.put("code", keyName.equals("Enter") ? "Enter" : keyName);
            down.put("windowsVirtualKeyCode", code);
            down.put("nativeVirtualKeyCode", code);
        } else if (keyName.length() == 1) {
            char c = keyName.charAt(0);
            down.put("type", "keyDown");
            down.put("text", keyName);
            down.put("unmodifiedText", keyName);
            if (Character.isLetterOrDigit(c)) {
                int vk = Character.toUpperCase(c);
                down.put("code", Character.isLetter(c) ? "Key" + (char) vk : "Digit" + c);
                down.put("windowsVirtualKeyCode", vk);
                down.put("nativeVirtualKeyCode", vk);
            }
        } else {
            throw new IllegalArgumentException("unsupported key " + keyName);
        }
        cdp.send("Input.dispatchKeyEvent", down);
        Map<String, Object> up = new LinkedHashMap<>(down);
        up.put("type", "keyUp");
        up.remove("text");
        up.remove("unmodifiedText");
        cdp.send("Input.dispatchKeyEvent", up);
    }

    /** Pixels of the page's first {@code <canvas>}; see {@link CanvasPixels} for the layout. */
    public CanvasPixels canvasPixels() {
        return canvasPixels("canvas");
    }

    /**
     * Pixels of the canvas matching {@code cssSelector}, read in the page with {@code getImageData}
     * and shipped as base64 of the RGBA bytes. A canvas without a 2D context (bitmaprenderer,
     * WebGL) is first copied into a 2D one.
     */
    public CanvasPixels canvasPixels(String cssSelector) {
        String selector;
        try {
            selector = CdpSession.JSON.writeValueAsString(cssSelector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String js = """
                (() => {
                  const c = document.querySelector(%s);
                  if (!(c instanceof HTMLCanvasElement)) throw new Error('no canvas matches ' + %s);
                  const w = c.width, h = c.height;
                  if (w === 0 || h === 0) return {width: w, height: h, rgba: ''};
                  let ctx = c.getContext('2d');
                  if (!ctx) { // another context type: copy into a 2D canvas
                    const copy = new OffscreenCanvas(w, h);
                    ctx = copy.getContext('2d');
                    ctx.drawImage(c, 0, 0);
                  }
                  const d = ctx.getImageData(0, 0, w, h).data;
                  const u8 = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
                  if (u8.toBase64) return {width: w, height: h, rgba: u8.toBase64()};
                  let s = '';
                  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
                  return {width: w, height: h, rgba: btoa(s)};
                })()""".formatted(selector, selector);
        JsonNode v = evaluate(js);
        byte[] rgba = Base64.getDecoder().decode(v.path("rgba").asText());
        int w = v.path("width").asInt();
        int h = v.path("height").asInt();
        if (rgba.length != w * h * 4) {
            throw new IllegalStateException("canvas " + w + "x" + h + " returned " + rgba.length + " bytes");
        }
        return new CanvasPixels(w, h, rgba);
    }

    /** Writes a PNG of the viewport as rendered, in device pixels (overlay included). */
    public void screenshot(Path png) throws IOException {
        JsonNode result = cdp.send("Page.captureScreenshot", Map.of("format", "png"));
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(png, Base64.getDecoder().decode(result.path("data").asText()));
    }

    /** Closes the connection, kills Chromium and its children, and deletes the temporary profile. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cdp.close();
        } finally {
            kill(process);
            deleteTree(tempRoot);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    private static String describe(JsonNode exceptionDetails) {
        JsonNode ex = exceptionDetails.path("exception");
        String d = ex.path("description").asText(null);
        if (d == null) {
            d = ex.has("value") ? ex.get("value").asText() : exceptionDetails.path("text").asText();
        }
        return d;
    }

    private static void kill(Process process) {
        // the launcher script execs chromium, which forks zygote, GPU and renderer processes
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        process.destroy();
        family.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle p : family) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static void deleteTree(Path root) {
        // a dying renderer may still write into the profile: retry a few times
        for (int attempt = 0; attempt < 5 && Files.exists(root); attempt++) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // retried below
                    }
                });
            } catch (IOException | UncheckedIOException ignored) {
                // retried below
            }
            if (Files.exists(root)) {
                sleep(100);
            }
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
