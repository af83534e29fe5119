package io.radstream.volume.series;

import io.radstream.volume.codec.Codecs;
import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.DicomWriter;
import io.radstream.volume.dicom.Element;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.TransferSyntax;
import io.radstream.volume.dicom.UID;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.testdata.SyntheticImages;
import io.radstream.volume.testdata.SyntheticImages.Plane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-frame objects become one slice per frame, each with its own plane and rescale. */
class MultiFrameVolumeTest {

    /** Every voxel equals the anatomy at the position the volume's stack geometry gives it. */
    static void assertVoxelsMatchAnatomy(Volume v, double tolerance) {
        StackGeometry g = v.stackGeometry();
        int checked = 0;
        for (int k = 0; k < v.slices(); k++) {
            for (int j = 0; j < v.rows(); j += 3) {
                for (int i = 0; i < v.columns(); i += 3) {
                    double[] p = g.patientPosition(i, j, k);
                    assertEquals(CtPhantom.huAt(p[0], p[1], p[2]), v.modality(i, j, k), tolerance,
                            "voxel " + i + "," + j + "," + k);
                    checked++;
                }
            }
        }
        assertTrue(checked > 100);
    }

    @Test
    void enhancedCtFramesBecomeSortedSlicesWithPerFrameRescale(@TempDir Path dir) throws Exception {
        double[] z = {10, 0, 25, 5, 20, 15};
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < z.length; k++) planes.add(Plane.axial(z[k]).rescale(k % 2 == 0 ? 1 : 2, -1024 - 10 * k));
        Path file = SyntheticImages.writeEnhancedCt(dir.resolve("enh.dcm"), "1.2.3", "1.2.3.4", planes);

