package io.radstream.volume.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.volume.codec.j2k.J2kDecoders;
import io.radstream.volume.codec.jls.JpegLsDecoders;
import io.radstream.volume.codec.natives.NativeCodecs;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.TransferSyntax;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.pixel.PixelsReport;
import io.radstream.volume.testdata.Corpus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * With native codecs switched off ({@code -Dradstream.codec.native=false}) JPEG 2000 Part 1 still
 * decodes, in pure Java (jai-imageio): lossless files to the reference hashes, lossy files within
 * the manifest's lossy tolerance (2) of OpenJPEG. JPEG-LS and HTJ2K, which have no pure-Java
 * decoder, say what to install instead of showing anything.
 */
class J2kJlsFallbackTest {
    /** make-reference.py's tolerance for decoders of lossy transfer syntaxes (max |difference|). */
    private static final int LOSSY_TOLERANCE = 2;
    /** JJ2000 is slow on big frames; up to 756x486 the corpus has every kind (signed, 1-bit, RCT, ICT, JP2). */
    private static final int MAX_PIXELS = 400_000;
    /**
     * Files JJ2000 would decode to different pixels, which the fallback must refuse: GDCM wrote 6
     * tile-parts per tile under TNsot = 5, and JJ2000 drops the sixth (measured: another hash,
     * with the warning "EOC marker not found"). OpenJPEG matches the reference.
     */
    private static final Map<String, String> REFUSED = Map.of("pydicom__GDCMJ2K_TextGBR.dcm", "TNsot says 5");

    @AfterEach
    void nativeCodecsBackOn() {
        System.clearProperty(NativeCodecs.PROPERTY);
        Codecs.forgetInstances();
    }

    @Test
    void jpeg2000DecodesInPureJavaToTheSamePixels() throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode e : J2kJlsCorpusTest.entries("files")) {
            JsonNode ds = e.path("dataset");
            if (J2kDecoders.PART_1.contains(ds.path("transfer_syntax_uid").asText())
                    && ds.path("rows").asLong() * ds.path("columns").asLong() <= MAX_PIXELS) entries.add(e);
        }
        assertTrue(entries.size() >= 15, "expected JPEG 2000 corpus files, found " + entries.size());
        Map<String, List<byte[]>> nativeFrames = new LinkedHashMap<>(); // OpenJPEG's, for the lossy files
        for (JsonNode e : entries) if (lossy(e)) nativeFrames.put(name(e), frames(Corpus.file(name(e))));

        switchNativeCodecsOff();
        assertTrue(Codecs.decoderFor(TransferSyntax.of(J2kDecoders.JPEG_2000_LOSSLESS)).name().contains("jai-imageio"));
        List<String> failures = new ArrayList<>();
        for (JsonNode e : entries) {
            String name = name(e);
            if (REFUSED.containsKey(name)) {
                String verdict = Corpus.verdict(e, PixelsReport.of(Corpus.file(name)));
                System.out.println(name + ": " + verdict);
                if (!verdict.startsWith("ERROR") || !verdict.contains(REFUSED.get(name))) {
                    failures.add(name + ": expected a refusal naming '" + REFUSED.get(name) + "', got " + verdict);
                }
                continue;
            }
            List<byte[]> java;
            try {
                java = frames(Corpus.file(name));
            } catch (PixelDataException ex) {
                failures.add(name + ": " + ex.getMessage());
                continue;
            }
            if (sha256(java).equals(Corpus.strings(e.path("reference").path("frames_sha256")))) {
                System.out.println(name + ": ok");
            } else if (!lossy(e)) {
                failures.add(name + ": lossless file differs from the reference");
            } else {
                PixelDescription d = description(Corpus.file(name));
                long worst = 0;
                List<byte[]> openJpeg = nativeFrames.get(name);
                for (int i = 0; i < java.size(); i++) worst = Math.max(worst, maxDifference(java.get(i), openJpeg.get(i), d));
                System.out.println(name + ": lossy, max |jai - OpenJPEG| = " + worst);
                if (worst > LOSSY_TOLERANCE) failures.add(name + ": differs from OpenJPEG by up to " + worst);
            }
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
    }

    @Test
    void jpegLsAndHtj2kSayWhatToInstallInsteadOfShowingPixels() throws Exception {
        switchNativeCodecsOff();
        for (JsonNode e : J2kJlsCorpusTest.entries("files")) {
            String ts = e.path("dataset").path("transfer_syntax_uid").asText();
            if (J2kDecoders.PART_1.contains(ts)) continue;
            Map<String, Object> report = PixelsReport.of(Corpus.file(name(e)));
            String expected = JpegLsDecoders.ALL.contains(ts) ? "codec not installed: apt-get install libcharls2"
                    : "codec not installed: apt-get install libopenjp2-7";
            assertTrue(report.containsKey("error"), name(e) + " gave pixels with native codecs off");
            @SuppressWarnings("unchecked")
            String reason = String.valueOf(((Map<String, Object>) report.get("error")).get("reason"));
            assertTrue(reason.startsWith(expected), name(e) + ": " + reason);
        }
        PixelDataException e = org.junit.jupiter.api.Assertions.assertThrows(PixelDataException.class,
                () -> Codecs.decoderFor(TransferSyntax.of(JpegLsDecoders.JPEG_LS_LOSSLESS)));
        assertEquals("codec not installed: apt-get install libcharls2" + NativeCodecs.disabledNote(), e.getMessage());
    }

    private static void switchNativeCodecsOff() {
        System.setProperty(NativeCodecs.PROPERTY, "false");
        Codecs.forgetInstances();
    }

    private static boolean lossy(JsonNode e) {
        return e.path("crosscheck").path("lossy_transfer_syntax").asBoolean();
    }

    private static List<String> sha256(List<byte[]> frames) throws Exception {
        List<String> out = new ArrayList<>();
        for (byte[] f : frames) out.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(f)));
        return out;
    }

    private static PixelDescription description(Path file) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            return new FrameReader(f).description();
        }
    }

    private static String name(JsonNode e) {
        return e.get("file").asText();
    }

    static List<byte[]> frames(Path file) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            FrameReader reader = new FrameReader(f);
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < reader.description().frames(); i++) out.add(reader.frame(i));
            return out;
        }
    }

    /** Largest absolute difference between two canonical frames, sample by sample. */
    static long maxDifference(byte[] a, byte[] b, PixelDescription d) {
        assertEquals(a.length, b.length);
        int cb = d.containerBytes();
        long worst = 0;
        for (int i = 0; i < a.length; i += cb) worst = Math.max(worst, Math.abs(sample(a, i, cb, d.signed()) - sample(b, i, cb, d.signed())));
        return worst;
    }

    static long sample(byte[] b, int i, int cb, boolean signed) {
        long v = 0;
        for (int k = cb - 1; k >= 0; k--) v = v << 8 | (b[i + k] & 0xFF);
        int bits = 8 * cb;
        return signed && (v & 1L << (bits - 1)) != 0 ? v - (1L << bits) : v;
    }
}
