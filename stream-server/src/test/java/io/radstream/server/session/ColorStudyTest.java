package io.radstream.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.server.client.ViewerClient;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import io.radstream.volume.store.StudySummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Colour studies through the whole server: import, open, render, lossless PNG on the socket. The
 * viewport is the image's size (square pixels), so the first still is the image 1:1 and must equal,
 * byte for byte, a reference computed with pydicom and numpy alone: the RGB pixels (palette applied
 * with {@code apply_color_lut}, YBR converted with {@code convert_color_space}), overlay bits from
 * {@code overlay_array} drawn white, and outside the display shutter the Shutter Presentation Value's
 * top 8 bits (rectangle ∩ circle ∩ polygon; numpy masks with the rules of {@code DisplayShutter}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColorStudyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("../../shared/testdata/corpus");

    /** Writes the generated studies, then a reference RGB file per study; prints {name: [studyUID, rows, cols]}. */
    private static final String SCRIPT = """
            import sys, json, numpy as np, pydicom
            from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
            from pydicom.uid import ExplicitVRLittleEndian, generate_uid
            from pydicom.pixel_data_handlers.util import apply_color_lut, convert_color_space
            out = sys.argv[1]
            corpus = sys.argv[2]
            result = {}

            def base(rows, cols, frames):
                meta = FileMetaDataset()
                meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.7'
                meta.MediaStorageSOPInstanceUID = generate_uid()
                meta.TransferSyntaxUID = ExplicitVRLittleEndian
                ds = FileDataset(None, {}, file_meta=meta, preamble=b'\\0' * 128)
                ds.SOPClassUID = meta.MediaStorageSOPClassUID
                ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
                ds.StudyInstanceUID = generate_uid(); ds.SeriesInstanceUID = generate_uid()
                ds.PatientName = 'Phantom^Colour'; ds.PatientID = 'PH-COLOUR'; ds.Modality = 'OT'
                ds.Rows = rows; ds.Columns = cols; ds.SamplesPerPixel = 3; ds.PhotometricInterpretation = 'RGB'
                ds.PlanarConfiguration = 0; ds.BitsAllocated = 8; ds.BitsStored = 8; ds.HighBit = 7
                ds.PixelRepresentation = 0; ds.InstanceNumber = 1
                if frames > 1: ds.NumberOfFrames = frames
                rng = np.random.default_rng(rows * 1000 + cols)
                px = rng.integers(0, 256, size=(frames, rows, cols, 3), dtype=np.uint8)
                ds.PixelData = px.tobytes()
                return ds

            def overlay(ds, group, rows, cols, origin, kind, frames=None, frame_origin=None, seed=1):
                bits = np.random.default_rng(seed).integers(0, 2, size=(frames or 1) * rows * cols).astype(np.uint8)
                ds.add_new((group, 0x0010), 'US', rows); ds.add_new((group, 0x0011), 'US', cols)
                ds.add_new((group, 0x0040), 'CS', kind); ds.add_new((group, 0x0050), 'SS', list(origin))
                ds.add_new((group, 0x0100), 'US', 1); ds.add_new((group, 0x0102), 'US', 0)
                if frames: ds.add_new((group, 0x0015), 'IS', frames)
                if frame_origin: ds.add_new((group, 0x0051), 'US', frame_origin)
                ds.add_new((group, 0x3000), 'OW', np.packbits(bits, bitorder='little').tobytes())

            def place(mask, ov, origin):
                r0, c0 = origin[0] - 1, origin[1] - 1
                for r in range(ov.shape[0]):
                    for c in range(ov.shape[1]):
                        if ov[r, c] and 0 <= r + r0 < mask.shape[0] and 0 <= c + c0 < mask.shape[1]:
                            mask[r + r0, c + c0] = True

            def polygon_inside(rows, cols, verts):
                rr, cc = np.mgrid[1:rows + 1, 1:cols + 1].astype(float)
                inside = np.zeros((rows, cols), bool)
                n = len(verts)
                for i in range(n):
                    ri, ci = verts[i]; rj, cj = verts[i - 1]
                    crosses = (ri <= rr) != (rj <= rr)
                    with np.errstate(divide='ignore', invalid='ignore'):
                        x = ci + (rr - ri) * (cj - ci) / (rj - ri)
                    inside ^= crosses & (cc < x)
                return inside

            # 1. single-frame RGB, two overlays (one partly outside the image), three shutter shapes
            rows, cols = 90, 120
            ds = base(rows, cols, 1)
            overlay(ds, 0x6000, 40, 50, (10, 20), 'G', seed=3)
            overlay(ds, 0x6002, 30, 30, (-5, 100), 'R', seed=4)
            ds.ShutterShape = ['RECTANGULAR', 'CIRCULAR', 'POLYGONAL']
            ds.ShutterLeftVerticalEdge = 8; ds.ShutterRightVerticalEdge = 112
            ds.ShutterUpperHorizontalEdge = 4; ds.ShutterLowerHorizontalEdge = 86
            ds.CenterOfCircularShutter = [45, 60]; ds.RadiusOfCircularShutter = 48
            verts = [(2, 30), (40, 2), (88, 40), (80, 118), (30, 110)]
            ds.VerticesOfThePolygonalShutter = [v for p in verts for v in p]
            ds.ShutterPresentationValue = 0x9A00
            ds.save_as(out + '/graphics.dcm', write_like_original=False)
            ds = pydicom.dcmread(out + '/graphics.dcm')
            rgb = ds.pixel_array.copy()
            rr, cc = np.mgrid[1:rows + 1, 1:cols + 1]
            shown = (cc >= 8) & (cc <= 112) & (rr >= 4) & (rr <= 86)
            shown &= (rr - 45) ** 2 + (cc - 60) ** 2 <= 48 ** 2
            shown &= polygon_inside(rows, cols, verts)
            rgb[~shown] = 0x9A
            ov = np.zeros((rows, cols), bool)
            place(ov, ds.overlay_array(0x6000), (10, 20))
            place(ov, ds.overlay_array(0x6002), (-5, 100))
            rgb[ov] = 255
            rgb.tofile(out + '/graphics.rgb')
            result['graphics'] = [ds.StudyInstanceUID, rows, cols]

            # 2. three-frame RGB with a two-frame overlay starting at frame 2; the viewer opens frame 2
            rows, cols = 64, 72
            ds = base(rows, cols, 3)
            overlay(ds, 0x6000, rows, cols, (1, 1), 'G', frames=2, frame_origin=2, seed=5)
            ds.save_as(out + '/multiframe.dcm', write_like_original=False)
            ds = pydicom.dcmread(out + '/multiframe.dcm')
            rgb = ds.pixel_array[1].copy()
            rgb[ds.overlay_array(0x6000)[0].astype(bool)] = 255
            rgb.tofile(out + '/multiframe.rgb')
            result['multiframe'] = [ds.StudyInstanceUID, rows, cols]

            # 3. a gray stack (3 axial CT slices, all stored 0, window 1000/100: black) with an overlay on
            #    the middle slice only and a rectangle + circle shutter (P-value 0x6400) on every slice
            rows, cols = 70, 90
            study, series = generate_uid(), generate_uid()
            for i in range(3):
                meta = FileMetaDataset()
                meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
                meta.MediaStorageSOPInstanceUID = generate_uid()
                meta.TransferSyntaxUID = ExplicitVRLittleEndian
                ds = FileDataset(None, {}, file_meta=meta, preamble=b'\\0' * 128)
                ds.SOPClassUID = meta.MediaStorageSOPClassUID; ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
                ds.StudyInstanceUID = study; ds.SeriesInstanceUID = series; ds.FrameOfReferenceUID = study + '.1'
                ds.PatientName = 'Phantom^Gray'; ds.PatientID = 'PH-GRAY'; ds.Modality = 'CT'; ds.InstanceNumber = i + 1
                ds.ImagePositionPatient = [0, 0, 2 * i]; ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]; ds.PixelSpacing = [1, 1]
                ds.Rows = rows; ds.Columns = cols; ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = 'MONOCHROME2'
                ds.BitsAllocated = 16; ds.BitsStored = 16; ds.HighBit = 15; ds.PixelRepresentation = 1
                ds.RescaleSlope = 1; ds.RescaleIntercept = 0; ds.WindowCenter = 1000; ds.WindowWidth = 100
                ds.PixelData = bytes(rows * cols * 2)
                if i == 1:
                    overlay(ds, 0x6000, 50, 60, (15, 10), 'G', seed=9)
                ds.ShutterShape = ['RECTANGULAR', 'CIRCULAR']
                ds.ShutterLeftVerticalEdge = 5; ds.ShutterRightVerticalEdge = 80
                ds.ShutterUpperHorizontalEdge = 6; ds.ShutterLowerHorizontalEdge = 66
                ds.CenterOfCircularShutter = [35, 45]; ds.RadiusOfCircularShutter = 33
                ds.ShutterPresentationValue = 0x6400
                ds.save_as(out + '/gray%d.dcm' % (i + 1), write_like_original=False)
            ds = pydicom.dcmread(out + '/gray2.dcm')
            img = np.zeros((rows, cols), np.uint8)
            rr, cc = np.mgrid[1:rows + 1, 1:cols + 1]
            shown = (cc >= 5) & (cc <= 80) & (rr >= 6) & (rr <= 66) & ((rr - 35) ** 2 + (cc - 45) ** 2 <= 33 ** 2)
            img[~shown] = 0x64
            ov = np.zeros((rows, cols), bool)
            place(ov, ds.overlay_array(0x6000), (15, 10))
            img[ov] = 255
            img.tofile(out + '/gray.rgb')  # one byte per pixel: a gray frame
            result['gray'] = [study, rows, cols]

            # 4. corpus colour images as they are
            for name, f in [('palette', 'pydicom__examples_palette.dcm'), ('ybr422', 'pydicom__SC_ybr_full_422_uncompressed.dcm'),
                            ('rgbplanar', 'pydicom-data__color-pl.dcm')]:
                ds = pydicom.dcmread(corpus + '/' + f)
                arr = ds.pixel_array
                pi = ds.PhotometricInterpretation
                if pi == 'PALETTE COLOR':
                    rgb = apply_color_lut(arr, ds)
                    rgb = rgb >> 8 if rgb.dtype != np.uint8 else rgb
                elif pi.startswith('YBR_FULL'):
                    rgb = convert_color_space(arr, 'YBR_FULL', 'RGB')
                else:
                    rgb = arr
                rgb.astype(np.uint8).tofile(out + '/' + name + '.rgb')
                result[name] = [ds.StudyInstanceUID, int(ds.Rows), int(ds.Columns)]
            print(json.dumps(result))
            """;

    private Path dir;
    private StudyIndex index;
    private RadstreamServer server;
    private JsonNode studies;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "shared corpus absent at " + CORPUS.toAbsolutePath());
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 absent");
        dir = Files.createTempDirectory("radstream-colour");
        Path script = dir.resolve("make.py");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        Path gen = Files.createDirectories(dir.resolve("gen"));
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), gen.toString(), CORPUS.toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        Assumptions.assumeFalse(err.contains("No module named"), "pydicom/numpy missing: " + err);
        assertEquals(0, p.exitValue(), err);
        studies = JSON.readTree(out);
        index = StudyIndex.open(StudyStore.open(dir.resolve("data")));
        List<Path> inputs = new ArrayList<>(List.of(gen.resolve("graphics.dcm"), gen.resolve("multiframe.dcm"),
                gen.resolve("gray1.dcm"), gen.resolve("gray2.dcm"), gen.resolve("gray3.dcm")));
        for (String f : List.of("pydicom__examples_palette.dcm", "pydicom__SC_ybr_full_422_uncompressed.dcm", "pydicom-data__color-pl.dcm")) {
            inputs.add(CORPUS.resolve(f));
        }
        var report = new Importer(index).importPaths(inputs);
        assertTrue(report.errors().isEmpty(), "import errors: " + report.errors());
        server = RadstreamServer.start(ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index);
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
        if (index != null) index.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"graphics", "multiframe", "gray", "palette", "ybr422", "rgbplanar"})
    void firstStillIsTheReferenceImage(String name) throws Exception {
        JsonNode s = studies.get(name);
        String uid = s.get(0).asText();
        int rows = s.get(1).asInt(), cols = s.get(2).asInt();
        String key = index.listStudies().stream().filter(x -> x.studyInstanceUid().equals(uid))
                .map(StudySummary::studyKey).findFirst().orElseThrow();
        byte[] expected = Files.readAllBytes(dir.resolve("gen").resolve(name + ".rgb"));
        try (ViewerClient c = ViewerClient.open("127.0.0.1", server.port(), key, cols, rows, true, true, List.of("h264", "jpeg", "png"))) {
            ViewerClient.FrameInfo f = c.awaitFrame(ViewerClient.FrameInfo::lossless, 20_000);
            assertNotNull(f, "no lossless frame");
            assertEquals(cols, f.width());
            assertEquals(rows, f.height());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(c.losslessPayloads.get(f.id())));
            int bands = expected.length / (rows * cols);
            assertEquals(bands, img.getRaster().getNumBands(), bands == 3 ? "a colour PNG" : "a gray PNG");
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    for (int b = 0; b < bands; b++) {
                        int got = img.getRaster().getSample(x, y, b), want = expected[(y * cols + x) * bands + b] & 0xFF;
                        if (got != want) fail(name + " at (x " + x + ", y " + y + ") band " + b + ": got " + got + ", reference " + want);
                    }
                }
            }
            // interactive frames of a colour study are JPEG even though the client offered H.264
            if (name.equals("multiframe")) {
                c.wheel(1);
                ViewerClient.FrameInfo interactive = c.awaitFrame(x -> !x.lossless(), 10_000);
                assertNotNull(interactive, "no interactive frame after scrolling");
                assertEquals(1, interactive.codec(), "colour interactive frames are JPEG");
                // a reformat of a colour series is refused with a notice; the session stays open
                c.send("{\"type\":\"input\",\"kind\":\"view\",\"view\":\"coronal\"}");
                long until = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < until && c.texts.stream().noneMatch(t -> t.path("type").asText().equals("notice"))) Thread.sleep(20);
                assertTrue(c.texts.stream().anyMatch(t -> t.path("type").asText().equals("notice")
                        && t.path("message").asText().contains("colour")), "a notice says reformats are not available");
                assertTrue(c.texts.stream().filter(t -> t.path("type").asText().equals("state"))
                        .allMatch(t -> t.path("view").asText().equals("native")), "still the native view");
                assertTrue(c.texts.stream().filter(t -> t.path("type").asText().equals("state"))
                        .allMatch(t -> t.path("colour").asBoolean()), "states say colour (the client then shows no W/L)");
                assertEquals(-1, c.closeCode(), "the session stays open");
            }
        }
    }
}
