package io.radstream.bench;

import io.radstream.render.Backends;
import io.radstream.render.BackendUnavailableException;
import io.radstream.render.Frame;
import io.radstream.render.Mpr;
import io.radstream.render.Plane;
import io.radstream.render.Renderer;
import io.radstream.render.RendererProvider;
import io.radstream.render.Vec;
import io.radstream.render.ViewState;
import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Milliseconds per frame for each view mode × backend × volume size, as a Markdown table; the
 * timing half of {@code bench/gpu-check.sh}. Synthetic volumes (no test data needed); every
 * backend that registers is tried, one that cannot start gets its reason instead of numbers.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp gpu-check.jar io.radstream.bench.GpuTiming [--quick] [out.md]</pre>
 *
 * {@code --quick} uses small slice counts (for machines without a GPU: the CPU backend and
 * software OpenGL would take minutes on the full sizes).
 */
public final class GpuTiming {
    private GpuTiming() {}

    /** @param viewports width, height pairs (--quick: 512² only) */
    record Size(String name, int columns, int rows, int slices, int quickSlices, double spacing, int[][] viewports) {}

    /**
     * The viewports (512², 1024², DBT at full detector resolution) over its CT target (a
     * 1024² MPR frame of a 512²×1000 volume), a 1024² series and a DBT object.
     */
    static final List<Size> SIZES = List.of(
            new Size("512² CT", 512, 512, 1000, 24, 0.7, new int[][]{{512, 512}, {1024, 1024}}),
            new Size("1024²", 1024, 1024, 160, 12, 0.35, new int[][]{{512, 512}, {1024, 1024}}),
            new Size("DBT 2457×1996", 2457, 1996, 60, 6, 0.1, new int[][]{{1024, 1024}, {2457, 1996}}));

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = null;
        for (String a : args) {
            if (a.equals("--quick")) quick = true;
            else out = Path.of(a);
        }
        double budgetS = quick ? 0.5 : 1.0;
        Map<String, Object> backends = new LinkedHashMap<>(); // Renderer, or why it is missing
        for (RendererProvider p : Backends.providers()) {
            try {
                RendererProvider.Created c = p.create();
                backends.put(p.name() + " — " + c.device(), c.renderer());
            } catch (BackendUnavailableException | RuntimeException e) {
                backends.put(p.name(), e.getMessage());
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("| volume | viewport | mode | backend | ms/frame | frames |\n|---|---|---|---|---:|---:|\n");
        List<String> missing = new ArrayList<>(), unsupported = new ArrayList<>();
        for (var e : backends.entrySet()) if (!(e.getValue() instanceof Renderer)) missing.add(e.getKey() + ": " + e.getValue());
        for (Size size : SIZES) {
            int slices = quick ? size.quickSlices() : size.slices();
            Volume v = volume(size.columns(), size.rows(), slices, size.spacing());
            try {
                for (int[] viewport : quick ? new int[][]{{512, 512}} : size.viewports()) {
                    int vw = viewport[0], vh = viewport[1];
                    Vec centre = new Vec(size.columns() * size.spacing() / 2, size.rows() * size.spacing() / 2, slices * 1.0 / 2);
                    Map<String, ViewState> modes = new LinkedHashMap<>();
                    ViewState base = new ViewState(slices / 2, 40, 400, 1, 0, 0, vw, vh);
                    modes.put("native", base);
                    modes.put("MPR coronal", base.withMpr(Mpr.of(Plane.CORONAL, centre)));
                    Mpr coronal = Mpr.of(Plane.CORONAL, centre);
                    Mpr oblique = coronal.withDirections(coronal.right().rotate(Vec.Z, Math.toRadians(20)), coronal.down());
                    modes.put("MPR oblique 20°", base.withMpr(oblique));
                    // on the volume's grid: projected, then resampled; oblique: sampled along each ray
                    modes.put("MIP slab 10 mm axial", base.withMpr(Mpr.of(Plane.AXIAL, centre).withSlab(10, Mpr.Projection.MIP)));
                    modes.put("MIP slab 10 mm oblique", base.withMpr(oblique.withSlab(10, Mpr.Projection.MIP)));
                    modes.put("MIP full volume coronal", base.withMpr(coronal.withSlab(size.rows() * size.spacing() + 1, Mpr.Projection.MIP)));
                    for (var mode : modes.entrySet()) {
                        for (var b : backends.entrySet()) {
                            if (!(b.getValue() instanceof Renderer r)) continue;
                            String cell;
                            int frames = 0;
                            try {
                                double[] t = time(r, mode.getValue(), v, budgetS);
                                cell = String.format(Locale.ROOT, "%.2f", t[0]);
                                frames = (int) t[1];
                            } catch (RuntimeException ex) {
                                cell = "unsupported";
                                String why = r.name() + ": " + ex.getMessage();
                                if (!unsupported.contains(why)) unsupported.add(why);
                            }
                            String row = String.format(Locale.ROOT, "| %s ×%d | %d×%d | %s | %s | %s | %d |%n",
                                    size.name(), slices, vw, vh, mode.getKey(), r.name(), cell, frames);
                            md.append(row);
                            System.out.print(row);
                        }
                    }
                }
            } finally {
                v.release();
            }
        }
        if (!quick) {
            try {
                md.append('\n').append(concurrency(backends));
            } catch (Exception | Error e) {
                md.append("\nconcurrency timing failed: ").append(e).append('\n');
            }
        }
        md.append('\n');
        for (var b : backends.entrySet()) if (b.getValue() instanceof Renderer) md.append("- ").append(b.getKey()).append('\n');
        for (String m : missing) md.append("- not run: ").append(m.replace('\n', ' ')).append('\n');
        for (String u : unsupported) md.append("- unsupported: ").append(u.replace('\n', ' ')).append('\n');
        for (Object o : backends.values()) if (o instanceof AutoCloseable c) c.close();
        System.out.println();
        System.out.print(md);
        if (out != null) Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Frames per second with 1 and 4 callers rendering at once (the server's render threads): a
     * GPU backend serialises frames on its context thread, so this shows what overlapping readback
     * (GL's pixel-pack buffers) or nothing (CUDA's synchronous copy) buys.
     */
    static String concurrency(Map<String, Object> backends) throws Exception {
        StringBuilder md = new StringBuilder("| concurrent callers, 512² CT ×300, 1024² | backend | 1 caller fps | 4 callers fps |\n|---|---|---:|---:|\n");
        Volume v = volume(512, 512, 300, 0.7);
        try {
            Vec centre = new Vec(512 * 0.7 / 2, 512 * 0.7 / 2, 150);
            Mpr coronal = Mpr.of(Plane.CORONAL, centre);
            ViewState base = new ViewState(150, 40, 400, 1, 0, 0, 1024, 1024);
            Map<String, ViewState> modes = new LinkedHashMap<>();
            modes.put("native", base);
            modes.put("MPR oblique 20°", base.withMpr(coronal.withDirections(coronal.right().rotate(Vec.Z, Math.toRadians(20)), coronal.down())));
            for (var mode : modes.entrySet()) {
                for (var b : backends.entrySet()) {
                    if (!(b.getValue() instanceof Renderer r)) continue;
                    md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f |%n", mode.getKey(), r.name(),
                            throughput(r, mode.getValue(), v, 1), throughput(r, mode.getValue(), v, 4)));
                }
            }
        } finally {
            v.release();
        }
        return md.toString();
    }

    private static double throughput(Renderer r, ViewState s, Volume v, int callers) throws Exception {
        r.render(s, v);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        java.util.concurrent.atomic.AtomicInteger frames = new java.util.concurrent.atomic.AtomicInteger();
        long end = System.nanoTime() + 1_000_000_000L, start = System.nanoTime();
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            running.add(pool.submit(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    r.render(s.withWindow(s.windowCenter() + caller * 8 + (i++ & 7), s.windowWidth()), v);
                    frames.incrementAndGet();
                }
                return null;
            }));
        }
        for (var f : running) f.get();
        pool.shutdown();
        return frames.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Mean ms per frame after two warm-up frames (the first uploads the volume), and the frame count. */
    static double[] time(Renderer r, ViewState s, Volume v, double budgetS) {
        for (int i = 0; i < 2; i++) r.render(s, v);
        long start = System.nanoTime(), end = start + (long) (budgetS * 1e9);
        int frames = 0;
        long sink = 0;
        do {
            ViewState f = s.withWindow(s.windowCenter() + (frames & 7), s.windowWidth());
            Frame frame = r.render(f, v);
            sink += frame.gray()[frame.gray().length / 2];
            frames++;
        } while (System.nanoTime() < end && frames < 200);
        double ms = (System.nanoTime() - start) / 1e6 / frames;
        if (sink == Long.MIN_VALUE) System.out.print("");
        return new double[]{ms, frames};
    }

    /** A signed 16-bit axial stack with a smooth field plus structure, stored values ≈ HU + 1024. */
    static Volume volume(int columns, int rows, int slices, double spacing) throws Exception {
        List<SliceSource> list = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            int slice = k;
            list.add(new SliceSource(new double[]{0, 0, k}, new double[]{1, 0, 0, 0, 1, 0},
                    new double[]{spacing, spacing}, rows, columns, 1, -1024, () -> {
                ByteBuffer b = ByteBuffer.allocate(columns * rows * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (int j = 0; j < rows; j++) {
                    for (int i = 0; i < columns; i++) {
                        double dx = (i - columns / 2.0) / columns, dy = (j - rows / 2.0) / rows;
                        double r = Math.sqrt(dx * dx + dy * dy);
                        int v = r > 0.45 ? 24 : 1024 + (int) (300 * Math.sin(i * 0.05 + slice * 0.2) * Math.cos(j * 0.03));
                        b.putShort((short) v);
                    }
                }
                return b.array();
            }));
        }
        try (VolumeLoader loader = new VolumeLoader(Math.max(1, Runtime.getRuntime().availableProcessors() / 2))) {
            return loader.load(list, new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null));
        }
    }
}
