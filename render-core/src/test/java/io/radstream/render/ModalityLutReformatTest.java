package io.radstream.render;

import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.series.SeriesFiles;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reformats of a CT phantom whose files carry a non-linear Modality LUT Sequence that differs from
 * slice to slice ({@code reference/add_modality_lut.py}: gamma curves, rescale removed), rendered
 * through {@link ModalityLutReformats} on the CPU, against the independent references: pydicom's
 * {@code apply_modality_lut} on each slice, then scipy's {@code map_coordinates(order=1)}
 * ({@code mpr_reference.py}: planes and per-sample slabs) or numpy reductions over the planes
 * ({@code grid_slab_reference.py modality}: grid-aligned slabs). Tolerances as in
 * {@link MprPhantomTest} and {@link GridSlabReferenceTest}.
 */
class ModalityLutReformatTest {
    /** 96 columns × 72 rows × 30 slices; 4.2 × 3.1 mm pixels, 5 mm slices; tilted 15° about z and 20° about x. */
    private static final CtPhantom.Spec SPEC = CtPhantom.Spec.defaults(30).withMatrix(72, 96).withPixelSpacing(4.2, 3.1)
            .withSliceSpacing(5).withOrientation(MprVolumes.obliqueOrientation(15, 20));
    /** LUT outputs span 0..65535; soft tissue (stored ≈ 1064) maps to 25 000..33 000 depending on the slice's gamma. */
    private static final double CENTER = 30000, WIDTH = 24000;

    @TempDir
    static Path dir;
    static Volume volume;
    static Vec centre;
    static final Renderer RENDERER = ModalityLutReformats.of(new CpuRenderer());

    @BeforeAll
    static void writePhantom() throws Exception {
        Assumptions.assumeTrue(MprPhantomTest.pythonReady(), "python3-pydicom, python3-numpy and python3-scipy needed");
        CtPhantom.PhantomSeries series = CtPhantom.write(SPEC, dir.resolve("ct"));
        Path script = Path.of(ModalityLutReformatTest.class.getResource("/reference/add_modality_lut.py").toURI());
        ReformatReference.run(List.of(ReformatReference.PYTHON, script.toString(), dir.resolve("ct").toString()));
        try (VolumeLoader loader = new VolumeLoader(2); var files = Files.list(dir.resolve("ct"))) {
            volume = SeriesFiles.load(files.sorted().toList(), loader);
        }
        assertEquals(series.files().size(), volume.slices());
        centre = Vec.of(SPEC.centre());
    }

    @AfterAll
    static void release() {
        if (volume != null) volume.release();
    }

    @Test
    void everySliceCarriesItsLutAndTheRawVolumeStaysRefused() {
        for (int k = 0; k < volume.slices(); k++) assertNotNull(volume.displayAttributes(k).modalityLut(), "slice " + k);
        assertTrue(volume.displayAttributes(0).modalityLut() != volume.displayAttributes(1).modalityLut(), "LUTs differ by slice");
        ViewState s = view(Plane.CORONAL, 0, Mpr.Projection.AVG);
        assertThrows(UnsupportedViewException.class, () -> new CpuRenderer().render(s, volume));
        Volume mapped = ModalityLutReformats.mappedCopy(volume);
        assertNull(mapped.displayAttributes(0).modalityLut(), "the copy has no LUT");
        assertNotNull(DisplayTables.reformatFunction(mapped, s, "cpu"));
    }

    @Test
    void nativeSlicesPassThrough() {
        ViewState s = new ViewState(13, CENTER, WIDTH, 1.3, 2, -1, 120, 100);
        assertArrayEquals(new CpuRenderer().render(s, volume).gray(), RENDERER.render(s, volume).gray());
    }

    @Test
    void coronalPlaneMatchesReference() throws Exception {
        comparePerSample(view(Plane.CORONAL, 0, Mpr.Projection.AVG));
    }

    @Test
    void obliquePlaneMatchesReference() throws Exception {
        comparePerSample(Gestures.rollPlane(Gestures.rotateDrag(view(Plane.CORONAL, 0, Mpr.Projection.AVG), 50, 30), 10));
    }

    @Test
    void obliqueSlabsMatchReference() throws Exception {
        // patient-axial and rotated planes of an obliquely acquired stack: the per-sample slab path
        comparePerSample(view(Plane.AXIAL, 20, Mpr.Projection.MIP).withWindow(45000, 30000));
        comparePerSample(view(Plane.CORONAL, 20, Mpr.Projection.MINIP).withWindow(15000, 30000));
        comparePerSample(Gestures.rotateDrag(view(Plane.SAGITTAL, 15, Mpr.Projection.AVG), 20, 0));
    }

