package io.radstream.volume.codec;

import io.radstream.volume.codec.j2k.J2kCodestream;
import io.radstream.volume.codec.j2k.J2kDecoders;
import io.radstream.volume.codec.j2k.JaiJ2kDecoder;
import io.radstream.volume.codec.jls.JpegLsDecoders;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transcoding matrix: the CT phantom (512² signed 16-bit, two slices) compressed by
 * independent encoders — GDCM ({@code gdcmconv}), DCMTK ({@code dcmcjpls}) and OpenJPH
 * ({@code ojph_compress}, wrapped here as encapsulated pixel data) — and decoded by us. Lossless
 * syntaxes must give the original stored values bit for bit; lossy ones stay within a stated
 * error. A missing tool skips its case and names the Debian package.
 */
class J2kJlsTranscodeTest {
    /** gdcmconv -K -Y -r 10 (irreversible 9/7 at 10:1): measured max |error| 31 and 29 on the two slices. */
    private static final int J2K_RATE_10_MAX_ERROR = 40;
    /**
     * ojph_compress -reversible false -qstep 0.0001 (a step of about 6.5 in 65536): measured max
     * |error| 13 for OpenJPEG and for ojph_expand, which differ from each other by at most 1.
     */
    private static final int HTJ2K_QSTEP_MAX_ERROR = 16;

    @TempDir
    static Path dir;
    static List<Path> slices;
    static List<byte[]> originals = new ArrayList<>();

    @BeforeAll
    static void phantom() throws Exception {
        slices = CtPhantom.write(CtPhantom.Spec.defaults(2), dir.resolve("native")).files();
        for (Path s : slices) originals.add(frame(s, 0));
    }

    @Test
    void jpeg2000LosslessFromGdcmIsBitExact() throws Exception {
        ExternalTool.require("gdcmconv", "libgdcm-tools");
        for (int i = 0; i < slices.size(); i++) {
            Path out = convert(i, "j2k", "gdcmconv", "-K");
            assertTransferSyntax(out, J2kDecoders.JPEG_2000_LOSSLESS);
            assertArrayEquals(originals.get(i), frame(out, 0), "slice " + (i + 1));
        }
    }

    @Test
    void jpeg2000LossyFromGdcmStaysWithinItsErrorAndBothDecodersAgree() throws Exception {
        ExternalTool.require("gdcmconv", "libgdcm-tools");
        for (int i = 0; i < slices.size(); i++) {
            Path out = convert(i, "j2ki", "gdcmconv", "-K", "-Y", "-r", "10");
            assertTransferSyntax(out, J2kDecoders.JPEG_2000);
            PixelDescription d = description(out);
            byte[] ours = frame(out, 0);
            long error = J2kJlsFallbackTest.maxDifference(ours, originals.get(i), d);
            System.out.println("J2K lossy 10:1 slice " + (i + 1) + ": max |error| = " + error);
            assertTrue(error > 0 && error <= J2K_RATE_10_MAX_ERROR, "max error " + error);
            byte[] java = new JaiJ2kDecoder().decode(codestream(out), d);
            assertTrue(J2kJlsFallbackTest.maxDifference(java, ours, d) <= 2, "jai-imageio and OpenJPEG differ by more than 2");
        }
    }

    @Test
    void jpegLsLosslessFromGdcmAndDcmtkIsBitExact() throws Exception {
        ExternalTool.require("gdcmconv", "libgdcm-tools");
        ExternalTool.require("dcmcjpls", "dcmtk");
        for (int i = 0; i < slices.size(); i++) {
            Path gdcm = convert(i, "jls-gdcm", "gdcmconv", "-L");
            Path dcmtk = convert(i, "jls-dcmtk", "dcmcjpls");
            for (Path out : List.of(gdcm, dcmtk)) {
                assertTransferSyntax(out, JpegLsDecoders.JPEG_LS_LOSSLESS);
                assertArrayEquals(originals.get(i), frame(out, 0), out.getFileName() + " slice " + (i + 1));
            }
        }
    }

    @Test
    void jpegLsNearLosslessWithNear2IsWithin2() throws Exception {
        ExternalTool.require("gdcmconv", "libgdcm-tools");
        for (int i = 0; i < slices.size(); i++) {
            Path out = convert(i, "jlsn", "gdcmconv", "-L", "-Y", "-e", "2");
            assertTransferSyntax(out, JpegLsDecoders.JPEG_LS_NEAR_LOSSLESS);
            long error = J2kJlsFallbackTest.maxDifference(frame(out, 0), originals.get(i), description(out));
            System.out.println("JPEG-LS NEAR=2 slice " + (i + 1) + ": max |error| = " + error);
            assertTrue(error > 0 && error <= 2, "max error " + error + " (NEAR = 2 bounds it, ISO/IEC 14495-1 A.4)");
        }
    }

    @Test
    void htj2kLosslessFromOpenJphIsBitExact() throws Exception {
        ExternalTool.require("ojph_compress", "openjph-tools");
        for (int i = 0; i < slices.size(); i++) {
            byte[] j2c = ojphCompress(originals.get(i), "ht" + i, "-signed", "true", "-reversible", "true");
            Path out = EncapsulatedPart10.write(slices.get(i), dir.resolve("ht" + i + ".dcm"), J2kDecoders.HTJ2K_LOSSLESS, List.of(j2c));
            assertArrayEquals(originals.get(i), frame(out, 0), "slice " + (i + 1));
        }
    }

