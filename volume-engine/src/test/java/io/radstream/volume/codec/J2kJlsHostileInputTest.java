package io.radstream.volume.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriter;
import io.radstream.volume.codec.j2k.J2kDecoders;
import io.radstream.volume.codec.j2k.JaiJ2kDecoder;
import io.radstream.volume.codec.jls.JpegLsDecoders;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomValue;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.testdata.Corpus;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged and lying codestreams against every decoder of this family: truncation and garbage give a
 * {@link PixelDataException} with a reason (never pixels, never a JVM crash), headers that
 * disagree with the Image Pixel module are refused before any native allocation, random byte
 * flips end in an exception or a frame of the right size, and concurrent decodes agree.
 */
class J2kJlsHostileInputTest {
    private static final PixelDescription GRAY_16 = new PixelDescription(96, 128, 1, 1, 16, 16, 15, false,
            "MONOCHROME2", 0, Tag.PixelData);

    /** Decoders under test with one valid frame each. */
    private record Case(String label, FrameDecoder decoder, byte[] frame, PixelDescription description) {}

    private static List<Case> cases() throws Exception {
        List<Case> out = new ArrayList<>();
        byte[] j2k = jaiLosslessCodestream();
        out.add(new Case("OpenJPEG", J2kDecoders.partOne(), j2k, GRAY_16));
        out.add(new Case("jai-imageio", new JaiJ2kDecoder(), j2k, GRAY_16));
        Corpus.dir(); // the HTJ2K and JPEG-LS frames come from the corpus: skip without it
        out.add(corpusCase("OpenJPEG HTJ2K", J2kDecoders.highThroughput(), "dicomhtj2k__CT1_JPH"));
        out.add(corpusCase("CharLS", JpegLsDecoders.charls(), "wg04__CT1_JLSL"));
        return out;
    }

    @Test
    void validFramesDecode() throws Exception {
        for (Case c : cases()) {
            assertEquals(c.description().decodedFrameBytes(), c.decoder().decode(c.frame(), c.description()).length, c.label());
        }
    }

    @Test
    void truncatedFramesGiveAnErrorWithAReason() throws Exception {
        for (Case c : cases()) {
            int n = c.frame().length;
            for (int keep : new int[]{0, 1, 2, 3, 12, 40, 100, n / 4, n / 2, n - 200, n - 20}) {
                byte[] cut = Arrays.copyOf(c.frame(), keep);
                PixelDataException e = assertThrows(PixelDataException.class, () -> c.decoder().decode(cut, c.description()),
                        c.label() + " decoded a frame cut to " + keep + " of " + n + " bytes");
                assertFalse(e.getMessage().isBlank(), c.label());
                if (keep == n / 2) System.out.println(c.label() + ", half a frame: " + e.getMessage());
            }
        }
    }

    @Test
    void garbageGivesAnError() throws Exception {
        Random random = new Random(7);
        for (Case c : cases()) {
            for (int i = 0; i < 20; i++) {
                byte[] junk = new byte[1 + random.nextInt(4096)];
                random.nextBytes(junk);
                assertThrows(PixelDataException.class, () -> c.decoder().decode(junk, c.description()), c.label());
            }
        }
    }

    @Test
    void aHeaderThatDisagreesWithTheDataSetIsRefused() throws Exception {
        for (Case c : cases()) {
            PixelDescription d = c.description();
            PixelDescription taller = new PixelDescription(d.rows() + 1, d.columns(), 1, d.samplesPerPixel(), d.bitsAllocated(),
                    d.bitsStored(), d.highBit(), d.signed(), d.photometric(), d.planarConfiguration(), d.pixelDataTag());
            PixelDataException e = assertThrows(PixelDataException.class, () -> c.decoder().decode(c.frame(), taller), c.label());
            assertTrue(e.getMessage().contains(d.columns() + "x" + d.rows()), c.label() + ": " + e.getMessage());
            PixelDescription rgb = new PixelDescription(d.rows(), d.columns(), 1, 3, d.bitsAllocated(), d.bitsStored(),
                    d.highBit(), d.signed(), "RGB", 0, d.pixelDataTag());
            assertThrows(PixelDataException.class, () -> c.decoder().decode(c.frame(), rgb), c.label());
        }
        // a codestream that claims 65535 x 65535 is stopped before OpenJPEG allocates anything
        byte[] huge = jaiLosslessCodestream();
        for (int o : new int[]{8, 12, 24, 28}) { // SIZ Xsiz, Ysiz, XTsiz, YTsiz (one tile)
            huge[o] = 0;
            huge[o + 1] = 0;
            huge[o + 2] = (byte) 0xFF;
            huge[o + 3] = (byte) 0xFF;
        }
        PixelDataException e = assertThrows(PixelDataException.class, () -> J2kDecoders.partOne().decode(huge, GRAY_16));
        assertTrue(e.getMessage().contains("65535x65535"), e.getMessage());
    }

    @Test
    void flippedBytesEndInAnErrorOrAFrameNeverACrash() throws Exception {
        Random random = new Random(11);
        for (Case c : cases()) {
            int errors = 0;
            for (int i = 0; i < 40; i++) {
                byte[] damaged = c.frame().clone();
                for (int k = 0; k < 4; k++) damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
                try {
                    assertEquals(c.description().decodedFrameBytes(), c.decoder().decode(damaged, c.description()).length);
                } catch (PixelDataException e) {
                    errors++;
                    assertFalse(e.getMessage().isBlank());
                }
            }
            System.out.println(c.label() + ": " + errors + " of 40 damaged frames refused, the rest decoded");
        }
    }

    @Test
    void platformThreadsDecodingAtOnceGetTheSamePixels() throws Exception {
        for (Case c : cases()) {
            byte[] expected = c.decoder().decode(c.frame(), c.description());
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<Future<byte[]>> results = new ArrayList<>();
                for (int i = 0; i < 16; i++) results.add(pool.submit(() -> c.decoder().decode(c.frame(), c.description())));
                for (Future<byte[]> f : results) assertArrayEquals(expected, f.get(), c.label());
            }
        }
    }

    /** A lossless 5/3 codestream of a 128x96 16-bit gradient, written by jai-imageio (no tools needed). */
    static byte[] jaiLosslessCodestream() throws Exception {
        BufferedImage image = new BufferedImage(128, 96, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 128; x++) image.getRaster().setSample(x, y, 0, (x * 509 + y * 131) % 65536);
        }
        J2KImageWriter writer = new J2KImageWriter(null);
        J2KImageWriteParam param = new J2KImageWriteParam();
        param.setLossless(true);
        param.setWriteCodeStreamOnly(true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static Case corpusCase(String label, FrameDecoder decoder, String name) throws Exception {
        JsonNode entry = null;
        for (JsonNode e : Corpus.all("files")) if (e.get("file").asText().equals(name)) entry = e;
        if (entry == null) fail(name + " is not in the corpus manifest");
        try (DicomFile f = DicomReader.read(Corpus.file(name))) {
            PixelDescription d = new FrameReader(f).description();
            DicomValue.Fragments fragments = (DicomValue.Fragments) f.dataSet().get(Tag.PixelData).value();
            return new Case(label, decoder, EncapsulatedFrames.frame(fragments, 0, 1, f::read), d);
        }
    }
}
