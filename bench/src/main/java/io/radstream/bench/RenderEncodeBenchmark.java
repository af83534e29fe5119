package io.radstream.bench;

import io.radstream.render.CpuRenderer;
import io.radstream.render.Frame;
import io.radstream.render.ViewState;
import io.radstream.server.encode.JpegEncoder;
import io.radstream.server.encode.PngEncoder;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.series.SeriesFiles;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * Server-side cost of one frame: native-slice render (CPU backend) of a phantom CT, and the
 * interactive (JPEG) and still (PNG) encodes, at 512² and 1024² viewports.
 * Run: {@code java -jar bench/target/benchmarks.jar RenderEncode}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class RenderEncodeBenchmark {
    @Param({"512", "1024"})
    int viewport;

    private Path dir;
    private Volume volume;
    private final CpuRenderer renderer = new CpuRenderer();
    private final JpegEncoder jpeg = new JpegEncoder(0.85f);
    private final PngEncoder png = new PngEncoder(1);
    private ViewState state;
    private Frame frame;
    private int slice;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("radstream-bench");
        CtPhantom.PhantomSeries s = CtPhantom.write(CtPhantom.Spec.defaults(16), dir);
        try (VolumeLoader loader = new VolumeLoader()) {
            volume = SeriesFiles.load(s.files(), loader);
        }
        state = new ViewState(8, 40, 400, 1, 0, 0, viewport, viewport);
        frame = renderer.render(state, volume);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        volume.release();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Benchmark
    public Frame renderNativeSlice() {
        slice = (slice + 1) % volume.slices(); // scrolling: a different slice each frame
        return renderer.render(state.withSlice(slice), volume);
    }

    @Benchmark
    public byte[] encodeJpeg() {
        return jpeg.encodeGray(frame.width(), frame.height(), frame.gray());
    }

    @Benchmark
    public byte[] encodePng() {
        return png.encodeGray(frame.width(), frame.height(), frame.gray());
    }
}
