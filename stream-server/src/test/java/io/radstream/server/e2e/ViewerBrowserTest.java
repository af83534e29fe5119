package io.radstream.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.render.CpuRenderer;
import io.radstream.render.LinkedViews;
import io.radstream.render.Vec;
import io.radstream.render.ViewState;
import io.radstream.server.browser.HeadlessChromium;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.series.SeriesFiles;
import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.Vec3;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * First light, end to end: a generated CT is imported, served, opened in real headless Chromium,
 * and what the canvas shows is compared with an independent reference (pydicom + numpy applying
 * the DICOM VOI formula to the same files, {@code reference/voi_reference.py}).
 * One browser and one server for the whole class, to keep the suite fast on two cores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViewerBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private StudyIndex index;
    private RadstreamServer server;
    private HeadlessChromium chromium;
    private List<Path> slicesInOrder;
    private String viewerUrl;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.available(), "chromium not installed: apt-get install chromium");
        Assumptions.assumeTrue(pydicomAvailable(), "python3-pydicom/numpy not installed: apt-get install python3-pydicom python3-numpy");
        dir = Files.createTempDirectory("radstream-e2e");
        CtPhantom.PhantomSeries series = CtPhantom.write(CtPhantom.Spec.defaults(12), dir.resolve("phantom"));
        index = StudyIndex.open(StudyStore.open(dir.resolve("data")));
        assertTrue(new Importer(index).importPaths(List.of(dir.resolve("phantom"))).errors().isEmpty());
        slicesInOrder = sortAlongNormal(series.files());
        server = RadstreamServer.start(ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index);
        String base = "http://127.0.0.1:" + server.port();
        JsonNode studies = JSON.readTree(get(base + "/api/studies").body());
        assertEquals(1, studies.size());
        assertEquals(12, studies.get(0).get("instanceCount").asInt());
        assertEquals("CT", studies.get(0).get("modality").asText());
        viewerUrl = base + studies.get(0).get("viewerUrl").asText();
        chromium = HeadlessChromium.launch();
        chromium.setViewport(512, 512, 1);
    }

    @AfterAll
    void stop() throws IOException {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
        if (index != null) index.close();
    }

    @Test
    @Order(1)
    void firstLosslessFrameIsTheDicomVoiOfTheMiddleSlice() throws Exception {
        chromium.navigate(viewerUrl);
        chromium.waitFor("window.radstreamStats && radstreamStats.firstFrameMs !== null", WAIT);
        JsonNode stats = chromium.evaluate("radstreamStats");
        JsonNode frame = stats.get("lastFrame");
        assertEquals("png", frame.get("codec").asText());
        assertTrue(frame.get("lossless").asBoolean());
        assertEquals(512, frame.get("width").asInt());
        assertEquals(512, frame.get("height").asInt());
        assertTrue(stats.get("firstFrameMs").asDouble() > 0);
        JsonNode state = stats.get("state");
        assertEquals(12, state.get("sliceCount").asInt());
        assertEquals(7, state.get("slice").asInt(), "opens on the middle slice");
        assertEquals(40, state.get("windowCenter").asDouble(), 1e-9, "the series' default window");
        assertEquals(400, state.get("windowWidth").asDouble(), 1e-9);
        assertTrue(chromium.evaluate("document.getElementById('lossy').hidden").asBoolean(), "no LOSSY badge on a lossless frame");
        assertEquals("PHANTOM", chromium.evaluate("document.getElementById('patientName').textContent").asText().replaceAll("[^A-Z].*", ""));
        assertCanvasMatchesReference(7, 40, 400);
        chromium.screenshot(Path.of("target", "viewer-first-light.png")); // for a person to look at
    }

    @Test
    @Order(2)
    void wheelScrollsToTheNextSliceAndThePixelsFollow() throws Exception {
        byte[] before = chromium.canvasPixels().red();
        int seq = chromium.evaluate("radstreamStats.state.seq").asInt();
        chromium.mouseWheel(256, 256, 120);
        chromium.mouseWheel(256, 256, 120);
        chromium.waitFor("radstreamStats.state.slice === 9 && radstreamStats.lastFrame.lossless"
                + " && radstreamStats.lastFrame.seq === radstreamStats.state.seq", WAIT);
        assertTrue(chromium.evaluate("radstreamStats.state.seq").asInt() > seq);
        byte[] after = chromium.canvasPixels().red();
        assertFalse(java.util.Arrays.equals(before, after), "a different slice shows different pixels");
        assertCanvasMatchesReference(9, 40, 400);
        chromium.key("ArrowUp");
        chromium.waitFor("radstreamStats.state.slice === 8 && radstreamStats.lastFrame.lossless"
                + " && radstreamStats.lastFrame.seq === radstreamStats.state.seq", WAIT);
        assertCanvasMatchesReference(8, 40, 400);
    }

    @Test
    @Order(3)
    void windowLevelDragShowsLossyFramesThenTheVoiOfTheNewWindow() throws Exception {
        // record every frame's losslessness while dragging: interactive frames must be lossy and badged
        chromium.evaluate("window.__seen = []; window.__badge = false; setInterval(() => {"
                + " const f = radstreamStats.lastFrame; if (f) __seen.push(f.lossless);"
                + " if (!document.getElementById('lossy').hidden) __badge = true; }, 5); true");
        chromium.mouseDrag(HeadlessChromium.MouseButton.LEFT, 100, 100, 260, 180, 16, 0, Duration.ofMillis(20));
        chromium.waitFor("radstreamStats.lastFrame.lossless && radstreamStats.lastFrame.seq === radstreamStats.state.seq", WAIT);
        JsonNode state = chromium.evaluate("radstreamStats.state");
        double c = state.get("windowCenter").asDouble(), w = state.get("windowWidth").asDouble();
        assertNotEquals(40, c, 1e-6, "dragging down moved the window centre");
        assertTrue(w > 400, "dragging right widened the window: " + w);
        assertTrue(chromium.evaluate("__seen.includes(false)").asBoolean(), "interactive frames were lossy");
        assertTrue(chromium.evaluate("__badge").asBoolean(), "the LOSSY badge was shown during interaction");
        assertTrue(chromium.evaluate("document.getElementById('lossy').hidden").asBoolean(), "badge gone once lossless");
        assertCanvasMatchesReference(state.get("slice").asInt(), c, w);
    }

    @Test
    @Order(4)
    void nothingIsStoredInTheBrowserAndResponsesAreNoStore() throws Exception {
        assertEquals(0, chromium.evaluate("localStorage.length + sessionStorage.length").asInt());
        assertEquals("", chromium.evaluate("document.cookie").asText());
        assertEquals(0, chromium.evaluate("caches.keys().then(k => k.length)").asInt());
        assertEquals(0, chromium.evaluate("indexedDB.databases().then(d => d.length)").asInt());
        String base = viewerUrl.substring(0, viewerUrl.indexOf("/viewer.html"));
        for (String path : List.of("/", "/viewer.html", "/viewer.js", "/api/studies", "/healthz")) {
            assertEquals("no-store", get(base + path).headers().firstValue("cache-control").orElse(""), path);
        }
        assertEquals(404, get(base + "/../../etc/passwd").statusCode());
    }

    @Test
    @Order(5)
    void scrollingWithH264OfferedShowsH264FramesThenTheExactPngStill() throws Exception {
        Assumptions.assumeTrue(chromium.evaluate("radstreamStats.h264Supported === true").asBoolean(),
                "this Chromium's WebCodecs VideoDecoder cannot decode H.264 (avc1.42E033): the viewer uses JPEG");
        chromium.evaluate("window.__codecs = new Set(); window.__h264Badge = false; setInterval(() => {"
                + " const f = radstreamStats.lastFrame; if (f) __codecs.add(f.codec);"
                + " if (f && f.codec === 'h264' && !document.getElementById('lossy').hidden) __h264Badge = true; }, 5); true");
        int framesBefore = chromium.evaluate("radstreamStats.h264Frames").asInt();
        for (int i = 0; i < 6; i++) {
            chromium.mouseWheel(256, 256, i < 3 ? -120 : 120);
            Thread.sleep(40);
        }
        chromium.waitFor("radstreamStats.lastFrame.lossless && radstreamStats.lastFrame.seq === radstreamStats.state.seq", WAIT);
        assertTrue(chromium.evaluate("radstreamStats.h264Frames").asInt() > framesBefore,
                "H.264 frames were painted; console: " + chromium.console());
        assertTrue(chromium.evaluate("__codecs.has('h264')").asBoolean(), "lastFrame.codec === 'h264' was seen");
        assertFalse(chromium.evaluate("__codecs.has('jpeg')").asBoolean(), "no JPEG once H.264 was negotiated");
        assertTrue(chromium.evaluate("__h264Badge").asBoolean(), "LOSSY badge on H.264 frames");
        assertTrue(chromium.console().stream().noneMatch(l -> l.contains("H.264 decode failed")), "console: " + chromium.console());
        JsonNode state = chromium.evaluate("radstreamStats.state");
        assertEquals("png", chromium.evaluate("radstreamStats.lastFrame.codec").asText());
        assertCanvasMatchesReference(state.get("slice").asInt(), state.get("windowCenter").asDouble(),
                state.get("windowWidth").asDouble());
    }

    @Test
    @Order(6)
    void keysSwitchToReformatsWithSlabsAndBack() throws Exception {
        String settled = "radstreamStats.lastFrame.lossless && radstreamStats.lastFrame.seq === radstreamStats.state.seq";
        chromium.waitFor(settled, WAIT);
        int nativeSlice = chromium.evaluate("radstreamStats.state.slice").asInt();
        byte[] axial = chromium.canvasPixels().red();
        chromium.key("3"); // coronal reformat
        chromium.waitFor("radstreamStats.state.view === 'mpr' && " + settled, WAIT);
        assertEquals("R", text("edgeLeft"), "coronal, radiological convention: patient right on the left");
        assertEquals("L", text("edgeRight"));
        assertEquals("H", text("edgeTop"));
        assertEquals("F", text("edgeBottom"));
        assertTrue(text("slice").startsWith("MPR "), text("slice"));
        assertFalse(java.util.Arrays.equals(axial, chromium.canvasPixels().red()), "a coronal plane looks different");
        chromium.key("m"); // 10 mm MIP slab
        chromium.waitFor("radstreamStats.state.slabMm === 10 && radstreamStats.state.projection === 'MIP' && " + settled, WAIT);
        assertTrue(text("slice").contains("10 mm MIP"), text("slice"));
        chromium.key("1"); // back to the native stack, at the slice under the plane's focal point
        chromium.waitFor("radstreamStats.state.view === 'native' && " + settled, WAIT);
        assertEquals(nativeSlice, chromium.evaluate("radstreamStats.state.slice").asInt());
        assertEquals("A", text("edgeTop"), "native axial: anterior at the top");
        assertCanvasMatchesReference(nativeSlice, chromium.evaluate("radstreamStats.state.windowCenter").asDouble(),
                chromium.evaluate("radstreamStats.state.windowWidth").asDouble());
    }

    @Test
    @Order(7)
    void cineStepsThroughTheStackAndSlabsWorkOnTheNativeStack() throws Exception {
        String settled = "radstreamStats.lastFrame.lossless && radstreamStats.lastFrame.seq === radstreamStats.state.seq";
        chromium.waitFor(settled, WAIT);
        int seq = chromium.evaluate("radstreamStats.state.seq").asInt();
        chromium.key("c"); // cine at 10 fps
        Thread.sleep(1200);
        chromium.key("c");
        assertTrue(chromium.evaluate("radstreamStats.state.seq").asInt() >= seq + 6,
                "about a dozen cine steps in 1.2 s, got " + (chromium.evaluate("radstreamStats.state.seq").asInt() - seq));
        chromium.waitFor(settled, WAIT);
        chromium.key("m"); // a 10 mm MIP slab of the native stack: a reformat in the acquisition plane
        chromium.waitFor("radstreamStats.state.view === 'mpr' && radstreamStats.state.slabMm === 10 && " + settled, WAIT);
        assertEquals("A", text("edgeTop"), "the acquisition plane keeps the native orientation");
        chromium.key("1");
        chromium.waitFor("radstreamStats.state.view === 'native' && " + settled, WAIT);
    }

    @Test
    @Order(8)
    void linkedLayoutPaintsThreeLosslessViewportsAndDrawsTheCrosshair() throws Exception {
        chromium.navigate(viewerUrl + "&layout=1x3");
        String settled = "radstreamStats.viewports.length === 3 && radstreamStats.viewports.every(v => v.lastFrame"
                + " && v.lastFrame.lossless && v.state && v.lastFrame.seq === v.state.seq)";
        chromium.waitFor(settled, WAIT);
        // three panes of floor(512 / 3) CSS pixels at DPR 1; the server's first states are the
        // axial, coronal and sagittal planes through the centre of the middle slice
        int w = 512 / 3, h = 512;
        try (VolumeLoader loader = new VolumeLoader(1)) {
            Volume volume = SeriesFiles.load(slicesInOrder, loader);
            try {
                SeriesGeometry g = volume.geometry();
                ViewState nativeView = new ViewState(volume.slices() / 2, 40, 400, 1, 0, 0, w, h);
                Vec centre = Vec.of(g.patientPosition((g.columns() - 1) / 2.0, (g.rows() - 1) / 2.0, volume.slices() / 2));
                LinkedViews expected = LinkedViews.orthogonal(nativeView, centre);
                for (int v = 0; v < 3; v++) assertCanvasIsTheRenderer("#image-" + v, expected.view(v), volume);
                for (int v = 0; v < 3; v++) assertCrosshairDrawn(v, expected.crosshair(g, v));

                // crosshair tool (key x): a drag in the coronal pane moves the focal point there;
                // the axial and sagittal panes are re-rendered through it
                chromium.key("x");
                // (the phantom is 12 × 1.25 mm thick, ±3 px at this scale: 1 px below the centre
                // stays inside it, so the server does not clamp the point)
                double toX = w + 105, toY = 257; // page coordinates: pane 1 starts at x = w
                chromium.mouseDrag(HeadlessChromium.MouseButton.LEFT, toX - 4, toY, toX, toY, 2, 0, Duration.ofMillis(20));
                LinkedViews moved = expected.pointAt(g, 1, 105, 257);
                double firstZ = g.patientPosition(0, 0, 0)[2], lastZ = g.patientPosition(0, 0, volume.slices() - 1)[2];
                assertTrue(moved.focal().z() >= Math.min(firstZ, lastZ) && moved.focal().z() <= Math.max(firstZ, lastZ),
                        "test set-up: the clicked point lies inside the volume");
                double axialMm = Math.round(moved.view(0).mpr().position() * 10) / 10.0;
                try {
                    chromium.waitFor("radstreamStats.viewports[0].state.positionMm === " + axialMm + " && " + settled, WAIT);
                } catch (HeadlessChromium.WaitTimeoutException e) {
                    throw new AssertionError("expected focal " + moved.focal() + ", axial at " + axialMm + " mm; client: "
                            + chromium.evaluate("JSON.stringify({tool: radstreamStats.crosshairTool, states: radstreamStats.viewports"
                            + ".map(v => [v.state.positionMm, v.state.focalMm, v.state.seq, v.lastFrame])})").asText(), e);
                }
                assertCanvasIsTheRenderer("#image-0", moved.view(0), volume);
                assertCanvasIsTheRenderer("#image-2", moved.view(2), volume);
                assertCrosshairDrawn(1, moved.crosshair(g, 1));
                // with H.264 offered, each viewport decodes its own stream: no decoder ever failed
                assertTrue(chromium.console().stream().noneMatch(l -> l.contains("H.264 decode failed")), "console: " + chromium.console());
            } finally {
                volume.release();
            }
        }
        chromium.screenshot(Path.of("target", "viewer-linked-1x3.png"));
    }

    /** The canvas shows exactly what the server's CPU renderer makes of {@code view} (lossless). */
    private void assertCanvasIsTheRenderer(String canvas, ViewState view, Volume volume) throws Exception {
        HeadlessChromium.CanvasPixels px = chromium.canvasPixels(canvas);
        assertEquals(view.viewportWidth(), px.width(), canvas);
        assertEquals(view.viewportHeight(), px.height(), canvas);
        byte[] expected = new CpuRenderer().render(view, volume).gray();
        byte[] actual = px.red();
        int off = 0;
        for (int i = 0; i < actual.length; i++) if (actual[i] != expected[i]) off++;
        assertEquals(0, off, canvas + ": pixels differing from the renderer's output");
    }

    /**
     * The crosshair canvas of viewport {@code v} has each other plane's line, in that plane's
     * colour, where the server's geometry puts it (40 px from the focal point along the line),
     * and nothing far from the lines.
     */
    private void assertCrosshairDrawn(int v, LinkedViews.Cross cross) throws Exception {
        HeadlessChromium.CanvasPixels px = chromium.canvasPixels("#cross-" + v);
        assertEquals(2, cross.lines().size());
        for (LinkedViews.CrossLine line : cross.lines()) {
            double x = cross.x() + 40 * line.dx(), y = cross.y() + 40 * line.dy();
            int channel = line.viewport() == 1 ? 1 : line.viewport() == 2 ? 2 : 0; // green coronal, blue sagittal, red axial
            int best = 0;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int cx = (int) Math.floor(x) + dx, cy = (int) Math.floor(y) + dy;
                    if (px.at(cx, cy, 3) == 0) continue;
                    int c = px.at(cx, cy, channel);
                    boolean dominant = c >= px.at(cx, cy, 0) && c >= px.at(cx, cy, 1) && c >= px.at(cx, cy, 2);
                    if (dominant) best = Math.max(best, px.at(cx, cy, 3));
                }
            }
            assertTrue(best > 100, "viewport " + v + ": line of viewport " + line.viewport() + " near (" + x + ", " + y + ")");
        }
        // a point off both lines: between them, 30 px diagonally from the focal point
        double ox = cross.x() + 30 * (cross.lines().get(0).dx() + cross.lines().get(1).dx());
        double oy = cross.y() + 30 * (cross.lines().get(0).dy() + cross.lines().get(1).dy());
        assertEquals(0, px.at((int) ox, (int) oy, 3), "nothing drawn away from the lines");
    }

    private String text(String id) throws Exception {
        return chromium.evaluate("document.getElementById('" + id + "').textContent").asText();
    }

    /** Canvas red channel (gray) against pydicom + numpy on slice n (1-based, along the normal). */
    /**
     * Last (it changes the viewport and imports a second study): a PALETTE COLOR image from the
     * shared corpus, opened at its own size, is painted in its colours: the canvas equals pydicom's
     * {@code apply_color_lut} (16-bit entries {@code >> 8}).
     */
    @Test
    @Order(100)
    void aPaletteColourStudyIsPaintedInItsColours() throws Exception {
        Path palette = Path.of("../../shared/testdata/corpus/pydicom__examples_palette.dcm");
        Assumptions.assumeTrue(Files.exists(palette), "shared corpus absent: " + palette.toAbsolutePath());
        assertTrue(new Importer(index).importPaths(List.of(palette)).errors().isEmpty());
        String uid;
        int rows, cols;
        try (DicomFile d = DicomReader.read(palette)) {
            uid = d.dataSet().getString(Tag.StudyInstanceUID);
            rows = d.dataSet().getInt(Tag.Rows, 0);
            cols = d.dataSet().getInt(Tag.Columns, 0);
        }
        String key = index.listStudies().stream().filter(st -> st.studyInstanceUid().equals(uid)).findFirst().orElseThrow().studyKey();
        Path out = Files.createTempFile(dir, "palette", ".rgb");
        Process p = new ProcessBuilder(PYTHON, "-c", """
                import sys, numpy as np, pydicom
                from pydicom.pixel_data_handlers.util import apply_color_lut
                ds = pydicom.dcmread(sys.argv[1])
                rgb = apply_color_lut(ds.pixel_array, ds)
                (rgb >> 8 if rgb.dtype != np.uint8 else rgb).astype(np.uint8).tofile(sys.argv[2])
                """, palette.toString(), out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "palette reference failed: " + log);
        byte[] reference = Files.readAllBytes(out);

        chromium.setViewport(cols, rows, 1);
        chromium.navigate("http://127.0.0.1:" + server.port() + "/viewer.html?study=" + key);
        chromium.waitFor("window.radstreamStats && radstreamStats.lastFrame && radstreamStats.lastFrame.lossless", WAIT);
        HeadlessChromium.CanvasPixels px = chromium.canvasPixels();
        assertEquals(cols, px.width());
        assertEquals(rows, px.height());
        assertFalse(px.isGray(), "a colour image");
        int off = 0, maxDiff = 0;
        for (int i = 0; i < rows * cols; i++) {
            for (int c = 0; c < 3; c++) {
                int d = Math.abs((px.rgba()[4 * i + c] & 0xFF) - (reference[3 * i + c] & 0xFF));
                if (d != 0) off++;
                maxDiff = Math.max(maxDiff, d);
            }
        }
        assertTrue(maxDiff <= 1 && off <= rows * cols * 3 / 1000, off + " samples differ, max by " + maxDiff);
        chromium.screenshot(Path.of("target", "viewer-palette-colour.png")); // for a person to look at
    }

    private void assertCanvasMatchesReference(int slice, double center, double width) throws Exception {
        byte[] canvas = chromium.canvasPixels().red();
        byte[] reference = reference(slicesInOrder.get(slice - 1), center, width);
        assertEquals(reference.length, canvas.length);
        int off = 0, maxDiff = 0;
        for (int i = 0; i < canvas.length; i++) {
            int d = Math.abs((canvas[i] & 0xFF) - (reference[i] & 0xFF));
            if (d != 0) off++;
            maxDiff = Math.max(maxDiff, d);
        }
        assertTrue(maxDiff <= 1 && off <= canvas.length / 1000,
                "slice " + slice + " W/L " + center + "/" + width + ": " + off + " pixels differ, max by " + maxDiff);
    }

    private byte[] reference(Path file, double center, double width) throws Exception {
        Path out = Files.createTempFile(dir, "ref", ".raw");
        Path script = Path.of(getClass().getResource("/reference/voi_reference.py").toURI());
        Process p = new ProcessBuilder(PYTHON, script.toString(), file.toString(), Double.toString(center),
                Double.toString(width), out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "voi_reference.py failed: " + log);
        return Files.readAllBytes(out);
    }

    /** Slice order along the normal, computed from the files' headers as a reader would. */
    private static List<Path> sortAlongNormal(List<Path> files) throws Exception {
        record Positioned(Path file, double along) {}
        List<Positioned> list = new ArrayList<>();
        for (Path f : files) {
            try (DicomFile d = DicomReader.read(f)) {
                double[] o = d.dataSet().getDoubles(Tag.ImageOrientationPatient);
                double[] n = Vec3.cross(new double[]{o[0], o[1], o[2]}, new double[]{o[3], o[4], o[5]});
                list.add(new Positioned(f, Vec3.dot(d.dataSet().getDoubles(Tag.ImagePositionPatient), n)));
            }
        }
        return list.stream().sorted(Comparator.comparingDouble(Positioned::along)).map(Positioned::file).toList();
    }

    private static boolean pydicomAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import pydicom, numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
