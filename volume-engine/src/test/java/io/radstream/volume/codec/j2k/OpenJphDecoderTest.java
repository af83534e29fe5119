package io.radstream.volume.codec.j2k;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.volume.codec.EncapsulatedFrames;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.testdata.Corpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenJPH path of HTJ2K, where the optional shim was built: that it is really taken for the
 * corpus's lossless HTJ2K frames (not silently handed to OpenJPEG), that its frames are the
 * manifest's reference frames, that what it does not take (irreversible streams) still decodes
 * through OpenJPEG to the reference, and that damaged codestreams end in an error or a frame,
 * never a crash. The corpus test (J2kJlsCorpusTest) covers the same files through the registry.
 */
class OpenJphDecoderTest {
    private static OpenJphShim shim;
    private static OpenJpegDecoder openJpeg;

    private record Frame(String name, byte[] encoded, PixelDescription d, String sha256, String ts) {}

    @BeforeAll
    static void load() throws Exception {
        try {
            shim = OpenJphShim.get();
        } catch (Exception e) {
            Assumptions.abort("OpenJPH shim not built (sh volume-engine/src/main/native/build-openjph-shim.sh): " + e.getMessage());
        }
        openJpeg = new OpenJpegDecoder(OpenJpeg.get(), true);
    }

    private static List<Frame> corpusHtj2k() throws Exception {
        List<Frame> out = corpusFrames(J2kDecoders.HIGH_THROUGHPUT);
        assertTrue(out.size() >= 5, "expected the corpus's HTJ2K files, found " + out.size());
        return out;
    }

    private static List<Frame> corpusFrames(List<String> transferSyntaxes) throws Exception {
        Corpus.dir(); // skips without the corpus
        List<Frame> out = new ArrayList<>();
        for (JsonNode e : Corpus.all("files")) {
            String ts = e.path("dataset").path("transfer_syntax_uid").asText();
            if (!transferSyntaxes.contains(ts)) continue;
            String name = e.get("file").asText();
            try (DicomFile f = DicomReader.read(Corpus.file(name))) {
                PixelDescription d = new FrameReader(f).description();
                DicomValue.Fragments fragments = (DicomValue.Fragments) f.dataSet().get(Tag.PixelData).value();
                out.add(new Frame(name, EncapsulatedFrames.frame(fragments, 0, d.frames(), f::read), d,
                        e.path("reference").path("frames_sha256").get(0).asText(), ts));
            }
        }
        return out;
    }

    @Test
    void losslessFramesAreDecodedByOpenJphToTheReference() throws Exception {
        OpenJphDecoder decoder = new OpenJphDecoder(shim, openJpeg);
        int byOpenJph = 0;
        for (Frame f : corpusHtj2k()) {
            J2kCodestream cs = J2kCodestream.parse(f.encoded());
            if (cs.reversible()) {
                int[] samples = new int[cs.width() * cs.height() * cs.components().size()];
                assertEquals(OpenJphShim.OK, shim.decode(f.encoded(), cs.width(), cs.height(), cs.components().size(), samples),
                        f.name() + ": " + shim.lastError());
                byOpenJph++;
            }
            assertEquals(f.sha256(), sha256(decoder.decode(f.encoded(), f.d())), f.name() + " via " + decoder.name());
        }
        assertTrue(byOpenJph >= 5, "only " + byOpenJph + " lossless HTJ2K frames went through OpenJPH");
    }

    @Test
    void irreversibleStreamsAreLeftToOpenJpeg() throws Exception {
        for (Frame f : corpusHtj2k()) {
            J2kCodestream cs = J2kCodestream.parse(f.encoded());
            if (cs.reversible()) continue;
            int[] samples = new int[cs.width() * cs.height() * cs.components().size()];
            assertEquals(OpenJphShim.UNSUPPORTED, shim.decode(f.encoded(), cs.width(), cs.height(), cs.components().size(), samples));
        }
    }

    /**
     * An HTJ2K transfer syntax may carry a Part 1 codestream (every HTJ2K decoder decodes those);
     * OpenJPH refuses them ("Rsiz bit 14 not set"), so they must reach OpenJPEG, not fail. The
     * corpus's Part 1 lossless codestreams stand in for such files.
     */
    @Test
    void partOneCodestreamsAreLeftToOpenJpeg() throws Exception {
        OpenJphDecoder decoder = new OpenJphDecoder(shim, openJpeg);
        int checked = 0;
        for (Frame f : corpusFrames(List.of(J2kDecoders.JPEG_2000_LOSSLESS))) {
            J2kCodestream cs = J2kCodestream.parse(f.encoded());
            if (cs.jp2()) continue;
            assertFalse(cs.highThroughput(), f.name());
            assertEquals(f.sha256(), sha256(decoder.decode(f.encoded(), f.d())), f.name() + " via " + decoder.name());
            checked++;
        }
        assertTrue(checked >= 5, "expected the corpus's JPEG 2000 lossless files, found " + checked);
    }

    /**
     * OpenJPH's own reason reaches the caller (OpenJPH 0.9 ignores configure_error, so the shim
     * captures what its default handler prints; before, the message was only "ojph error").
     */
    @Test
    void openJphErrorsCarryItsReason() throws Exception {
        Frame f = corpusFrames(List.of(J2kDecoders.JPEG_2000_LOSSLESS)).stream()
                .filter(x -> x.name().equals("wg04__MR1_J2KR")).findFirst().orElseThrow();
        J2kCodestream cs = J2kCodestream.parse(f.encoded());
        int[] samples = new int[cs.width() * cs.height()];
        assertEquals(OpenJphShim.ERROR, shim.decode(f.encoded(), cs.width(), cs.height(), 1, samples));
        assertTrue(shim.lastError().contains("Rsiz bit 14"), shim.lastError());
    }

    @Test
    void damagedCodestreamsEndInAnErrorOrAFrame() throws Exception {
        Frame f = corpusHtj2k().stream().filter(x -> x.name().equals("dicomhtj2k__CT1_JPH")).findFirst().orElseThrow();
        OpenJphDecoder decoder = new OpenJphDecoder(shim, openJpeg);
        Random random = new Random(29);
        int refused = 0;
        for (int i = 0; i < 300; i++) {
            byte[] damaged = f.encoded().clone();
            int flips = 1 + random.nextInt(16);
            for (int k = 0; k < flips; k++) damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            try {
                assertEquals(f.d().decodedFrameBytes(), decoder.decode(damaged, f.d()).length);
            } catch (PixelDataException e) {
                refused++;
                assertFalse(e.getMessage().isBlank());
            }
        }
        System.out.println("OpenJPH: " + refused + " of 300 damaged CT1_JPH frames refused, the rest decoded");
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
