package io.radstream.render;

import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.series.SeriesFiles;
import io.radstream.volume.series.SeriesGeometry;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grid-aligned slabs (project, then resample; {@link GridAlignedSlab}) against
 * {@code reference/grid_slab_reference.py}, which reads the same DICOM files with pydicom, reduces
 * the stored values over the slab's voxel planes with numpy (max / min / mean), rescales, and
 * resamples with scipy's {@code map_coordinates(order=1)} at the viewport pixel centres. The
 * phantom is obliquely acquired with anisotropic voxels: "grid aligned" means the volume's own
 * index axes, not the patient's. At most 1 gray level off (rounding ties), on ≤ 0.5 % of pixels.
 */
class GridSlabReferenceTest {
    /** 112 columns × 80 rows × 30 slices; 4.2 × 3.1 mm pixels, 5 mm slices; tilted 15° about z and 20° about x. */
    private static final CtPhantom.Spec SPEC = CtPhantom.Spec.defaults(30).withMatrix(80, 112).withPixelSpacing(4.2, 3.1)
            .withSliceSpacing(5).withOrientation(MprVolumes.obliqueOrientation(15, 20));

    @TempDir
    static Path dir;
    static Volume volume, padded;
    static int paddingValue;

    @BeforeAll
    static void writePhantom() throws Exception {
        CtPhantom.PhantomSeries series = CtPhantom.write(SPEC, dir.resolve("ct"));
        try (VolumeLoader loader = new VolumeLoader(2)) {
            volume = SeriesFiles.load(series.files(), loader);
        }
        paddingValue = commonestDarkValue(volume);
        // the same files declaring that value Pixel Padding Value (0028,0120), for MinIP
        Path folder = dir.resolve("ct-padded");
        DcmodifiedCopies.write(folder, series.files(), "(0028,0120)=" + paddingValue);
        try (VolumeLoader loader = new VolumeLoader(2); var files = Files.list(folder)) {
            padded = SeriesFiles.load(files.sorted().toList(), loader);
        }
        padded.describePixelPadding(paddingValue); // what the server records from the index
    }

    @AfterAll
    static void release() {
        if (volume != null) volume.release();
        if (padded != null) padded.release();
    }

