package io.radstream.bench;

import io.radstream.volume.codec.Codecs;
import io.radstream.volume.codec.EncapsulatedFrames;
import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.codec.j2k.J2kDecoders;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.phantom.DbtPhantom;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.series.SeriesFiles;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Decode speed (issue "DICOM codecs"), single-threaded per frame unless stated. Inputs are the
 * project phantoms, encoded once by external tools into {@code bench/target/decode-inputs} (or
 * {@code -Dradstream.bench.inputs=DIR}): gdcmconv -J/-K/-L/-R for JPEG lossless, JPEG 2000
 * lossless, JPEG-LS lossless and RLE; ojph_compress (reversible) for HTJ2K. Results are operations
 * per second; MB/s per core = ops/s x the decoded frame size printed by the setup.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar DecodeBenchmark -wi 2 -i 3 -w 1 -r 1 -f 1
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Xmx3g"})
public class DecodeBenchmark {

    static Path inputs() throws IOException {
        Path dir = Path.of(System.getProperty("radstream.bench.inputs", "bench/target/decode-inputs")).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    /** One frame of each size, per codec. */
    @State(Scope.Benchmark)
    public static class Frame {
        @Param({"ct512", "dbt2457x1890"})
        public String size;
        /** htj2k: the registry's choice (OpenJPH where the shim is built); htj2k-openjpeg: OpenJPEG alone. */
        @Param({"rle", "jpeg-lossless", "jpeg-ls", "j2k", "htj2k", "htj2k-openjpeg"})
        public String codec;

        byte[] encoded;
        PixelDescription description;
        FrameDecoder decoder;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            Path dir = inputs();
            Path nativeFile = nativeFile(dir, size);
            if (codec.startsWith("htj2k")) {
                byte[] le;
                PixelDescription d;
                try (DicomFile f = DicomReader.read(nativeFile)) {
                    FrameReader r = new FrameReader(f);
                    d = r.description();
                    le = r.frame(0);
                }
                Path j2c = dir.resolve(size + ".j2c");
                if (!Files.exists(j2c)) {
                    Path pgm = dir.resolve(size + ".pgm");
                    Files.write(pgm, pgm(le, d));
                    run("ojph_compress", "-i", pgm.toString(), "-o", j2c.toString(), "-reversible", "true");
                }
                encoded = Files.readAllBytes(j2c);
                // the PGM holds the stored bits as unsigned samples
                description = new PixelDescription(d.rows(), d.columns(), 1, 1, 16, 16, 15, false, "MONOCHROME2", 0, Tag.PixelData);
                decoder = codec.equals("htj2k") ? J2kDecoders.highThroughput() : J2kDecoders.highThroughputOpenJpeg();
            } else {
                String option = switch (codec) {
                    case "rle" -> "-R";
                    case "jpeg-lossless" -> "-J";
                    case "jpeg-ls" -> "-L";
                    case "j2k" -> "-K";
                    default -> throw new IllegalArgumentException(codec);
                };
                Path out = dir.resolve(size + "-" + codec + ".dcm");
                if (!Files.exists(out)) run("gdcmconv", option, nativeFile.toString(), out.toString());
                try (DicomFile f = DicomReader.read(out)) {
                    description = new FrameReader(f).description();
                    DicomValue.Fragments fr = (DicomValue.Fragments) f.dataSet().get(Tag.PixelData).value();
                    encoded = EncapsulatedFrames.frame(fr, 0, description.frames(), f::read);
                    decoder = Codecs.decoderFor(f.transferSyntax());
                }
            }
            byte[] once = decoder.decode(encoded, description);
            System.out.printf("%n[setup] %s %s: decoder %s, %d encoded bytes, %d decoded bytes (MB/s = ops/s x %.4f)%n",
                    size, codec, decoder.name(), encoded.length, once.length, once.length / 1e6);
        }
    }

    @Benchmark
    public byte[] decodeFrame(Frame f) throws Exception {
        return f.decoder.decode(f.encoded, f.description);
    }

