package io.radstream.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Self-test of the DevTools harness against a tiny page served by the JDK's HTTP server. */
class HeadlessChromiumTest {

    /** A 256x64 canvas with gray level x in column x, and listeners that record the input they get. */
    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>harness</title>
            <style>html,body{margin:0;overflow:hidden} canvas{position:fixed;left:0;top:0}</style></head>
            <body><canvas id="c" width="256" height="64"></canvas>
            <script>
              const c = document.getElementById('c');
              const ctx = c.getContext('2d');
              for (let x = 0; x < 256; x++) { ctx.fillStyle = `rgb(${x},${x},${x})`; ctx.fillRect(x, 0, 1, 64); }
              window.seen = {wheel: 0, wheelSum: 0, keys: [], down: null, moves: 0, dx: 0, up: null, dbl: 0};
              c.addEventListener('wheel', e => { e.preventDefault(); seen.wheel++; seen.wheelSum += Math.sign(e.deltaY); }, {passive: false});
              window.addEventListener('keydown', e => seen.keys.push(e.key));
              c.addEventListener('pointerdown', e => { seen.down = {button: e.button, shift: e.shiftKey, x: e.clientX}; c.setPointerCapture(e.pointerId); });
              c.addEventListener('pointermove', e => { if (e.buttons) { seen.moves++; seen.dx += e.movementX; } });
              c.addEventListener('pointerup', e => { seen.up = {button: e.button, x: e.clientX}; });
              c.addEventListener('dblclick', () => seen.dbl++);
              c.addEventListener('contextmenu', e => e.preventDefault());
            </script></body></html>
            """;

    private static HttpServer server;
    private static HeadlessChromium browser;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.available(), "chromium not installed: apt-get install chromium");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/page.html";
        browser = HeadlessChromium.launch();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @BeforeEach
    void loadPage() {
        browser.setViewport(400, 300, 1.0);
        browser.navigate(url);
    }

    @Test
    void evaluateReturnsJsonValues() {
        assertEquals("harness", browser.evaluate("document.title").asText());
        assertEquals(42, browser.evaluate("6 * 7").asInt());
        assertEquals(3, browser.evaluate("Promise.resolve([1, 2, 3])").size());
        assertTrue(browser.evaluate("undefined").isMissingNode());
        JsonNode obj = browser.evaluate("({a: 'x', b: {c: true}})");
        assertTrue(obj.path("b").path("c").asBoolean());
        assertThrows(CdpSession.CdpException.class, () -> browser.evaluate("nope.nope"));
    }

    @Test
    void canvasPixelsAreTheExactGradient() {
        HeadlessChromium.CanvasPixels px = browser.canvasPixels("#c");
        assertEquals(256, px.width());
        assertEquals(64, px.height());
        assertTrue(px.isGray());
        byte[] expected = new byte[256 * 64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 256; x++) {
                expected[y * 256 + x] = (byte) x;
            }
        }
        assertArrayEquals(expected, px.red());
        assertEquals(255, px.at(17, 5, 3), "opaque");
        assertEquals(200, px.at(200, 63, 1));
        // the default selector finds the first canvas too
        assertArrayEquals(px.rgba(), browser.canvasPixels().rgba());
    }

    @Test
    void wheelKeysDragAndDoubleClickReachThePage() {
        for (int i = 0; i < 3; i++) {
            browser.mouseWheel(100, 30, 120);
        }
        browser.mouseWheel(100, 30, -120);
        browser.waitFor("seen.wheel === 4", Duration.ofSeconds(5));
        assertEquals(2, browser.evaluate("seen.wheelSum").asInt());

        browser.key("ArrowDown");
        browser.key("PageUp");
        browser.key("End");
        browser.key("r");
        assertEquals("[\"ArrowDown\",\"PageUp\",\"End\",\"r\"]", browser.evaluate("seen.keys").toString());

        browser.mouseDrag(HeadlessChromium.MouseButton.LEFT, 10, 20, 110, 20, 5, HeadlessChromium.SHIFT);
        JsonNode seen = browser.evaluate("seen");
        assertEquals(0, seen.path("down").path("button").asInt());
        assertTrue(seen.path("down").path("shift").asBoolean());
        assertEquals(5, seen.path("moves").asInt());
        assertEquals(100, seen.path("dx").asInt());
        assertEquals(110, seen.path("up").path("x").asInt());

        browser.mouseDrag(HeadlessChromium.MouseButton.RIGHT, 50, 20, 50, 40, 2, 0, Duration.ofMillis(20));
        assertEquals(2, browser.evaluate("seen.down.button").asInt());
        browser.mouseDrag(HeadlessChromium.MouseButton.MIDDLE, 50, 20, 60, 20, 1, 0);
        assertEquals(1, browser.evaluate("seen.down.button").asInt());
        assertFalse(browser.evaluate("seen.down.shift").asBoolean());

        browser.doubleClick(30, 30);
        browser.waitFor("seen.dbl === 1", Duration.ofSeconds(5));
    }

    @Test
    void viewportEmulatesDevicePixelRatio() {
        browser.setViewport(320, 200, 2.0);
        JsonNode v = browser.waitFor("innerWidth === 320 && devicePixelRatio === 2 && [innerWidth, innerHeight, devicePixelRatio]",
                Duration.ofSeconds(5));
        assertEquals(200, v.get(1).asInt());
    }

    @Test
    void waitForTimesOutWithTheLastValueAndRejectsSyntaxErrors() {
        HeadlessChromium.WaitTimeoutException e = assertThrows(HeadlessChromium.WaitTimeoutException.class,
                () -> browser.waitFor("window.neverSet?.x", Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("neverSet"), e.getMessage());
        assertThrows(CdpSession.CdpException.class, () -> browser.waitFor("(((", Duration.ofSeconds(5)));
        // an expression that throws counts as false until it stops throwing
        browser.evaluate("setTimeout(() => { window.later = {ready: 7}; }, 100)");
        assertEquals(7, browser.waitFor("window.later.ready", Duration.ofSeconds(5)).asInt());
    }

    @Test
    void screenshotIsAPngOfTheViewportInDevicePixels(@TempDir Path dir) throws Exception {
        browser.setViewport(400, 300, 2.0);
        browser.waitFor("devicePixelRatio === 2", Duration.ofSeconds(5));
        Path png = dir.resolve("shot.png");
        browser.screenshot(png);
        byte[] bytes = Files.readAllBytes(png);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(800, image.getWidth());
        assertEquals(600, image.getHeight());
        // the 256x64 CSS-pixel canvas covers device pixels 0..511 x 0..127; column x shows gray x
        int rgb = image.getRGB(2 * 100 + 1, 60);
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        assertTrue(Math.abs(r - 100) <= 2 && r == g && g == b, "pixel " + Integer.toHexString(rgb));
    }
}
