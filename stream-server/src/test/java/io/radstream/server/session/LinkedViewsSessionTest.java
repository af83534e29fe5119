package io.radstream.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.render.CpuRenderer;
import io.radstream.render.Gestures;
import io.radstream.render.LinkedViews;
import io.radstream.render.Plane;
import io.radstream.render.Vec;
import io.radstream.render.ViewState;
import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.server.client.ViewerClient;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.series.SeriesFiles;
import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A linked 1x3 session (axial, coronal, sagittal sharing one focal point) over a real WebSocket.
 * Frames are checked against the CPU renderer's output for the view state the client expects
 * (built here from the volume's geometry and the gestures, not read back from the server), byte
 * for byte, since lossless frames are exactly the renderer's output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkedViewsSessionTest {
    private static final int W = 160, H = 120;
    private StudyIndex index;
    private RadstreamServer server;
    private String studyKey;
    private Volume volume;
    private VolumeLoader loader;

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("radstream-linked");
        CtPhantom.PhantomSeries series = CtPhantom.write(CtPhantom.Spec.defaults(16).withMatrix(128, 128), dir.resolve("ct"));
        index = StudyIndex.open(StudyStore.open(dir.resolve("data")));
        assertTrue(new Importer(index).importPaths(List.of(dir.resolve("ct"))).errors().isEmpty());
        studyKey = index.listStudies().getFirst().studyKey();
        loader = new VolumeLoader(1);
        volume = SeriesFiles.load(series.files(), loader); // the reference renders from the files themselves
        server = RadstreamServer.start(ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index);
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
        if (index != null) index.close();
        if (volume != null) volume.release();
        if (loader != null) loader.close();
    }

    @Test
    void linkedTripleScrollsAndFollowsTheCrosshair() throws Exception {
        SeriesGeometry g = volume.geometry();
        double[] window = volume.defaultWindow();
        ViewState nativeView = new ViewState(volume.slices() / 2, window[0], window[1], 1, 0, 0, W, H);
        Vec centre = Vec.of(g.patientPosition((g.columns() - 1) / 2.0, (g.rows() - 1) / 2.0, volume.slices() / 2));
        LinkedViews expected = new LinkedViews(centre, List.of(Gestures.showPlane(nativeView, Plane.AXIAL, centre),
                Gestures.showPlane(nativeView, Plane.CORONAL, centre), Gestures.showPlane(nativeView, Plane.SAGITTAL, centre)));

        try (ViewerClient c = ViewerClient.openLayout(server.port(), studyKey, W, H, "1x3")) {
            // 1. a lossless first frame for each viewport, with its id in byte 8, showing its plane
            for (int v = 0; v < 3; v++) {
                int vp = v;
                ViewerClient.FrameInfo f = c.awaitFrame(x -> x.viewport() == vp && x.lossless(), 10_000);
                assertEquals(2, f.codec(), "PNG");
                assertEquals(W, f.width());
                assertEquals(H, f.height());
                assertPixels(expected.view(v), f, "viewport " + v + " first frame");
            }
            assertTrue(c.frames.stream().allMatch(f -> f.viewport() < 3), "viewport ids 0..2 only");
            JsonNode coronalBefore = awaitState(c, 1, s -> true);
            assertEquals("1x3", coronalBefore.get("layout").asText());
            assertEquals("R", coronalBefore.get("orientation").get("left").asText(), "viewport 1 is coronal");
            assertEquals("H", coronalBefore.get("orientation").get("top").asText());
            assertEquals("A", awaitState(c, 2, s -> true).get("orientation").get("left").asText(), "viewport 2 is sagittal");

            // 2. scrolling viewport 0 (axial) re-renders viewport 0 only; the focal point rises,
            //    so the axial line moves in the coronal and sagittal views
            int framesBefore = c.frames.size();
            for (int i = 0; i < 3; i++) c.send("{\"type\":\"input\",\"kind\":\"wheel\",\"delta\":1,\"viewport\":0}");
            double step = Math.min(g.sliceSpacing(), Math.min(g.rowSpacing(), g.columnSpacing()));
            expected = expected.scroll(0, 3 * step);
            ViewState axial = expected.view(0);
            JsonNode s0 = awaitState(c, 0, s -> Math.abs(s.get("positionMm").asDouble() - round1(axial.mpr().position())) < 1e-9);
            int seq0 = s0.get("seq").asInt();
            ViewerClient.FrameInfo still0 = c.awaitFrame(f -> f.viewport() == 0 && f.lossless() && f.seq() == seq0, 10_000);
            assertPixels(axial, still0, "axial after scrolling");
            Thread.sleep(300); // time for any (wrong) frame of the other viewports to arrive
            List<ViewerClient.FrameInfo> after = c.frames.subList(framesBefore, c.frames.size());
            assertTrue(after.stream().allMatch(f -> f.viewport() == 0),
                    "only viewport 0 was re-rendered: " + after.stream().map(ViewerClient.FrameInfo::viewport).toList());
            LinkedViews expectedNow = expected;
            for (int v = 1; v < 3; v++) {
                LinkedViews.Cross cross = expectedNow.crosshair(g, v);
                JsonNode s = awaitState(c, v, x -> Math.abs(x.get("crosshair").get("y").asDouble() - round2(cross.y())) < 1e-9);
                assertNotEquals(coronalBefore.get("crosshair").get("y").asDouble(), s.get("crosshair").get("y").asDouble());
                assertEquals(3 * step * pixelsPerMm(g), coronalBefore.get("crosshair").get("y").asDouble() - s.get("crosshair").get("y").asDouble(),
                        0.02, "the focal point rose by 3 steps on screen");
                JsonNode axialLine = lineOf(s, 0);
                assertEquals(0, axialLine.get("dy").asDouble(), 1e-9, "the axial plane is a horizontal line in viewport " + v);
            }

            // 3. a crosshair click in viewport 1 (coronal) moves the focal point there: viewports
            //    0 and 2 are re-rendered through it, viewport 1 is not
            framesBefore = c.frames.size();
            double clickX = W / 2.0 + 25, clickY = H / 2.0 + 12;
            long clickNanos = System.nanoTime();
            c.send("{\"type\":\"input\",\"kind\":\"crosshair\",\"viewport\":1,\"x\":" + clickX + ",\"y\":" + clickY + "}");
            expected = expected.pointAt(g, 1, clickX, clickY);
            // independent of LinkedViews: the clicked point, by the mapping's definition (fit-to-viewport
            // scale, coronal axes +x and −z), and the planes' positions through it
            double ppm = pixelsPerMm(g);
            Vec clicked = expectedNow.view(1).mpr().focal().plus(new Vec(25 / ppm, 0, -12 / ppm));
            assertEquals(clicked.x(), expected.focal().x(), 1e-9);
            assertEquals(clicked.z(), expected.focal().z(), 1e-9);
            assertEquals(clicked.z(), expected.view(0).mpr().position(), 1e-9, "axial plane at the clicked height");
            assertEquals(-clicked.x(), expected.view(2).mpr().position(), 1e-9, "sagittal plane at the clicked x");
            for (int v : new int[]{0, 2}) {
                int vp = v;
                ViewState want = expected.view(v);
                JsonNode s = awaitState(c, v, x -> Math.abs(x.get("positionMm").asDouble() - round1(want.mpr().position())) < 1e-9);
                int seq = s.get("seq").asInt();
                ViewerClient.FrameInfo still = c.awaitFrame(f -> f.viewport() == vp && f.lossless() && f.seq() == seq, 10_000);
                assertPixels(want, still, "viewport " + v + " through the clicked point");
            }
            Thread.sleep(300);
            // for docs/benchmarks.md (printed, not asserted): click → first frame of each re-rendered view
            List<ViewerClient.FrameInfo> sinceClick = c.frames.subList(framesBefore, c.frames.size());
            for (int v : new int[]{0, 2}) {
                int vp = v;
                sinceClick.stream().filter(f -> f.viewport() == vp).findFirst().ifPresent(f -> System.out.printf(
                        "linked 1x3 %dx%d: crosshair click -> viewport %d first frame (%s) after %.1f ms%n", W, H, vp,
                        f.lossless() ? "png" : "jpeg", (f.receivedNanos() - clickNanos) / 1e6));
            }
            assertTrue(c.frames.subList(framesBefore, c.frames.size()).stream().noneMatch(f -> f.viewport() == 1),
                    "the clicked view's plane already contains the point: no new frame");
            JsonNode inCoronal = awaitState(c, 1, x -> Math.abs(x.get("crosshair").get("x").asDouble() - clickX) < 0.01);
            assertEquals(clickY, inCoronal.get("crosshair").get("y").asDouble(), 0.01, "the crosshair is where the user clicked");
            JsonNode sFocal = awaitState(c, 0, x -> true).get("focalMm");
            assertEquals(clicked.x(), sFocal.get(0).asDouble(), 0.01);
            assertEquals(clicked.z(), sFocal.get(2).asDouble(), 0.01);
        }
    }

    @Test
    void withH264EachViewportIsItsOwnStreamStartingWithAnIdr() throws Exception {
        try (ViewerClient c = ViewerClient.openLayout(server.port(), studyKey, W, H, "1x3", List.of("h264", "jpeg", "png"))) {
            for (int v = 0; v < 3; v++) {
                int vp = v;
                c.awaitFrame(f -> f.viewport() == vp && f.lossless(), 10_000);
            }
            // a crosshair drag re-renders viewports 0 and 2 interactively: each stream opens with its own IDR
            for (int i = 0; i < 4; i++) {
                c.send("{\"type\":\"input\",\"kind\":\"crosshair\",\"viewport\":1,\"x\":" + (W / 2.0 + 5 * i)
                        + ",\"y\":" + (H / 2.0 + 2 * i) + "}");
                Thread.sleep(30);
            }
            for (int v : new int[]{0, 2}) {
                int vp = v;
                ViewerClient.FrameInfo first = c.awaitFrame(f -> f.viewport() == vp && !f.lossless(), 10_000);
                assertEquals(3, first.codec(), "H.264 while interacting");
                assertTrue(first.keyFrame(), "viewport " + v + "'s first interactive frame is an IDR");
                int seq = awaitState(c, v, s -> true).get("seq").asInt();
                c.awaitFrame(f -> f.viewport() == vp && f.lossless() && f.seq() == seq, 10_000);
            }
            assertTrue(c.frames.stream().noneMatch(f -> f.viewport() == 1 && !f.lossless()), "the clicked view is not re-rendered");
        }
    }

    @Test
    void singleViewportSessionsAreUnchangedAndBadViewportsAreRejected() throws Exception {
        try (ViewerClient c = ViewerClient.open(server.port(), studyKey, W, H, true, true)) {
            c.awaitFrame(f -> f.lossless(), 10_000);
            JsonNode s = awaitState(c, 0, x -> true);
            assertEquals("1x1", s.get("layout").asText());
            assertFalse(s.has("crosshair"));
            c.send("{\"type\":\"input\",\"kind\":\"wheel\",\"delta\":1,\"viewport\":1}");
            long end = System.currentTimeMillis() + 5000;
            while (c.closeCode() < 0 && System.currentTimeMillis() < end) Thread.sleep(10);
            assertEquals(4400, c.closeCode(), "a viewport the layout does not have is a protocol error");
        }
    }

    /** The mapping's scale: the viewport's short side over the volume's largest extent (voxel boxes included). */
    private static double pixelsPerMm(SeriesGeometry g) {
        double[] lo = {1e9, 1e9, 1e9}, hi = {-1e9, -1e9, -1e9};
        for (int k = 0; k < 8; k++) {
            double[] p = g.patientPosition((k & 1) == 0 ? -0.5 : g.columns() - 0.5, (k & 2) == 0 ? -0.5 : g.rows() - 0.5,
                    (k & 4) == 0 ? -0.5 : g.slices() - 0.5);
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], p[a]);
                hi[a] = Math.max(hi[a], p[a]);
            }
        }
        return Math.min(W, H) / Math.max(hi[0] - lo[0], Math.max(hi[1] - lo[1], hi[2] - lo[2]));
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static JsonNode lineOf(JsonNode state, int viewport) {
        for (JsonNode l : state.get("crosshair").get("lines")) if (l.get("viewport").asInt() == viewport) return l;
        throw new AssertionError("no line of viewport " + viewport + " in " + state);
    }

    /** The newest state message of {@code viewport}, once it satisfies {@code p}. */
    private static JsonNode awaitState(ViewerClient c, int viewport, java.util.function.Predicate<JsonNode> p) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < end) {
            last = null;
            for (JsonNode t : c.texts) {
                if (t.path("type").asText().equals("state") && t.path("viewport").asInt(-1) == viewport) last = t;
            }
            if (last != null && p.test(last)) return last;
            Thread.sleep(5);
        }
        throw new AssertionError("viewport " + viewport + ": no matching state; last " + last);
    }

    private void assertPixels(ViewState view, ViewerClient.FrameInfo f, String what) throws Exception {
        byte[] expected = new CpuRenderer().render(view, volume).gray();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(f.payload()));
        assertEquals(view.viewportWidth(), img.getWidth());
        assertEquals(view.viewportHeight(), img.getHeight());
        byte[] actual = new byte[expected.length];
        img.getRaster().getDataElements(0, 0, img.getWidth(), img.getHeight(), actual);
        int differ = 0;
        for (int i = 0; i < actual.length; i++) if (actual[i] != expected[i]) differ++;
        assertEquals(0, differ, what + ": pixels differing from the CPU renderer");
        long distinct = java.util.stream.IntStream.range(0, actual.length).map(i -> actual[i] & 0xFF).distinct().count();
        assertTrue(distinct > 3, what + ": the image shows anatomy, not a blank plane");
    }
}
