package io.radstream.render;

import io.radstream.render.display.SliceDisplay;
import io.radstream.render.gl.GlRenderer;
import io.radstream.render.gl.GlUnavailableException;
import io.radstream.volume.series.FileSlices;
import io.radstream.volume.series.SeriesSlice;
import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the viewer shows, 1:1 (one viewport pixel per stored pixel), for every VOI preset of every
 * frame of the corpus files that carry a Modality LUT Sequence, a VOI LUT Sequence, a SIGMOID VOI
 * LUT Function, several windows, or per-frame VOI (Frame VOI LUT Sequence), and of a CT slice
 * rewritten with dcmodify to LINEAR_EXACT, two windows (one W=50) and Presentation LUT Shape
 * INVERSE (the corpus has neither) — against pydicom's apply_modality_lut + apply_voi_lut /
 * apply_windowing in {@code voi_preset_reference.py}, plus the user window (LINEAR).
 *
 * <p>Loaded the way the viewer loads files ({@link FileSlices} → display attributes per frame →
 * {@link VolumeLoader}); each frame is given a plane of its own so 2D objects (CR, RF) form a volume.
 * Tolerance: exact, except 1 gray level where the real-valued display level f·255 is a tie (within
 * 1e-6 of n + 0.5): the two sides compute the same real number in a different order (pydicom scales
 * the window output into y_min..y_max, this side straight to a fraction), so a tie may round either
 * way. A narrow LINEAR_EXACT window (W=50 over integer HU: f·255 = 5.1·k + 0.5 → ties at every fifth
 * value) is where that shows.
 */
class DisplayPipelineCorpusTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static Path corpus;
    private static GlRenderer gl;

    @BeforeAll
    static void setUp() throws Exception {
        corpus = Path.of(System.getProperty("radstream.testdata", "../../shared/testdata"), "corpus").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(corpus.resolve("manifest.json")), "shared DICOM corpus not found at " + corpus);
        Assumptions.assumeTrue(new ProcessBuilder(PYTHON, "-c", "import pydicom, numpy").start().waitFor() == 0,
                "python3-pydicom/numpy not installed");
        try {
            gl = GlRenderer.create();
        } catch (GlUnavailableException e) {
            gl = null; // the CPU is still checked; GL parity is covered where GL exists
        }
    }

    @AfterAll
    static void tearDown() {
        if (gl != null) gl.close();
    }

    @Test
    void modalityLutSequence(@TempDir Path tmp) throws Exception {
        check(tmp, "fo-dicom__CR-ModalitySequenceLUT.dcm", 0, true);   // MONOCHROME1, 16-bit table, no VOI: user window
        check(tmp, "pydicom-data__mlut_18.dcm", 0, true);              // signed first-mapped value
        check(tmp, "orthanc__KarstenHilbertRF.dcm", 1, false);         // 8-bit table and a window
    }

    @Test
    void voiLutSequenceAndSigmoidWindows(@TempDir Path tmp) throws Exception {
        check(tmp, "pydicom-data__vlut_04.dcm", 1, false);
        check(tmp, "fo-dicom__GH133.dcm", 6, false); // 3 VOI LUTs, then NORMAL / HARDER / SOFTER, SIGMOID
    }

    @Test
    void severalWindows(@TempDir Path tmp) throws Exception {
        check(tmp, "pydicom-data__MR-SIEMENS-DICOM-WithOverlays.dcm", 2, false); // WINDOW1, WINDOW2
    }

    @Test
    void perFrameVoiOfAnEnhancedObject(@TempDir Path tmp) throws Exception {
        Volume v = check(tmp, "fo-dicom__MOVEKNEE.dcm", 1, false);
        // the frames' own windows differ: one preset, several windows
        java.util.Set<String> windows = new java.util.HashSet<>();
        for (int k = 0; k < v.slices(); k++) windows.add(v.displayAttributes(k).windows().toString());
        assertTrue(windows.size() > 1, "Frame VOI LUT Sequence per frame: " + windows);
        v.release();
    }

    @Test
    void linearExactTwoWindowsAndPresentationLutInverse(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("ct-linear-exact-inverse.dcm");
        Files.copy(corpus.resolve("wg04__CT2_UNC"), file, StandardCopyOption.REPLACE_EXISTING);
        Process p = new ProcessBuilder("dcmodify", "-nb", "-i", "(0028,1056)=LINEAR_EXACT", "-i", "(2050,0020)=INVERSE",
                "-m", "(0028,1050)=35\\-600", "-m", "(0028,1051)=50\\1500", "-i", "(0028,1055)=NARROW\\LUNG", file.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "dcmodify failed: " + log);
        Volume v = check(tmp, file, 2, false);
        assertEquals("NARROW", DisplayTables.voiName(v, new ViewState(0, 0, 1, 1, 0, 0, 8, 8).withVoi(VoiSelection.preset(0), 0, 1)));
        assertTrue(DisplayTables.display(v, 0).inverse(), "Presentation LUT Shape INVERSE");
        v.release();
    }

    private static Volume check(Path tmp, String name, int expectedPresets, boolean release) throws Exception {
        Volume v = check(tmp, corpus.resolve(name), expectedPresets, false);
        if (release) v.release();
        return v;
    }

    /** Renders every frame at every preset and the user window; returns the volume (retained). */
    private static Volume check(Path tmp, Path file, int expectedPresets, boolean unused) throws Exception {
        Volume v = load(file);
        Path script = Path.of(DisplayPipelineCorpusTest.class.getResource("/reference/voi_preset_reference.py").toURI());
        List<String> failures = new ArrayList<>();
        CpuRenderer cpu = new CpuRenderer();
        int cols = v.columns(), rows = v.rows();
        for (int k = 0; k < v.slices(); k++) {
            SliceDisplay d = DisplayTables.display(v, k);
            assertEquals(expectedPresets, d.presets().size(), file.getFileName() + " frame " + k + " presets " + d.presets());
            int[] stored = new int[cols * rows];
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (int j = 0; j < rows; j++) for (int i = 0; i < cols; i++) {
                stored[j * cols + i] = v.stored(i, j, k);
                double m = d.modality().apply(stored[j * cols + i]);
                lo = Math.min(lo, m);
                hi = Math.max(hi, m);
            }
            Path in = tmp.resolve("stored.raw"), out = tmp.resolve("display.raw");
            ByteBuffer b = ByteBuffer.allocate(stored.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int s : stored) b.putInt(s);
            Files.write(in, b.array());
            double userCenter = (lo + hi) / 2, userWidth = Math.max(2, (hi - lo) / 2);
            for (int preset = -1; preset < d.presets().size(); preset++) {
                VoiSelection sel = preset < 0 ? VoiSelection.USER : VoiSelection.preset(preset);
                ViewState s = new ViewState(k, userCenter, userWidth, 1, 0, 0, cols, rows).withVoi(sel, userCenter, userWidth);
                Frame frame = cpu.render(s, v);
                Process p = new ProcessBuilder(PYTHON, script.toString(), file.toString(), in.toString(), out.toString(),
                        Integer.toString(k), Integer.toString(preset), Double.toString(userCenter), Double.toString(userWidth))
                        .redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0) fail(file.getFileName() + ": reference failed: " + log);
                byte[] ref = Files.readAllBytes(out);
                int max = 0, off = 0, offNotTie = 0;
                io.radstream.render.display.VoiTransform voi = d.voi(sel, userCenter, userWidth);
                for (int i = 0; i < ref.length; i++) {
                    int diff = Math.abs((frame.gray()[i] & 0xFF) - (ref[i] & 0xFF));
                    max = Math.max(max, diff);
                    if (diff == 0) continue;
                    off++;
                    double level = Math.max(0, Math.min(1, voi.apply(d.modality().apply(stored[i])))) * 255;
                    if (Math.abs(level - Math.floor(level) - 0.5) > 1e-6) offNotTie++;
                }
                String what = String.format("%s frame %d %-8s: max %d, %d of %d px differ (%d not at a .5 tie)",
                        file.getFileName(), k, d.voiName(sel), max, off, ref.length, offNotTie);
                if (k < 2 || max > 0) System.out.println(what);
                if (max > 1 || offNotTie > 0) failures.add(what);
                if (gl != null && k < 2 && ref.length <= 1 << 20) { // GL native = the CPU's table: identical bytes
                    Frame g = gl.render(s, v);
                    if (!java.util.Arrays.equals(g.gray(), frame.gray())) failures.add("gl differs from cpu: " + what);
                }
            }
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
        return v;
    }

    /** The viewer's file path: FileSlices reads display attributes per frame; a plane per frame, 1 mm pixels. */
    private static Volume load(Path file) throws Exception {
        List<SeriesSlice> slices = FileSlices.read(file);
        List<SliceSource> sources = new ArrayList<>();
        for (SeriesSlice s : slices) {
            int k = sources.size();
            sources.add(new SliceSource(new double[]{0, 0, k}, new double[]{1, 0, 0, 0, 1, 0}, new double[]{1, 1},
                    s.pixels().rows(), s.pixels().columns(), s.frame().rescaleSlope(), s.frame().rescaleIntercept(),
                    s.reader(), s.display()));
        }
        SeriesSlice first = slices.getFirst();
        try (VolumeLoader loader = new VolumeLoader(2)) {
            return loader.load(sources, new VolumeLoader.PixelFormat(first.pixels().bitsAllocated(), first.pixels().signed(),
                    first.pixels().photometric(), null));
        }
    }
}
