package io.radstream.bench;

import io.radstream.render.CpuRenderer;
import io.radstream.render.Frame;
import io.radstream.render.Gestures;
import io.radstream.render.Mpr;
import io.radstream.render.Plane;
import io.radstream.render.Vec;
import io.radstream.render.ViewState;
import io.radstream.render.VolumeMip;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.series.Volume;
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

import java.util.concurrent.TimeUnit;

/**
 * CPU reformat cost: one 1024² frame from a 512² × {@code slices} phantom CT (0.7 mm pixels,
 * 1.25 mm slices), for a thin coronal plane, a thin oblique plane (tilted 30° and 20°), a
 * 10 mm coronal MIP slab (on the volume's grid: projected over whole voxel rows, then resampled;
 * the 0.5 mm steps change its plane range on most frames, so most frames compute a projection),
 * the same slab tilted 0.5° (the per-sample path, 16 trilinear samples per pixel), and the
 * rotating full-volume MIP turning 3° per frame. Each frame moves the plane by 0.5 mm, as
 * scrolling does. Run: {@code java -jar bench/target/benchmarks.jar Mpr}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class MprBenchmark {
    @Param({"1024"})
    int viewport;

    @Param({"64"})
    int slices;

    /**
     * Zoom relative to fit-to-viewport. Fit shows the largest extent: a 1000-slice volume is 1250 mm
     * tall, so its 358 mm axial plane fills only 8% of a fitted viewport; zoom 3.5 fills it.
     */
    @Param({"1"})
    double zoom;

    private Volume volume;
    private final CpuRenderer renderer = new CpuRenderer();
    private ViewState coronal, oblique, mip, mipTilted, volumeMip;
    private double spin;
    private int step;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        CtPhantom.Spec spec = CtPhantom.Spec.defaults(slices);
        volume = PhantomVolumes.ct(spec);
        ViewState base = new ViewState(0, 40, 400, zoom, 0, 0, viewport, viewport);
        Vec centre = Vec.of(spec.centre());
        coronal = base.withMpr(Mpr.of(Plane.CORONAL, centre));
        oblique = Gestures.rotateDrag(base.withMpr(Mpr.of(Plane.AXIAL, centre)), 60, 40);
        mip = Gestures.slab(coronal, 10, Mpr.Projection.MIP);
        mipTilted = VolumeMip.spin(mip, 0.5);
        volumeMip = VolumeMip.show(base, volume.geometry());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        volume.release();
    }

    private double offset() {
        step = (step + 1) % 40;
        return (step - 20) * 0.5;
    }

    @Benchmark
    public Frame mprCoronal() {
        return renderer.render(Gestures.moveAlongNormal(coronal, offset()), volume);
    }

    @Benchmark
    public Frame mprOblique() {
        return renderer.render(Gestures.moveAlongNormal(oblique, offset() / 4), volume);
    }

    @Benchmark
    public Frame mipSlab10mmCoronal() {
        return renderer.render(Gestures.moveAlongNormal(mip, offset()), volume);
    }

    @Benchmark
    public Frame mipSlab10mmTilted() {
        return renderer.render(Gestures.moveAlongNormal(mipTilted, offset()), volume);
    }

    @Benchmark
    public Frame mipFullVolumeSpin() {
        spin = (spin + 3) % 360;
        return renderer.render(VolumeMip.spin(volumeMip, spin), volume);
    }
}