    /** A native (uncompressed) CT slice: open, parse the header, read the frame. */
    @State(Scope.Benchmark)
    public static class NativeFile {
        @Param({"ct512", "dbt2457x1890"})
        public String size;
        Path file;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            file = nativeFile(inputs(), size);
            try (DicomFile f = DicomReader.read(file)) {
                int n = new FrameReader(f).frame(0).length;
                System.out.printf("%n[setup] native %s: %d bytes on disk, %d decoded bytes (MB/s = ops/s x %.4f)%n",
                        size, Files.size(file), n, n / 1e6);
            }
        }
    }

    @Benchmark
    public byte[] parseNative(NativeFile n) throws Exception {
        try (DicomFile f = DicomReader.read(n.file)) {
            return new FrameReader(f).frame(0);
        }
    }

    /** 100 CT slices, 512x512, JPEG lossless (gdcmconv -J), loaded into a volume on all cores. */
    @State(Scope.Benchmark)
    public static class Series {
        @Param({"jpeg-lossless", "native"})
        public String codec;
        List<Path> files;
        VolumeLoader loader;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            Path dir = inputs().resolve("series-100");
            Path nat = dir.resolve("native");
            if (!Files.exists(nat.resolve("done"))) {
                CtPhantom.write(CtPhantom.Spec.defaults(100), nat);
                Files.writeString(nat.resolve("done"), "");
            }
            Path src = nat;
            if (codec.equals("jpeg-lossless")) {
                src = dir.resolve(codec);
                if (!Files.exists(src.resolve("done"))) {
                    Files.createDirectories(src);
                    for (Path p : dicomFiles(nat)) run("gdcmconv", "-J", p.toString(), src.resolve(p.getFileName()).toString());
                    Files.writeString(src.resolve("done"), "");
                }
            }
            files = dicomFiles(src);
            loader = new VolumeLoader();
            System.out.printf("%n[setup] series %s: %d files, %d threads, decoded %d bytes (MB/s = ops/s x %.3f)%n",
                    codec, files.size(), Runtime.getRuntime().availableProcessors(), files.size() * 512L * 512 * 2,
                    files.size() * 512L * 512 * 2 / 1e6);
        }

        @TearDown(Level.Trial)
        public void close() {
            loader.close();
        }
    }

    @Benchmark
    public long loadSeries(Series s) throws Exception {
        Volume v = SeriesFiles.load(s.files, s.loader);
        try {
            return v.geometry().slices();
        } finally {
            v.release();
        }
    }

    // ---- inputs ----

    static synchronized Path nativeFile(Path dir, String size) throws IOException {
        Path target = dir.resolve(size + "-native.dcm");
        if (Files.exists(target)) return target;
        Path tmp = dir.resolve(size + "-tmp");
        Path written = switch (size) {
            case "ct512" -> CtPhantom.write(CtPhantom.Spec.defaults(1), tmp).files().getFirst();
            case "dbt2457x1890" -> DbtPhantom.write(DbtPhantom.Spec.defaults().withMatrix(2457, 1890, 1), tmp).file();
            default -> throw new IllegalArgumentException(size);
        };
        Files.move(written, target);
        return target;
    }

    private static List<Path> dicomFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    /** A 16-bit PGM (big-endian samples) of a little-endian frame, maxval from the data so OpenJPH codes only the bits used. */
    private static byte[] pgm(byte[] le, PixelDescription d) {
        int max = 1;
        for (int i = 0; i < le.length; i += 2) max = Math.max(max, (le[i] & 0xFF) | (le[i + 1] & 0xFF) << 8);
        int maxval = Integer.highestOneBit(max) * 2 - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(le.length + 32);
        out.writeBytes(("P5\n" + d.columns() + " " + d.rows() + "\n" + Math.max(maxval, 511) + "\n").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < le.length; i += 2) {
            out.write(le[i + 1]);
            out.write(le[i]);
        }
        return out.toByteArray();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + ")");
        }
    }
}