    /**
     * Stored values shifted by -1024 (so air is about -1000): negative samples, which OpenJPH
     * before 0.10 encodes out of range and OpenJPEG alone would clamp to 32767.
     */
    @Test
    void signedHtj2kWithNegativeSamplesFromOpenJphIsBitExact() throws Exception {
        ExternalTool.require("ojph_compress", "openjph-tools");
        byte[] negative = shifted(originals.get(0), -1024);
        assertTrue(J2kJlsFallbackTest.sample(negative, 0, 2, true) < 0, "corner of the phantom should be air");
        byte[] j2c = ojphCompress(negative, "htneg", "-signed", "true", "-reversible", "true");
        J2kCodestream cs = J2kCodestream.parse(j2c);
        System.out.println("signed HTJ2K from '" + cs.comment().trim() + "'");
        for (String ts : J2kDecoders.HIGH_THROUGHPUT) {
            Path out = EncapsulatedPart10.write(slices.get(0), dir.resolve("htneg-" + ts + ".dcm"), ts, List.of(j2c));
            assertArrayEquals(negative, frame(out, 0), ts);
        }
    }

    @Test
    void lossyHtj2kFromOpenJphStaysWithinItsErrorOrIsRefusedWhenSigned() throws Exception {
        ExternalTool.require("ojph_compress", "openjph-tools");
        // stored values + 1024 are all positive, so the frame can be coded as an unsigned component
        byte[] positive = shifted(originals.get(0), 1024);
        assertTrue(minimum(positive) >= 0);
        byte[] unsigned = ojphCompress(positive, "htl", "-signed", "false", "-reversible", "false", "-qstep", "0.0001");
        Path out = EncapsulatedPart10.write(slices.get(0), dir.resolve("htl.dcm"), J2kDecoders.HTJ2K, List.of(unsigned));
        PixelDescription d = description(out);
        byte[] ours = frame(out, 0);
        long error = J2kJlsFallbackTest.maxDifference(ours, positive, d);
        ExternalTool.run("ojph_expand", "-i", dir.resolve("htl.j2c").toString(), "-o", dir.resolve("htl-ojph.raw").toString());
        long vsOpenJph = J2kJlsFallbackTest.maxDifference(ours, Files.readAllBytes(dir.resolve("htl-ojph.raw")), d);
        System.out.println("HTJ2K irreversible qstep 0.0001: max |error| = " + error + ", max |OpenJPEG - ojph_expand| = " + vsOpenJph);
        assertTrue(error > 0 && error <= HTJ2K_QSTEP_MAX_ERROR, "max error " + error);
        assertTrue(vsOpenJph <= 1, "OpenJPEG and OpenJPH differ by " + vsOpenJph);

        byte[] signed = ojphCompress(shifted(originals.get(0), -1024), "htls", "-signed", "true", "-reversible", "false",
                "-qstep", "0.0001");
        Path bad = EncapsulatedPart10.write(slices.get(0), dir.resolve("htls.dcm"), J2kDecoders.HTJ2K, List.of(signed));
        if (J2kCodestream.parse(signed).comment().matches("(?s)OpenJPH Ver 0\\.[0-9]\\..*")) {
            PixelDataException e = assertThrows(PixelDataException.class, () -> frame(bad, 0));
            System.out.println("refused: " + e.getMessage());
            assertTrue(e.getMessage().contains("issue #102"), e.getMessage());
        }
    }

    private static Path convert(int slice, String label, String... command) throws Exception {
        Path out = dir.resolve(label + "-" + slice + ".dcm");
        String[] args = new String[command.length + 2];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = slices.get(slice).toString();
        args[command.length + 1] = out.toString();
        ExternalTool.run(args);
        return out;
    }

    /** ojph_compress on the raw little-endian frame (512², one 16-bit component). */
    private static byte[] ojphCompress(byte[] frame, String label, String... options) throws Exception {
        Path raw = dir.resolve(label + ".raw"), j2c = dir.resolve(label + ".j2c");
        Files.write(raw, frame);
        List<String> cmd = new ArrayList<>(List.of("ojph_compress", "-i", raw.toString(), "-o", j2c.toString(),
                "-dims", "{512,512}", "-num_comps", "1", "-bit_depth", "16", "-downsamp", "{1,1}"));
        cmd.addAll(List.of(options));
        ExternalTool.run(cmd.toArray(String[]::new));
        return Files.readAllBytes(j2c);
    }

    private static long minimum(byte[] frame) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < frame.length; i += 2) min = Math.min(min, J2kJlsFallbackTest.sample(frame, i, 2, true));
        return min;
    }

    private static byte[] shifted(byte[] frame, int delta) {
        byte[] out = new byte[frame.length];
        for (int i = 0; i < frame.length; i += 2) {
            int v = (short) ((frame[i] & 0xFF) | frame[i + 1] << 8) + delta;
            out[i] = (byte) v;
            out[i + 1] = (byte) (v >> 8);
        }
        return out;
    }

    static byte[] frame(Path file, int index) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            return new FrameReader(f).frame(index);
        }
    }

    private static PixelDescription description(Path file) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            return PixelDescription.of(f.dataSet());
        }
    }

    /** The single fragment of a one-frame encapsulated file. */
    private static byte[] codestream(Path file) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            DicomValue.Fragments fr = (DicomValue.Fragments) f.dataSet().get(Tag.PixelData).value();
            return EncapsulatedFrames.frame(fr, 0, 1, f::read);
        }
    }

    private static void assertTransferSyntax(Path file, String uid) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            assertEquals(uid, f.transferSyntax().uid(), file.getFileName().toString());
        }
    }
}
