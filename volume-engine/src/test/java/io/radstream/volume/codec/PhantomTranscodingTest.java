package io.radstream.volume.codec;

import io.radstream.volume.dicom.DataSetBuilder;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomWriter;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.UID;
import io.radstream.volume.dicom.VR;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDescription;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transcoding matrix: the CT phantom (and 12-bit, 8-bit and RGB images derived from it)
 * compressed by independent encoders (DCMTK, GDCM, netpbm's libjpeg) into every RLE and JPEG
 * variant they make, then decoded by us. Lossless variants must give back the original bit for
 * bit; lossy ones must equal DCMTK's own decompression (dcmdjpeg, IJG) bit for bit and stay within
 * a stated maximum error of the original. A case whose tool is missing is skipped with a message
 * (scripts/install-test-deps.sh installs them).
 */
class PhantomTranscodingTest {
    /** Largest error we accept from lossy JPEG at the encoders' default quality, per bit depth. */
    private static final int MAX_ERROR_8 = 32;
    private static final int MAX_ERROR_12 = 64;

    @TempDir
    static Path dir;
    static List<Path> ct;
    static Path mono12;
    static Path mono8;
    static Path rgb;

    @BeforeAll
    static void writeImages() throws IOException {
        CtPhantom.Spec spec = CtPhantom.Spec.defaults(2);
        ct = CtPhantom.write(spec, dir.resolve("ct")).files();
        short[] hu = CtPhantom.renderSlice(spec, 0);
        int columns = spec.columns();
        IntUnaryOperator window8 = i -> Math.clamp((hu[i] + 160) * 255L / 400, 0, 255);
        mono12 = image(dir.resolve("mono12.dcm"), spec.rows(), columns, 16, 12, "MONOCHROME2",
                (i, s) -> Math.clamp(hu[i] + 1024, 0, 4095));
        mono8 = image(dir.resolve("mono8.dcm"), spec.rows(), columns, 8, 8, "MONOCHROME2", (i, s) -> window8.applyAsInt(i));
        rgb = image(dir.resolve("rgb.dcm"), spec.rows(), columns, 8, 8, "RGB", (i, s) -> switch (s) {
            case 0 -> window8.applyAsInt(i);
            case 1 -> 255 - window8.applyAsInt(i);
            default -> ((i % columns) + (i / columns)) / 4 & 0xFF;
        });
    }

    @TestFactory
    Stream<DynamicTest> losslessVariantsDecodeToTheOriginal() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int slice = 0; slice < ct.size(); slice++) {
            Path in = ct.get(slice);
            String s = " (CT slice " + (slice + 1) + ")";
            tests.add(lossless("dcmcrle" + s, in, "1.2.840.10008.1.2.5", "dcmcrle", "IN", "OUT"));
            tests.add(lossless("gdcmconv -R" + s, in, "1.2.840.10008.1.2.5", "gdcmconv", "-R", "IN", "OUT"));
            tests.add(lossless("dcmcjpeg +e1" + s, in, "1.2.840.10008.1.2.4.70", "dcmcjpeg", "+e1", "IN", "OUT"));
            tests.add(lossless("gdcmconv -J" + s, in, "1.2.840.10008.1.2.4.70", "gdcmconv", "-J", "IN", "OUT"));
        }
        Path in = ct.getFirst();
        for (int sv = 2; sv <= 7; sv++) {
            tests.add(lossless("dcmcjpeg +el +sv " + sv + " (CT)", in, "1.2.840.10008.1.2.4.57", "dcmcjpeg", "+el", "+sv", "" + sv, "IN", "OUT"));
        }
        tests.add(lossless("dcmcjpeg +e1 (12-bit)", mono12, "1.2.840.10008.1.2.4.70", "dcmcjpeg", "+e1", "IN", "OUT"));
        tests.add(lossless("dcmcjpeg +el +sv 7 (8-bit)", mono8, "1.2.840.10008.1.2.4.57", "dcmcjpeg", "+el", "+sv", "7", "IN", "OUT"));
        tests.add(lossless("dcmcrle (RGB)", rgb, "1.2.840.10008.1.2.5", "dcmcrle", "IN", "OUT"));
        tests.add(lossless("dcmcjpeg +e1 (RGB)", rgb, "1.2.840.10008.1.2.4.70", "dcmcjpeg", "+e1", "IN", "OUT"));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> lossyVariantsEqualDcmtkAndStayNearTheOriginal() {
        return Stream.of(
                lossy("dcmcjpeg +eb (8-bit)", mono8, "1.2.840.10008.1.2.4.50", MAX_ERROR_8, "dcmcjpeg", "+eb", "IN", "OUT"),
                lossy("dcmcjpeg +ee (8-bit)", mono8, "1.2.840.10008.1.2.4.51", MAX_ERROR_8, "dcmcjpeg", "+ee", "IN", "OUT"),
                lossy("dcmcjpeg +ep (8-bit progressive)", mono8, "1.2.840.10008.1.2.4.55", MAX_ERROR_8, "dcmcjpeg", "+ep", "IN", "OUT"),
                lossy("dcmcjpeg +ee (12-bit)", mono12, "1.2.840.10008.1.2.4.51", MAX_ERROR_12, "dcmcjpeg", "+ee", "IN", "OUT"),
                lossy("dcmcjpeg +es (12-bit spectral selection)", mono12, "1.2.840.10008.1.2.4.53", MAX_ERROR_12, "dcmcjpeg", "+es", "IN", "OUT"),
                lossy("dcmcjpeg +ep (12-bit progressive)", mono12, "1.2.840.10008.1.2.4.55", MAX_ERROR_12, "dcmcjpeg", "+ep", "IN", "OUT"),
                lossy("dcmcjpeg +el +pt 3 (CT, point transform)", ct.getFirst(), "1.2.840.10008.1.2.4.57", 7,
                        "dcmcjpeg", "+el", "+sv", "1", "+pt", "3", "IN", "OUT"),
                lossy("gdcmconv -J -Y (8-bit)", mono8, "1.2.840.10008.1.2.4.50", MAX_ERROR_8, "gdcmconv", "-J", "-Y", "IN", "OUT"),
                lossy("dcmcjpeg +eb (RGB to YBR_FULL_422, 4:2:2)", rgb, "1.2.840.10008.1.2.4.50", -1, "dcmcjpeg", "+eb", "IN", "OUT"),
                lossy("dcmcjpeg +eb +n1 (RGB to YBR_FULL, 4:1:1)", rgb, "1.2.840.10008.1.2.4.50", -1, "dcmcjpeg", "+eb", "+n1", "IN", "OUT"),
                fromJpeg("pnmtojpeg -restart=7B (8-bit, restart markers mid-row)", "pgm", "-restart=7B"),
                fromJpeg("pnmtojpeg -progressive -restart=1 (8-bit)", "pgm", "-progressive", "-restart=1"),
                fromJpeg("pnmtojpeg -sample=2x2 -restart=5B (YCbCr 4:2:0)", "ppm", "-sample=2x2,1x1,1x1", "-restart=5B"));
    }

    private static DynamicTest lossless(String name, Path in, String ts, String... command) {
        return DynamicTest.dynamicTest(name, () -> {
            Path out = transcode(in, command);
            assertEquals(ts, transferSyntax(out), name + ": transfer syntax");
            List<byte[]> want = frames(in);
            List<byte[]> got = frames(out);
            assertEquals(want.size(), got.size());
            for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), got.get(i), name + " frame " + (i + 1));
        });
    }

    /** maxError -1: colour, compared with DCMTK's decompression only (YBR is not comparable to the RGB input). */
    private static DynamicTest lossy(String name, Path in, String ts, int maxError, String... command) {
        return DynamicTest.dynamicTest(name, () -> {
            Path out = transcode(in, command);
            assertEquals(ts, transferSyntax(out), name + ": transfer syntax");
            List<byte[]> got = frames(out);
            if (maxError >= 0) {
                int err = maxError(frames(in).getFirst(), got.getFirst(), describe(in));
                System.out.println(name + ": max error " + err + " (limit " + maxError + ")");
                assertTrue(err <= maxError, name + ": max error " + err + " > " + maxError);
            }
            assertEqualsDcmtk(name, out, got);
        });
    }

    /** A JPEG from netpbm's pnmtojpeg (libjpeg), wrapped by DCMTK's img2dcm without recompression. */
    private static DynamicTest fromJpeg(String name, String format, String... options) {
        return DynamicTest.dynamicTest(name, () -> {
            assumeTools("pnmtojpeg", "img2dcm");
            Path pnm = dir.resolve(name.hashCode() + "." + format);
            writePnm(format.equals("ppm") ? rgb : mono8, pnm);
            Path jpg = dir.resolve(name.hashCode() + ".jpg");
            List<String> cmd = new ArrayList<>(List.of("pnmtojpeg"));
            cmd.addAll(Arrays.asList(options));
            cmd.add(pnm.toString());
            Process p = new ProcessBuilder(cmd).redirectOutput(jpg.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "pnmtojpeg failed");
            Path out = dir.resolve(name.hashCode() + ".dcm");
            run("img2dcm", jpg.toString(), out.toString());
            assertEqualsDcmtk(name, out, frames(out));
        });
    }

    private static void assertEqualsDcmtk(String name, Path compressed, List<byte[]> got) throws Exception {
        assumeTools("dcmdjpeg");
        Path reference = dir.resolve(compressed.getFileName() + ".dcmdjpeg.dcm");
        run("dcmdjpeg", "+cn", compressed.toString(), reference.toString()); // +cn: keep YBR as coded
        List<byte[]> want = frames(reference);
        for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), got.get(i), name + ": frame " + (i + 1) + " vs dcmdjpeg");
    }

    private static Path transcode(Path in, String... command) throws Exception {
        assumeTools(command[0]);
        Path out = dir.resolve(String.join("_", command).replaceAll("[^A-Za-z0-9_.+-]", "") + "_" + in.getFileName());
        String[] cmd = command.clone();
        for (int i = 0; i < cmd.length; i++) {
            if (cmd[i].equals("IN")) cmd[i] = in.toString();
            else if (cmd[i].equals("OUT")) cmd[i] = out.toString();
        }
        run(cmd);
        return out;
    }

    private static String transferSyntax(Path file) throws Exception {
        try (DicomFile dicom = DicomReader.read(file)) {
            return dicom.transferSyntax().uid();
        }
    }

    private static PixelDescription describe(Path file) throws Exception {
        try (DicomFile dicom = DicomReader.read(file)) {
            return new FrameReader(dicom).description();
        }
    }

    static List<byte[]> frames(Path file) throws Exception {
        try (DicomFile dicom = DicomReader.read(file)) {
            FrameReader reader = new FrameReader(dicom);
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < reader.description().frames(); i++) out.add(reader.frame(i));
            return out;
        }
    }

    private static int maxError(byte[] a, byte[] b, PixelDescription d) {
        int max = 0;
        int cb = d.containerBytes();
        for (int i = 0; i < a.length; i += cb) {
            int x = cb == 1 ? a[i] & 0xFF : d.signed() ? (short) (a[i] & 0xFF | a[i + 1] << 8) : (a[i] & 0xFF | (a[i + 1] & 0xFF) << 8);
            int y = cb == 1 ? b[i] & 0xFF : d.signed() ? (short) (b[i] & 0xFF | b[i + 1] << 8) : (b[i] & 0xFF | (b[i + 1] & 0xFF) << 8);
            max = Math.max(max, Math.abs(x - y));
        }
        return max;
    }

    @FunctionalInterface
    private interface SampleSource {
        int value(int pixel, int sample);
    }

    /** A Secondary Capture image of the given layout, Explicit VR Little Endian. */
    private static Path image(Path file, int rows, int columns, int bitsAllocated, int bitsStored, String photometric,
                              SampleSource source) throws IOException {
        int spp = photometric.equals("RGB") ? 3 : 1;
        int bytes = bitsAllocated / 8;
        byte[] pixels = new byte[rows * columns * spp * bytes];
        for (int p = 0, o = 0; p < rows * columns; p++) {
            for (int s = 0; s < spp; s++) {
                int v = source.value(p, s);
                pixels[o++] = (byte) v;
                if (bytes == 2) pixels[o++] = (byte) (v >> 8);
            }
        }
        DataSetBuilder b = new DataSetBuilder()
                .putString(Tag.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, "2.25." + Math.abs((long) file.getFileName().toString().hashCode()))
                .putString(Tag.Modality, VR.CS, "OT")
                .putString(Tag.ConversionType, VR.CS, "WSD")
                .putUS(Tag.SamplesPerPixel, spp)
                .putString(Tag.PhotometricInterpretation, VR.CS, photometric)
                .putUS(Tag.Rows, rows)
                .putUS(Tag.Columns, columns)
                .putUS(Tag.BitsAllocated, bitsAllocated)
                .putUS(Tag.BitsStored, bitsStored)
                .putUS(Tag.HighBit, bitsStored - 1)
                .putUS(Tag.PixelRepresentation, 0)
                .putBytes(Tag.PixelData, bytes == 1 ? VR.OB : VR.OW, pixels);
        if (spp == 3) b.putUS(Tag.PlanarConfiguration, 0);
        DicomWriter.write(file, b.build());
        return file;
    }

    /** Binary PGM (P5) or PPM (P6) of an 8-bit image. */
    private static void writePnm(Path image, Path pnm) throws Exception {
        PixelDescription d = describe(image);
        byte[] samples = frames(image).getFirst();
        String header = (d.samplesPerPixel() == 3 ? "P6" : "P5") + "\n" + d.columns() + " " + d.rows() + "\n255\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + samples.length);
        System.arraycopy(samples, 0, all, h.length, samples.length);
        Files.write(pnm, all);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish");
        }
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + output);
    }

    private static void assumeTools(String... tools) {
        for (String tool : tools) {
            Assumptions.assumeTrue(onPath(tool), tool + " not installed (scripts/install-test-deps.sh): case skipped");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }
}
