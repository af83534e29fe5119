package io.radstream.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's commands as a user runs them: phantom → import → pixels → render. */
class RadstreamCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        out.reset();
        err.reset();
        return Radstream.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void phantomImportPixelsAndRenderWorkTogether(@TempDir Path dir) throws Exception {
        Path series = dir.resolve("ct");
        assertEquals(0, run("phantom", "--kind", "ct", "--out", series.toString(), "--slices", "3", "--pixel-spacing", "0.6,0.9"));
        List<Path> files;
        try (var s = Files.list(series)) {
            files = s.sorted().toList();
        }
        assertEquals(3, files.size());

        // a folder with the series, a truncated copy and a text file: the series imports, two errors
        Path incoming = dir.resolve("incoming");
        Files.createDirectories(incoming);
        for (Path f : files) Files.copy(f, incoming.resolve(f.getFileName()));
        byte[] whole = Files.readAllBytes(files.getFirst());
        Files.write(incoming.resolve("truncated.dcm"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(incoming.resolve("notes.txt"), "not a DICOM file");
        assertEquals(1, run("import", "--data", dir.resolve("data").toString(), incoming.toString()));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, errors.lines().filter(l -> l.startsWith("error:")).count(), errors);
        assertTrue(errors.contains("truncated.dcm") && errors.contains("notes.txt"), errors);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("imported 3 file(s)"), out.toString(StandardCharsets.UTF_8));

        // pixels: one JSON line per file, the bad one with an error, the good one hashed
        assertEquals(1, run("pixels", files.getFirst().toString(), incoming.resolve("notes.txt").toString()));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size());
        JsonNode good = new ObjectMapper().readTree(lines.get(0));
        JsonNode bad = new ObjectMapper().readTree(lines.get(1));
        assertEquals(512, good.get("rows").asInt());
        assertEquals(16, good.get("bitsAllocated").asInt());
        assertEquals(1, good.get("pixelRepresentation").asInt());
        assertEquals("1.2.840.10008.1.2.1", good.get("transferSyntax").asText());
        // the phantom's pixel data is little-endian int16 at the end of the file: hash it independently
        byte[] pixels = java.util.Arrays.copyOfRange(whole, whole.length - 512 * 512 * 2, whole.length);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pixels)),
                good.get("frameSha256").get(0).asText());
        assertTrue(bad.get("error").get("reason").asText().startsWith("not a DICOM file"));

        // render: a PNG of the viewport size, non-square pixels shown at their physical aspect
        Path png = dir.resolve("slice.png");
        assertEquals(0, run("render", series.toString(), "--index", "2", "--window", "40,400", "--size", "300x200", "--out", png.toString()));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(300, img.getWidth());
        assertEquals(200, img.getHeight());

        // reformats: a coronal MIP slab and a sagittal plane at a patient coordinate
        Path mip = dir.resolve("mip.png");
        out.reset();
        assertEquals(0, run("render", series.toString(), "--mode", "mip", "--plane", "coronal", "--position", "-10", "--slab", "20",
                "--size", "160x120", "--out", mip.toString()));
        String said = out.toString(StandardCharsets.UTF_8);
        // no --window: the data's first VOI preset, as the viewer opens (the phantom's SOFT TISSUE 40/400)
        assertTrue(said.contains("VOI SOFT TISSUE") && said.contains("window 40/400"), said);
        assertTrue(said.contains("mip slab at -10.00 mm") && said.contains("slab 20 mm MIP") && said.contains("R/L/H/F"), said);
        assertEquals(160, ImageIO.read(mip.toFile()).getWidth());
        Path sag = dir.resolve("sag.png");
        assertEquals(0, run("render", series.toString(), "--mode", "mpr", "--plane", "sagittal", "--position", "12.5", "--out", sag.toString()));
        assertEquals(512, ImageIO.read(sag.toFile()).getHeight());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("mpr at 12.50 mm along (1.00,0.00,0.00)"), out.toString(StandardCharsets.UTF_8));
        assertEquals(2, run("render", series.toString(), "--mode", "mpr", "--index", "2", "--out", sag.toString()));
        assertEquals(2, run("render", series.toString(), "--mode", "cube", "--out", sag.toString()));

        // --backend: the OpenGL renderer (Mesa llvmpipe here) draws the same MIP within the parity tolerance
        Path glMip = dir.resolve("mip-gl.png");
        out.reset();
        int gl = run("render", series.toString(), "--mode", "mip", "--plane", "coronal", "--position", "-10", "--slab", "20",
                "--size", "160x120", "--backend", "gl", "--out", glMip.toString());
        if (gl == 0) {
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("gl backend"), out.toString(StandardCharsets.UTF_8));
            BufferedImage a = ImageIO.read(mip.toFile()), b = ImageIO.read(glMip.toFile());
            int worst = 0;
            for (int y = 0; y < 120; y++)
                for (int x = 0; x < 160; x++) worst = Math.max(worst, Math.abs((a.getRGB(x, y) & 0xFF) - (b.getRGB(x, y) & 0xFF)));
            assertTrue(worst <= 2, "gl and cpu differ by " + worst + " gray levels");
        } else {
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("cannot start") || err.toString(StandardCharsets.UTF_8).contains("cannot start"),
                    "a GL that cannot start says why");
        }
        assertEquals(2, run("render", series.toString(), "--backend", "vulkan", "--out", sag.toString()));
    }

    @Test
    void phantomCtaWritesAnArterialPhaseSeries(@TempDir Path dir) throws Exception {
        assertEquals(0, run("phantom", "--kind", "cta", "--out", dir.toString(), "--slices", "3"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("wrote 3 CTA slices"), out.toString(StandardCharsets.UTF_8));
        assertEquals(3, java.nio.file.Files.list(dir).count());
    }

    @Test
    void phantomDbtWritesOneMultiFrameObject(@TempDir Path dir) throws Exception {
        assertEquals(0, run("phantom", "--kind", "dbt", "--out", dir.toString(), "--rows", "64", "--columns", "48", "--frames", "5"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("64x48x5 breast tomosynthesis object"), out.toString(StandardCharsets.UTF_8));
        Path file = dir.resolve("DBT000001.dcm");
        assertEquals(0, run("pixels", file.toString()));
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        assertEquals(5, report.get("frames").asInt(), report.toString());
        assertEquals(10, report.get("bitsStored").asInt());
        assertEquals(5, report.get("frameSha256").size());
        assertEquals(2, run("phantom", "--kind", "dbt", "--out", dir.toString(), "--rows", "8"));
    }

    /**
     * Independent references for a Breast Tomosynthesis object, from pydicom + numpy: frames placed by
     * their Plane Position (functional groups) along the normal of Image Orientation, sorted along
     * it; argv[2] = "slice N" (the N-th frame in that order) or "slab MM" (the mean of the modality
     * values of the frames whose centres lie within MM/2 of the stack's centre, PS3.3 C.7.6.2.1.1
     * geometry); then the LINEAR window 500/1000 (C.11.2.1.2.1). Rows of 0..255, row by row.
     */
    private static final String DBT_REFERENCE = """
            import sys, pydicom, numpy as np
            ds = pydicom.dcmread(sys.argv[1])
            shared, frames = ds.SharedFunctionalGroupsSequence[0], ds.PerFrameFunctionalGroupsSequence
            def group(i, name):
                return getattr(frames[i], name)[0] if name in frames[i] else getattr(shared, name)[0]
            iop = np.array([float(v) for v in group(0, 'PlaneOrientationSequence').ImageOrientationPatient])
            normal = np.cross(iop[:3], iop[3:])
            d = np.array([np.dot([float(v) for v in group(i, 'PlanePositionSequence').ImagePositionPatient], normal)
                          for i in range(len(frames))])
            t = [group(i, 'PixelValueTransformationSequence') for i in range(len(frames))]
            x = np.array([f * float(t[i].RescaleSlope) + float(t[i].RescaleIntercept)
                          for i, f in enumerate(ds.pixel_array.astype(np.float64))])
            if sys.argv[2] == 'slice':
                m = x[np.argsort(d)[int(sys.argv[3]) - 1]]
            else:
                centre = (d.min() + d.max()) / 2
                m = x[np.abs(d - centre) <= float(sys.argv[3]) / 2 + 1e-6].mean(axis=0)
            c, w = 500 - 0.5, 1000 - 1
            y = np.where(m <= c - w / 2, 0, np.where(m > c + w / 2, 255, np.clip(np.floor(((m - c) / w + 0.5) * 255 + 0.5), 0, 255)))
            for row in y.astype(int): print(' '.join(map(str, row)))
            """;

    private static int[][] dbtReference(Path file, String what, String n) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", DBT_REFERENCE, file.toString(), what, n).redirectErrorStream(true).start();
        List<String> rows = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor(), String.join("\n", rows));
        return rows.stream().map(r -> java.util.Arrays.stream(r.split(" ")).mapToInt(Integer::parseInt).toArray()).toArray(int[][]::new);
    }

    /** Pixels of the PNG that differ from the reference placed at column {@code x0}; black expected elsewhere. */
    private static int differences(BufferedImage img, int[][] reference, int x0) {
        int differ = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int inside = x - x0;
                int expected = y < reference.length && inside >= 0 && inside < reference[y].length ? reference[y][inside] : 0;
                if (img.getRaster().getSample(x, y, 0) != expected) differ++;
            }
        }
        return differ;
    }

    @Test
    void renderReadsTheFramesOfAMultiFrameTomosynthesisObject(@TempDir Path dir) throws Exception {
        // 64 rows × 48 columns × 12 frames 5.5 mm apart, 3.94 mm pixels (the phantom keeps its field of view)
        assertEquals(0, run("phantom", "--kind", "dbt", "--out", dir.toString(), "--rows", "64", "--columns", "48", "--frames", "12"));
        Path file = dir.resolve("DBT000001.dcm");
        Path frame = dir.resolve("frame4.png"), slab = dir.resolve("slab.png");
        out.reset();
        assertEquals(0, run("render", file.toString(), "--mode", "slice", "--index", "4", "--window", "500,1000", "--out", frame.toString()),
                err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("slice 4/12"), out.toString(StandardCharsets.UTF_8));
        // the acquisition plane through the centre as a 12 mm average slab across frames (the two
        // nearest the centre); a reformat fits the volume's largest extent (252 mm) to 64 pixels,
        // so 1:1 here, the 48 columns centred with 8 black ones on each side
        assertEquals(0, run("render", file.toString(), "--mode", "dbt", "--slab", "12", "--size", "64x64", "--window", "500,1000",
                "--out", slab.toString()), err.toString(StandardCharsets.UTF_8));
        BufferedImage one = ImageIO.read(frame.toFile()), mean = ImageIO.read(slab.toFile());
        assertEquals(48, one.getWidth());
        assertEquals(64, one.getHeight());
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3 with pydicom");
        int[][] frameRef = dbtReference(file, "slice", "4"), slabRef = dbtReference(file, "slab", "12");
        assertEquals(0, differences(one, frameRef, 0), "frame 4 along the normal against pydicom");
        assertEquals(0, differences(mean, slabRef, 8), "12 mm slab against pydicom + numpy");
        // and the test can tell: the neighbouring frame, or the slab one column off, would not pass
        assertTrue(differences(one, dbtReference(file, "slice", "5"), 0) > 100);
        assertTrue(differences(mean, slabRef, 9) > 100);
    }

    @Test
    void usageErrorsExitWithStatusTwo() {
        assertEquals(2, run("render"));
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("phantom", "--kind", "mri", "--out", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown phantom kind"));
    }
}
