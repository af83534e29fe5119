package io.radstream.bench;

import io.radstream.render.CpuRenderer;
import io.radstream.render.Gestures;
import io.radstream.render.Mpr;
import io.radstream.render.Plane;
import io.radstream.render.Vec;
import io.radstream.render.ViewState;
import io.radstream.render.VolumeMip;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.series.Volume;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Slab and full-volume MIP on the CPU backend side by side with numpy's {@code max} over the same
 * voxels, in one run on one machine: how far the renderer is from memory-bandwidth speed. The
 * volume is the CT phantom (512² × slices, 0.7 mm pixels, 1.25 mm slices); its stored values are
 * written to a temporary raw file that Debian's {@code python3-numpy} maps and reduces. numpy's
 * coronal MIP is an axis-aligned {@code max(axis=1)} (no resampling). Ours, for these grid-aligned
 * views, projects the same way (a max over voxel rows) and then resamples the projection into the
 * viewport; a new slab position computes a projection, a pan / zoom / window change of the same slab
 * only resamples the cached one. For comparison the same views 0.01° off the grid take the
 * per-sample path (trilinear samples along each ray), as any oblique plane does. The axial rows
 * reduce across slices ({@code max(axis=0)}): each voxel line of a projection row lies one slice
 * (512 KB) from the next. Prints a Markdown table. With {@code --add-modules jdk.incubator.vector}
 * the projection runs on 16-bit SIMD lanes, without it on the int-lane fallback (the first line says which).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar io.radstream.bench.MipVersusNumpy [slices] [python]</pre>
 */
public final class MipVersusNumpy {
    private static final int RUNS = 7, WARMUP = 2;

    private MipVersusNumpy() {}

