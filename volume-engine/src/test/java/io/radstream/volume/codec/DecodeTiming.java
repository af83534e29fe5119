package io.radstream.volume.codec;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDescription;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A quick, single-threaded decode time per codec for one 512x512 CT phantom slice, encoded by
 * DCMTK (median of N runs after warm-up). Not a benchmark (JMH lives in bench/); run it with
 * {@code java -cp volume-engine/target/classes:volume-engine/target/test-classes
 * io.radstream.volume.codec.DecodeTiming [runs]} after {@code ./mvnw test-compile -pl volume-engine}.
 */
public final class DecodeTiming {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("radstream-timing");
        CtPhantom.Spec spec = CtPhantom.Spec.defaults(1);
        Path ct = CtPhantom.write(spec, dir.resolve("ct")).files().getFirst();
        // 8-bit copy for baseline: dcmcjpeg +eb needs 8 bits stored
        Path ct8 = dir.resolve("ct8.dcm");
        run("dcmcjpeg", "+eb", "+un", ct.toString(), dir.resolve("tmp.dcm").toString());
        run("dcmdjpeg", dir.resolve("tmp.dcm").toString(), ct8.toString());
        List<String[]> cases = List.of(
                new String[]{"RLE (dcmcrle)", ct.toString(), "dcmcrle"},
                new String[]{"JPEG lossless SV7 (dcmcjpeg +el +sv 7)", ct.toString(), "dcmcjpeg", "+el", "+sv", "7"},
                new String[]{"JPEG lossless SV1 (dcmcjpeg +e1)", ct.toString(), "dcmcjpeg", "+e1"},
                new String[]{"JPEG baseline 8-bit (dcmcjpeg +eb)", ct8.toString(), "dcmcjpeg", "+eb"},
                new String[]{"JPEG progressive 8-bit (dcmcjpeg +ep)", ct8.toString(), "dcmcjpeg", "+ep"});
        System.out.printf("%-42s %10s %10s %8s%n", "codec (512x512 frame)", "median ms", "MB/s", "bytes");
        String only = System.getProperty("only", "");
        for (String[] c : cases) {
            if (!c[0].contains(only)) continue;
            Path out = dir.resolve(c[0].replaceAll("[^A-Za-z0-9]", "") + ".dcm");
            String[] cmd = Arrays.copyOf(Arrays.copyOfRange(c, 2, c.length), c.length);
            cmd[c.length - 2] = c[1];
            cmd[c.length - 1] = out.toString();
            run(cmd);
            time(c[0], out, runs);
        }
        if ("".equals(only)) {
            time12(dir, ct, runs);
            timeDeflate(ct, runs);
        }
    }

    /** Deflated Image Frame Compression: no Debian encoder, so the native frame deflated here. */
    private static void timeDeflate(Path ct, int runs) throws Exception {
        try (DicomFile dicom = DicomReader.read(ct)) {
            FrameReader reader = new FrameReader(dicom);
            PixelDescription d = reader.description();
            java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
            deflater.setInput(reader.frame(0));
            deflater.finish();
            byte[] buf = new byte[(int) d.decodedFrameBytes() * 2];
            byte[] encoded = Arrays.copyOf(buf, deflater.deflate(buf));
            deflater.end();
            time("Deflated Image Frame (java.util.zip, level 6)", new io.radstream.volume.codec.deflate.DeflatedFrameDecoder(), encoded, d, runs);
        }
    }

    /** 12-bit extended: a 12-bit copy (values clamped to 0..4095 by DCMTK's +ee on 16-bit input is not allowed). */
    private static void time12(Path dir, Path ct, int runs) throws Exception {
        Path out = dir.resolve("ext12.dcm");
        run("dcmcjpeg", "+ee", "+bt", "+un", ct.toString(), out.toString());
        time("JPEG extended 12-bit (dcmcjpeg +ee +bt)", out, runs);
    }

    private static void time(String name, Path file, int runs) throws Exception {
        try (DicomFile dicom = DicomReader.read(file)) {
            PixelDescription d = new FrameReader(dicom).description();
            DicomValue.Fragments f = (DicomValue.Fragments) dicom.dataSet().get(Tag.PixelData).value();
            byte[] encoded = EncapsulatedFrames.frame(f, 0, d.frames(), dicom::read);
            FrameDecoder decoder = Codecs.decoderFor(dicom.transferSyntax());
            time(name, decoder, encoded, d, runs);
        }
    }

    private static void time(String name, FrameDecoder decoder, byte[] encoded, PixelDescription d, int runs) throws Exception {
        {
            long[] ns = new long[runs];
            for (int i = 0; i < runs / 2; i++) decoder.decode(encoded, d); // warm-up
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                decoder.decode(encoded, d);
                ns[i] = System.nanoTime() - t0;
            }
            Arrays.sort(ns);
            double ms = ns[runs / 2] / 1e6;
            System.out.printf("%-42s %10.2f %10.1f %8d  (min %.2f ms)%n", name, ms, d.decodedFrameBytes() / 1e6 / (ms / 1e3), encoded.length, ns[0] / 1e6);
            if (name.startsWith("JPEG baseline")) imageIo(encoded, decoder.decode(encoded, d), runs);
        }
    }

    /** The JDK's ImageIO (its bundled IJG libjpeg) on the same baseline frame, for comparison. */
    private static void imageIo(byte[] encoded, byte[] ours, int runs) throws Exception {
        long[] ns = new long[runs];
        byte[] pixels = null;
        for (int i = -runs / 2; i < runs; i++) {
            long t0 = System.nanoTime();
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(encoded));
            if (i >= 0) ns[i] = System.nanoTime() - t0;
            pixels = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        }
        Arrays.sort(ns);
        System.out.printf("%-42s %10.2f %10s %8s  (identical to ours: %b)%n", "  same frame, JDK ImageIO", ns[runs / 2] / 1e6, "", "",
                Arrays.equals(pixels, ours));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", command) + " failed");
    }
}