        SeriesPartition p = SeriesPartition.of(FileSlices.read(List.of(file)));
        assertEquals(1, p.stacks().size());
        Stack stack = p.stacks().getFirst();
        // frames sorted by z: 0 (frame 2), 5 (frame 4), 10 (frame 1), 15 (frame 6), 20 (frame 5), 25 (frame 3)
        assertEquals(List.of(2, 4, 1, 6, 5, 3), stack.slices().stream().map(s -> s.ref().frameNumber()).toList());
        assertTrue(stack.report().perSliceRescale());
        try (VolumeLoader loader = new VolumeLoader(2)) {
            Volume v = StackLoader.load(stack, loader);
            try {
                assertEquals(6, v.slices());
                assertEquals(5.0, v.geometry().sliceSpacing(), 1e-9);
                int[] frameOfSlice = {2, 4, 1, 6, 5, 3};
                for (int k = 0; k < 6; k++) {
                    Plane source = planes.get(frameOfSlice[k] - 1);
                    assertEquals(source.intercept, v.rescaleIntercept(k), 0);
                    assertEquals(source.slope, v.rescaleSlope(k), 0);
                    assertArrayEquals(source.position, v.stackGeometry().origin(k), 1e-9);
                }
                assertEquals(stack.report(), v.stackReport().orElseThrow());
                assertVoxelsMatchAnatomy(v, 1.0); // slope 2 rounds to within 1 HU
            } finally {
                v.release();
            }
        }
    }

    /** Frames are read by offset: once the header is parsed, a file cut after frame 2 still gives frames 1 and 2. */
    @Test
    void eachFrameReadsOnlyItsOwnBytes(@TempDir Path dir) throws Exception {
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 4; k++) planes.add(Plane.axial(3 * k));
        Path file = SyntheticImages.writeEnhancedCt(dir.resolve("enh.dcm"), "1.2.3", "1.2.3.4", planes);
        List<SeriesSlice> slices = FileSlices.read(List.of(file));
        long pixelStart;
        try (DicomFile f = DicomReader.read(file)) {
            Element e = f.dataSet().get(Tag.PixelData);
            pixelStart = ((io.radstream.volume.dicom.DicomValue.BulkData) e.value()).offset();
        }
        long frameBytes = 40 * 40 * 2;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(pixelStart + 2 * frameBytes);
        }
        assertArrayEquals(planes.get(0).pixels(), slices.get(0).reader().read());
        assertArrayEquals(planes.get(1).pixels(), slices.get(1).reader().read());
        IOException e = assertThrows(IOException.class, () -> slices.get(3).reader().read());
        assertTrue(e.getMessage().contains("ends before byte"), e.getMessage());
    }

    @Test
    void ultrasoundAndXaCinesAreFrameStacks(@TempDir Path dir) throws Exception {
        Path us = SyntheticImages.writeCine(dir.resolve("us.dcm"), "1.2.3", "1.2.3.6", UID.UltrasoundMultiFrameImageStorage, "US", 7, 12, 16);
        Path xa = SyntheticImages.writeCine(dir.resolve("xa.dcm"), "1.2.3", "1.2.3.6", UID.XRayAngiographicImageStorage, "XA", 5, 12, 16);
        SeriesPartition p = SeriesPartition.of(FileSlices.read(List.of(us, xa)));
        assertTrue(p.stacks().isEmpty());
        assertEquals(2, p.frameStacks().size());
        assertEquals(List.of(7, 5), p.frameStacks().stream().map(f -> f.frames().size()).toList());
        for (FrameStack fs : p.frameStacks()) {
            assertEquals(FrameStack.Reason.NO_PLANE, fs.reason());
            for (SeriesSlice s : fs.frames()) {
                int f = s.ref().frameNumber() - 1;
                byte[] pixels = s.reader().read();
                assertEquals(12 * 16, pixels.length);
                for (int r = 0; r < 12; r++) {
                    for (int c = 0; c < 16; c++) assertEquals(SyntheticImages.cineValue(f, r, c), pixels[r * 16 + c] & 0xFF);
                }
            }
        }
    }

    /**
     * Encapsulated frames go through the Basic Offset Table and the {@link Codecs} registry: a test
     * transfer syntax whose "codec" XORs each byte stands in for the real codecs of the codec branches.
     */
    @Test
    void encapsulatedFramesAreDecodedThroughTheRegistry(@TempDir Path dir) throws Exception {
        String tsUid = "1.2.826.0.1.3680043.10.1234.99"; // private: never a real codec
        Codecs.register(tsUid, () -> new FrameDecoder() {
            public String name() { return "xor (test)"; }

            public byte[] decode(byte[] encoded, PixelDescription d) {
                byte[] out = encoded.clone();
                for (int i = 0; i < out.length; i++) out[i] ^= 0x5A;
                return out;
            }
        });
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 5; k++) planes.add(Plane.axial(12 - 3 * k));
        Path nativeFile = SyntheticImages.writeEnhancedCt(dir.resolve("native.dcm"), "1.2.3", "1.2.3.7", planes);
        List<byte[]> frames = new ArrayList<>();
        for (Plane p : planes) {
            byte[] b = p.pixels();
            for (int i = 0; i < b.length; i++) b[i] ^= 0x5A;
            frames.add(b);
        }
        Attributes withoutPixels;
        try (DicomFile f = DicomReader.read(nativeFile)) {
            withoutPixels = stripPixelData(f.dataSet());
        }
        Path encapsulated = dir.resolve("encapsulated.dcm");
        DicomWriter.writeEncapsulated(encapsulated, withoutPixels, TransferSyntax.of(tsUid), frames);
        try (VolumeLoader loader = new VolumeLoader(2)) {
            Volume fromNative = StackLoader.load(SeriesPartition.of(FileSlices.read(List.of(nativeFile))).stacks().getFirst(), loader);
            Volume fromFragments = StackLoader.load(SeriesPartition.of(FileSlices.read(List.of(encapsulated))).stacks().getFirst(), loader);
            try {
                for (int k = 0; k < 5; k++) {
                    for (int j = 0; j < 40; j++) for (int i = 0; i < 40; i++) assertEquals(fromNative.stored(i, j, k), fromFragments.stored(i, j, k));
                }
                assertVoxelsMatchAnatomy(fromFragments, 0);
            } finally {
                fromNative.release();
                fromFragments.release();
            }
        }
    }

    /** The parsed data set without Pixel Data, as a builder would have made it. */
    static Attributes stripPixelData(Attributes ds) {
        Attributes.Builder b = new Attributes.Builder(false);
        for (Element e : ds.elements()) if (e.tag() != Tag.PixelData) b.add(e);
        return b.build();
    }
}