    /** The stored value of the phantom's air that occurs most often (its noise-free air ring). */
    private static int commonestDarkValue(Volume v) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int k = 0; k < v.slices(); k++) for (int j = 0; j < v.rows(); j++) for (int i = 0; i < v.columns(); i++) {
            if (v.modality(i, j, k) < -500) counts.merge(v.stored(i, j, k), 1, Integer::sum);
        }
        return counts.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** A view whose normal is grid axis {@code axis} (0 = i, 1 = j, 2 = k) with the given in-plane directions. */
    private static ViewState view(Vec right, Vec down, double slab, Mpr.Projection p, double c, double w) {
        Vec focal = Vec.of(SPEC.centre()).plus(new Vec(4, -6, 9));
        return new ViewState(0, c, w, 1.6, 3, -2, 176, 144).withMpr(new Mpr(focal, right, down, slab, p));
    }

    private static Vec[] grid() {
        SeriesGeometry g = volume.geometry();
        return new Vec[]{Vec.of(g.rowDirection()).unit(), Vec.of(g.columnDirection()).unit(), Vec.of(g.normal()).unit()};
    }

    @Test
    void mipAlongEachGridAxisMatchesNumpy() throws Exception {
        Vec[] d = grid();
        compare(volume, "ct", view(d[0], d[1], 20, Mpr.Projection.MIP, 300, 1500));          // "axial" of the grid
        compare(volume, "ct", view(d[0], d[2].times(-1), 20, Mpr.Projection.MIP, 300, 1500)); // "coronal"
        compare(volume, "ct", view(d[1], d[2].times(-1), 20, Mpr.Projection.MIP, 300, 1500)); // "sagittal"
        compare(volume, "ct", view(d[1].times(-1), d[0], 33, Mpr.Projection.MIP, 40, 50));  // swapped and flipped, narrow window
    }

    @Test
    void avgAlongEachGridAxisMatchesNumpy() throws Exception {
        Vec[] d = grid();
        compare(volume, "ct", view(d[0], d[1], 15, Mpr.Projection.AVG, 40, 400));
        compare(volume, "ct", view(d[2], d[0], 15, Mpr.Projection.AVG, 40, 400));
        compare(volume, "ct", view(d[1], d[2], 15, Mpr.Projection.AVG, 40, 50));
    }

    @Test
    void minipSkipsPixelPaddingAlongEachGridAxisLikeNumpy() throws Exception {
        Vec[] d = grid();
        List<ViewState> views = List.of(view(d[0], d[1], 12, Mpr.Projection.MINIP, -600, 1500),
                view(d[0], d[2].times(-1), 12, Mpr.Projection.MINIP, -600, 1500),
                view(d[1], d[2].times(-1), 12, Mpr.Projection.MINIP, -900, 50));
        int changed = 0;
        for (ViewState s : views) {
            compare(padded, "ct-padded", s);
            byte[] skipping = new CpuRenderer().render(s, padded).gray(), not = new CpuRenderer(PixelPadding.NONE).render(s, padded).gray();
            for (int n = 0; n < skipping.length; n++) if (skipping[n] != not[n]) changed++;
        }
        // the phantom's air is noisy: its commonest value is padding in some columns, not all
        assertTrue(changed > 100, "padding (stored " + paddingValue + ") changes these MinIPs: " + changed + " pixels");
    }

    @Test
    void aSlabThinnerThanASliceShowsTheNearestPlane() throws Exception {
        Vec[] d = grid();
        ViewState thin = view(d[0], d[1], 2, Mpr.Projection.MIP, 300, 1500); // 2 mm at 5 mm slices
        GridAlignedSlab slab = GridAlignedSlab.of(thin, volume);
        assertNotNull(slab, "grid aligned");
        assertEquals(1, slab.planes(), "one plane: " + slab);
        compare(volume, "ct", thin);
    }

    @Test
    void fullVolumeMipAlongTheGridMatchesNumpy() throws Exception {
        Vec[] d = grid();
        compare(volume, "ct", view(d[0], d[2].times(-1), 2000, Mpr.Projection.MIP, 300, 1500));
        // along the voxel rows: runs of 112 voxels, reduced as packed pairs
        compare(volume, "ct", view(d[1], d[2].times(-1), 2000, Mpr.Projection.MIP, 300, 1500));
        compare(volume, "ct", view(d[1], d[2].times(-1), 2000, Mpr.Projection.AVG, -600, 1500)); // mostly air: a lung window
    }

    private static void compare(Volume v, String folder, ViewState s) throws Exception {
        Assumptions.assumeTrue(MprPhantomTest.pythonReady(), "python3-pydicom, python3-numpy and python3-scipy needed for the reference");
        GridAlignedSlab slab = GridAlignedSlab.of(s, v);
        assertNotNull(slab, "grid aligned: " + s.mpr());
        Frame f = new CpuRenderer().render(s, v);
        Path out = Files.createTempFile(dir, "ref", ".raw");
        List<String> cmd = ReformatReference.command("grid_slab_reference.py", dir.resolve(folder), out, s, v);
        cmd.add(s.mpr().projection().name().toLowerCase(Locale.ROOT));
        cmd.add("" + s.windowCenter());
        cmd.add("" + s.windowWidth());
        String log = ReformatReference.run(cmd);
        assertEquals(slab.first() + " " + slab.last(), log.strip(), "plane range, reference vs renderer");
        byte[] ref = Files.readAllBytes(out);
        int off1 = 0, worst = 0, nonBlack = 0, distinct = 0;
        boolean[] seen = new boolean[256];
        for (int n = 0; n < ref.length; n++) {
            int a = f.gray()[n] & 0xFF, b = ref[n] & 0xFF;
            int d = Math.abs(a - b);
            if (d == 1) off1++;
            worst = Math.max(worst, d);
            if (b != 0) nonBlack++;
            if (!seen[b]) {
                seen[b] = true;
                distinct++;
            }
        }
        String summary = s.mpr() + " planes " + slab.first() + ".." + slab.last() + ": max " + worst + " levels, "
                + off1 + " of " + ref.length + " off by one, " + nonBlack + " non-black, " + distinct + " distinct";
        System.out.println("GRIDSLAB " + summary);
        assertTrue(worst <= 1, summary);
        assertTrue(off1 <= ref.length / 200, summary);
        assertTrue(nonBlack > ref.length / 10 && distinct > 8, "the frame shows the phantom: " + summary);
    }
}