    @Test
    void gridAlignedSlabsMatchReference() throws Exception {
        Vec r = new Vec(SPEC.orientation()[0], SPEC.orientation()[1], SPEC.orientation()[2]);
        Vec c = new Vec(SPEC.orientation()[3], SPEC.orientation()[4], SPEC.orientation()[5]);
        Vec n = r.cross(c);
        compareGrid(grid(r, c, 16, Mpr.Projection.MIP).withWindow(45000, 30000));
        compareGrid(grid(n, r, 14, Mpr.Projection.MINIP).withWindow(15000, 30000));
        compareGrid(grid(c, n.times(-1), 14, Mpr.Projection.AVG));
    }

    private static ViewState view(Plane plane, double slab, Mpr.Projection p) {
        ViewState s = new ViewState(0, CENTER, WIDTH, 1.6, 3, -2, 160, 128).withMpr(Mpr.of(plane, centre.plus(new Vec(4, -6, 9))));
        return slab > 0 ? Gestures.slab(s, slab, p) : s;
    }

    private static ViewState grid(Vec right, Vec down, double slab, Mpr.Projection p) {
        Mpr m = new Mpr(centre.plus(new Vec(3, -5, 7)), right, down, slab, p);
        return new ViewState(0, CENTER, WIDTH, 1.4, 2, -3, 150, 120).withMpr(m);
    }

    /** ≤ 1 level off on ≥ 99.9 % of pixels, never more than 2; boundary pixels skipped (MprPhantomTest's tolerance). */
    private static void comparePerSample(ViewState s) throws Exception {
        assertNull(GridAlignedSlab.of(s, volume), "per-sample path");
        Frame f = RENDERER.render(s, volume);
        Path out = Files.createTempFile(dir, "mpr", ".raw");
        List<String> cmd = ReformatReference.command("mpr_reference.py", dir.resolve("ct"), out, s, volume);
        cmd.addAll(List.of(s.mpr().slabMm() > 0 ? s.mpr().projection().name().toLowerCase(Locale.ROOT) : "avg",
                "" + s.windowCenter(), "" + s.windowWidth()));
        ReformatReference.run(cmd);
        byte[] gray = Files.readAllBytes(out), edge = Files.readAllBytes(Path.of(out + ".edge"));
        int off1 = 0, worst = 0, edges = 0, shown = 0;
        for (int i = 0; i < gray.length; i++) {
            int ref8 = gray[i] & 0xFF;
            if (ref8 != 0 && ref8 != 255) shown++;
            if (edge[i] != 0) {
                edges++;
                continue;
            }
            int d = Math.abs((f.gray()[i] & 0xFF) - ref8);
            if (d > 1) off1++;
            worst = Math.max(worst, d);
        }
        String summary = "MLUT " + s.mpr() + ": " + off1 + " of " + gray.length + " > 1 level off, worst " + worst
                + ", " + edges + " boundary pixels, " + shown + " between black and white";
        System.out.println(summary);
        assertTrue(shown > gray.length / 6, "the view shows the body: " + summary);
        assertTrue(edges < gray.length / 100, summary);
        assertTrue(off1 <= gray.length / 1000, summary);
        assertTrue(worst <= 2, summary);
    }

    /** At most 1 level off, on ≤ 0.5 % of pixels (GridSlabReferenceTest's tolerance). */
    private static void compareGrid(ViewState s) throws Exception {
        Volume mapped = ModalityLutReformats.mappedCopy(volume);
        GridAlignedSlab slab = GridAlignedSlab.of(s, mapped);
        assertNotNull(slab, "grid aligned: " + s.mpr());
        Frame f = RENDERER.render(s, volume);
        Path out = Files.createTempFile(dir, "grid", ".raw");
        List<String> cmd = ReformatReference.command("grid_slab_reference.py", dir.resolve("ct"), out, s, volume);
        cmd.addAll(List.of(s.mpr().projection().name().toLowerCase(Locale.ROOT), "" + s.windowCenter(), "" + s.windowWidth(),
                "modality")); // apply each slice's Modality LUT before projecting
        String log = ReformatReference.run(cmd);
        byte[] gray = Files.readAllBytes(out);
        assertEquals(slab.first() + " " + slab.last(), log.strip(), "plane range, reference vs renderer");
        int off1 = 0, worst = 0, shown = 0;
        for (int i = 0; i < gray.length; i++) {
            int d = Math.abs((f.gray()[i] & 0xFF) - (gray[i] & 0xFF));
            if (d == 1) off1++;
            worst = Math.max(worst, d);
            if (gray[i] != 0 && gray[i] != (byte) 255) shown++;
        }
        String summary = "MLUT grid " + s.mpr() + " planes " + slab.first() + ".." + slab.last() + ": worst " + worst + ", "
                + off1 + " off by one, " + shown + " between black and white";
        System.out.println(summary);
        assertTrue(worst <= 1, summary);
        assertTrue(off1 <= gray.length / 200, summary);
        assertTrue(shown > gray.length / 10, "the frame shows the phantom: " + summary);
    }
}
