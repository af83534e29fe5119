package io.radstream.bench;

import io.radstream.render.ColorSliceRenderer;
import io.radstream.render.CpuRenderer;
import io.radstream.render.Frame;
import io.radstream.render.GraphicsRenderer;
import io.radstream.render.ViewState;
import io.radstream.server.encode.JpegEncoder;
import io.radstream.server.encode.PngEncoder;
import io.radstream.volume.display.ImageGraphics;
import io.radstream.volume.series.ColorSlices;
import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.openjdk.jmh.annotations.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Server-side cost of a colour frame and of the overlay/shutter post-pass: native colour slice
 * render (ultrasound-sized 640×480 RGB, smooth with noise), RGB JPEG (interactive) and RGB PNG
 * (still) encodes, and the graphics pass over a gray slice (an overlay and a shutter on every
 * pixel's lookup) against the same render without it.
 * Run: {@code java -jar bench/target/benchmarks.jar ColorFrame}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class ColorFrameBenchmark {
    static final int ROWS = 480, COLUMNS = 640, SLICES = 8;

    @Param({"512", "1024"})
    int viewport;

    private Volume twin;
    private ColorSliceRenderer colour;
    private final CpuRenderer gray = new CpuRenderer();
    private GraphicsRenderer withGraphics;
    private final JpegEncoder jpeg = new JpegEncoder(0.85f);
    private final PngEncoder png = new PngEncoder(1);
    private ViewState state;
    private Frame frame;
    private int slice;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ColorSlices colors = new ColorSlices(ROWS, COLUMNS, SLICES);
        Random rnd = new Random(42);
        List<SliceSource> sources = new ArrayList<>();
        for (int k = 0; k < SLICES; k++) {
            byte[] rgb = new byte[ROWS * COLUMNS * 3];
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    int o = (r * COLUMNS + c) * 3, n = rnd.nextInt(16);
                    rgb[o] = (byte) (r * 255 / ROWS + n);
                    rgb[o + 1] = (byte) (c * 255 / COLUMNS + n);
                    rgb[o + 2] = (byte) ((r + c + 40 * k) / 5 + n);
                }
            }
            colors.fill(k, rgb);
            sources.add(new SliceSource(new double[]{0, 0, k}, new double[]{1, 0, 0, 0, 1, 0}, new double[]{1, 1}, ROWS, COLUMNS,
                    1, 0, () -> {
                byte[] y = new byte[ROWS * COLUMNS];
                for (int i = 0; i < y.length; i++) y[i] = rgb[3 * i + 1];
                return y;
            }));
        }
        try (VolumeLoader loader = new VolumeLoader(1)) {
            twin = loader.load(sources, new VolumeLoader.PixelFormat(8, false, "MONOCHROME2", null));
        }
        colour = new ColorSliceRenderer(colors);
        byte[] overlay = new byte[ROWS * COLUMNS], shutter = new byte[ROWS * COLUMNS];
        for (int i = 0; i < overlay.length; i++) {
            overlay[i] = (byte) ((i % 97 == 0) ? 1 : 0);
            int r = i / COLUMNS - ROWS / 2, c = i % COLUMNS - COLUMNS / 2;
            shutter[i] = (byte) (r * r + c * c > 220 * 220 ? 1 : 0);
        }
        ImageGraphics g = new ImageGraphics(ROWS, COLUMNS, overlay, shutter, 0);
        withGraphics = new GraphicsRenderer(gray, k -> g);
        state = new ViewState(SLICES / 2, 128, 256, 1, 0, 0, viewport, viewport);
        frame = colour.render(state, twin);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        twin.release();
    }

    @Benchmark
    public Frame renderColorSlice() {
        slice = (slice + 1) % SLICES;
        return colour.render(state.withSlice(slice), twin);
    }

    @Benchmark
    public Frame renderGraySlice() {
        slice = (slice + 1) % SLICES;
        return gray.render(state.withSlice(slice), twin);
    }

    @Benchmark
    public Frame renderGraySliceWithOverlayAndShutter() {
        slice = (slice + 1) % SLICES;
        return withGraphics.render(state.withSlice(slice), twin);
    }

    @Benchmark
    public byte[] encodeRgbJpeg() {
        return jpeg.encodeRgb(frame.width(), frame.height(), frame.pixels());
    }

    @Benchmark
    public byte[] encodeRgbPng() {
        return png.encodeRgb(frame.width(), frame.height(), frame.pixels());
    }
}