    public static void main(String[] args) throws Exception {
        int slices = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        String python = args.length > 1 ? args[1] : "/usr/bin/python3";
        CtPhantom.Spec spec = CtPhantom.Spec.defaults(slices);
        Volume volume = PhantomVolumes.ct(spec);
        Path raw = Files.createTempFile("radstream-mip", ".raw");
        try {
            try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.WRITE)) {
                ch.write(volume.voxels().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
            }
            double mb = volume.byteSize() / 1e6;
            int slabRows = (int) Math.round(10 / spec.rowSpacingMm()) + 1; // 10 mm of rows
            CpuRenderer cpu = new CpuRenderer();
            ViewState base = new ViewState(0, 40, 400, 1, 0, 0, 512, 512);
            Vec centre = Vec.of(spec.centre());
            ViewState slab = Gestures.slab(base.withMpr(Mpr.of(Plane.CORONAL, centre)), 10, Mpr.Projection.MIP);
            ViewState full = VolumeMip.show(base, volume.geometry());
            double row = spec.rowSpacingMm();
            // the server runs for hours: let C2 compile the projection and resampling loops first
            // (at slab positions the measured runs do not use; ~1 s: on two loaded cores C2 needs it)
            for (int i = 0; i < 300; i++) cpu.render(Gestures.moveAlongNormal(slab, (20 + i % 20) * row).withPan(i % 7, 0), volume);
            // a new plane range every run, so each one computes its projection (cache misses)
            double[] ours10 = time(i -> cpu.render(Gestures.moveAlongNormal(slab, (i - RUNS) * row), volume));
            double[] ours10Cached = time(i -> cpu.render(slab.withPan(i, -i).withWindow(40 + i, 400), volume));
            // the full-volume MIP: runs shift its far face by one row, so it reads rows [i, 511] (≥ 98 %)
            Vec down = Vec.of(volume.geometry().columnDirection()); // the grid's row axis, the coronal normal up to sign
            double[] oursFull = time(i -> cpu.render(full.withMpr(full.mpr().withFocal(centre.plus(down.times((i + 511) / 2.0 * row - 255.5 * row)))
                    .withSlab((511 - i + 0.5) * row, Mpr.Projection.MIP)), volume));
            // the axial full-volume MIP, likewise reading slices [i, slices - 1]
            Vec up = Vec.of(volume.geometry().normal());
            double sl = spec.sliceSpacingMm(), mid = (slices - 1) / 2.0;
            ViewState axial = base.withMpr(Mpr.of(Plane.AXIAL, centre));
            double[] oursAxialFull = time(i -> cpu.render(axial.withMpr(axial.mpr().withFocal(centre.plus(up.times(((i + slices - 1) / 2.0 - mid) * sl)))
                    .withSlab((slices - 1 - i + 0.5) * sl, Mpr.Projection.MIP)), volume));
            double[] oursFullCached = time(i -> cpu.render(full.withPan(i, -i).withWindow(40 + i, 400), volume));
            double[] perSample10 = time(i -> cpu.render(VolumeMip.spin(slab, 0.01), volume));
            double[] perSampleFull = time(i -> cpu.render(VolumeMip.spin(full, 0.01), volume));
            double[] perSampleQuarter = time(i -> cpu.render(VolumeMip.spin(full, 0.01).withViewport(128, 128), volume));
            double[][] numpy = numpy(python, raw, slices, slabRows);
            System.out.println("Slab projection: " + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    ? "16-bit SIMD lanes (jdk.incubator.vector)" : "int-lane fallback (no jdk.incubator.vector)"));
            System.out.printf(Locale.ROOT, "Volume: 512 x 512 x %d int16 (%.0f MB); %d cores; median (min-max) of %d runs after %d warm-up%n%n",
                    slices, mb, Runtime.getRuntime().availableProcessors(), RUNS, WARMUP);
            System.out.println("| MIP | voxels read | numpy max, ms | radstream CPU, ms | ratio |");
            System.out.println("|---|---|---|---|---|");
            row("10 mm coronal slab, 512² view: project + resample (new position)", slices * 512L * slabRows, numpy[0], ours10);
            row("10 mm coronal slab: cached projection, resample only (pan/zoom/WL)", slices * 512L * slabRows, numpy[0], ours10Cached);
            row("10 mm slab 0.01° off the grid: per-sample trilinear", slices * 512L * slabRows, numpy[0], perSample10);
            row("full volume, coronal, 512² view: project + resample", slices * 512L * 512, numpy[1], oursFull);
            row("full volume, axial, 512² view: project + resample (max across slices)", slices * 512L * 512, numpy[2], oursAxialFull);
            row("full volume: cached projection, resample only", slices * 512L * 512, numpy[1], oursFullCached);
            row("full volume 0.01° off the grid: per-sample trilinear", slices * 512L * 512, numpy[1], perSampleFull);
            row("full volume 0.01° off, 128² view (per-sample, pyramid level 2)", slices * 512L * 512, numpy[1], perSampleQuarter);
        } finally {
            Files.deleteIfExists(raw);
            volume.release();
        }
    }

    private static void row(String what, long voxels, double[] numpy, double[] ours) {
        System.out.printf(Locale.ROOT, "| %s | %.1f M (%.0f MB/s numpy) | %.1f (%.1f–%.1f) | %.1f (%.1f–%.1f) | %.1f× |%n", what,
                voxels / 1e6, voxels * 2 / 1e6 / (numpy[0] / 1e3), numpy[0], numpy[1], numpy[2], ours[0], ours[1], ours[2], ours[0] / numpy[0]);
    }

    /** Median, min, max milliseconds; runs are numbered 0, 1, … (warm-ups first) so each may vary the view. */
    private static double[] time(java.util.function.IntConsumer r) {
        for (int i = 0; i < WARMUP; i++) r.accept(i);
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            r.accept(WARMUP + i);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[]{ms[RUNS / 2], ms[0], ms[RUNS - 1]};
    }

    /** numpy's slab and full coronal max over the raw file: {median, min, max} ms for each. */
    private static double[][] numpy(String python, Path raw, int slices, int slabRows) throws IOException, InterruptedException {
        String script = String.join("\n",
                "import sys, time, numpy as np",
                "v = np.fromfile(sys.argv[1], dtype='<i2').reshape(int(sys.argv[2]), 512, 512)",
                "n = int(sys.argv[3]); j0 = 256 - n // 2",
                "def t(f):",
                "    for _ in range(" + WARMUP + "): f()",
                "    ms = []",
                "    for _ in range(" + RUNS + "):",
                "        s = time.perf_counter(); f(); ms.append((time.perf_counter() - s) * 1e3)",
                "    ms.sort(); return '%f %f %f' % (ms[len(ms) // 2], ms[0], ms[-1])",
                "print(t(lambda: v[:, j0:j0 + n, :].max(axis=1)))",
                "print(t(lambda: v.max(axis=1)))",
                "print(t(lambda: v.max(axis=0)))");
        Process p = new ProcessBuilder(python, "-c", script, raw.toString(), String.valueOf(slices), String.valueOf(slabRows))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("numpy run failed (is python3-numpy installed for " + python + "?): " + out);
        List<double[]> rows = new ArrayList<>();
        for (String line : out.strip().split("\n")) rows.add(Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray());
        return rows.toArray(double[][]::new);
    }
}
