package io.radstream.volume.display;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.testdata.Corpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Overlay bitmaps against pydicom's {@code overlay_array} (placed at Overlay Origin with numpy), and
 * each display shutter shape alone and combined against numpy masks, on headers pydicom wrote.
 */
class OverlayAndShutterTest {
    static final String OVERLAY_REFERENCE = """
            import sys, numpy as np, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            rows, cols = int(ds.Rows), int(ds.Columns)
            mask = np.zeros((rows, cols), np.uint8)
            for g in range(0x6000, 0x6020, 2):
                if (g, 0x3000) not in ds:
                    continue
                ov = ds.overlay_array(g)
                if ov.ndim == 3:
                    ov = ov[0]
                r0, c0 = [int(v) - 1 for v in ds[g, 0x0050].value]
                rs, cs = slice(max(0, r0), min(rows, r0 + ov.shape[0])), slice(max(0, c0), min(cols, c0 + ov.shape[1]))
                mask[rs, cs] |= ov[rs.start - r0:rs.stop - r0, cs.start - c0:cs.stop - c0].astype(np.uint8)
            sys.stdout.buffer.write(mask.tobytes())
            """;

    @ParameterizedTest
    @ValueSource(strings = {"pydicom__examples_overlay.dcm", "pydicom-data__MR-SIEMENS-DICOM-WithOverlays.dcm"})
    void corpusOverlaysMatchPydicom(String name) throws Exception {
        Path file = Corpus.file(name);
        Assumptions.assumeTrue(Files.exists(file), "corpus file " + name + " absent (shared/testdata not present)");
        byte[] expected = ColorImageCorpusTest.python(OVERLAY_REFERENCE, file.toString());
        try (DicomFile f = DicomReader.read(file)) {
            int rows = f.dataSet().getInt(io.radstream.volume.dicom.Tag.Rows, 0), cols = f.dataSet().getInt(io.radstream.volume.dicom.Tag.Columns, 0);
            ImageGraphics g = ImageGraphics.of(f, 1, rows, cols);
            assertNotNull(g.overlay(), name + ": overlay found");
            int set = 0;
            for (int i = 0; i < expected.length; i++) {
                set += expected[i];
                if (g.overlay()[i] != expected[i]) fail(name + ": overlay at row " + i / cols + ", column " + i % cols + " differs from pydicom");
            }
            assertTrue(set > 0, "the reference overlay has set bits");
        }
    }

    /** 567 × 652 overlay bits need 46211 bytes; the file holds 46210. pydicom refuses it too. */
    @Test
    void anOverlayCutShortIsNotDrawn() throws Exception {
        Path file = Corpus.file("fo-dicom__GH1728.dcm");
        Assumptions.assumeTrue(Files.exists(file), "corpus file absent (shared/testdata not present)");
        try (DicomFile f = DicomReader.read(file)) {
            assertTrue(OverlayPlane.of(f).isEmpty());
            assertTrue(ImageGraphics.of(f, 1, 567, 652).isEmpty());
        }
    }

    /** Writes one header per shutter case and prints, per case, the shown mask (1 = shown). */
    static final String SHUTTER_CASES = """
            import sys, numpy as np, pydicom
            from pydicom.dataset import FileDataset, FileMetaDataset
            from pydicom.uid import ExplicitVRLittleEndian, generate_uid
            out = sys.argv[1]
            rows, cols = 41, 57
            rr, cc = np.mgrid[1:rows + 1, 1:cols + 1]
            verts = [(3, 20), (20, 2), (39, 18), (36, 55), (12, 50), (18, 30)]  # concave
            def polygon_inside():
                inside = np.zeros((rows, cols), bool)
                for i in range(len(verts)):
                    ri, ci = verts[i]; rj, cj = verts[i - 1]
                    crosses = (ri <= rr) != (rj <= rr)
                    with np.errstate(divide='ignore', invalid='ignore'):
                        x = ci + (rr - ri) * (cj - ci) / (rj - ri)
                    inside ^= crosses & (cc < x)
                return inside
            rect = (cc >= 6) & (cc <= 50) & (rr >= 3) & (rr <= 37)
            circle = (rr - 20) ** 2 + (cc - 30) ** 2 <= 17 ** 2
            cases = {'rect': (['RECTANGULAR'], rect), 'circle': (['CIRCULAR'], circle),
                     'polygon': (['POLYGONAL'], polygon_inside()),
                     'all': (['RECTANGULAR', 'CIRCULAR', 'POLYGONAL'], rect & circle & polygon_inside())}
            for name, (shapes, shown) in cases.items():
                meta = FileMetaDataset()
                meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.7'
                meta.MediaStorageSOPInstanceUID = generate_uid()
                meta.TransferSyntaxUID = ExplicitVRLittleEndian
                ds = FileDataset(None, {}, file_meta=meta, preamble=b'\\0' * 128)
                ds.SOPClassUID = meta.MediaStorageSOPClassUID; ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
                ds.Rows = rows; ds.Columns = cols; ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = 'MONOCHROME2'
                ds.BitsAllocated = 8; ds.BitsStored = 8; ds.HighBit = 7; ds.PixelRepresentation = 0
                ds.PixelData = bytes(rows * cols)
                ds.ShutterShape = shapes
                if 'RECTANGULAR' in shapes:
                    ds.ShutterLeftVerticalEdge = 6; ds.ShutterRightVerticalEdge = 50
                    ds.ShutterUpperHorizontalEdge = 3; ds.ShutterLowerHorizontalEdge = 37
                if 'CIRCULAR' in shapes:
                    ds.CenterOfCircularShutter = [20, 30]; ds.RadiusOfCircularShutter = 17
                if 'POLYGONAL' in shapes:
                    ds.VerticesOfThePolygonalShutter = [v for p in verts for v in p]
                if name == 'all':
                    ds.ShutterPresentationValue = 0xFFFF
                ds.save_as(out + '/' + name + '.dcm', write_like_original=False)
                shown.astype(np.uint8).tofile(out + '/' + name + '.mask')
            """;

    @Test
    void eachShutterShapeAndTheirIntersectionMatchNumpyMasks() throws Exception {
        Path dir = Files.createTempDirectory("radstream-shutter");
        ColorImageCorpusTest.python(SHUTTER_CASES, dir.toString());
        for (String name : new String[]{"rect", "circle", "polygon", "all"}) {
            byte[] shown = Files.readAllBytes(dir.resolve(name + ".mask"));
            try (DicomFile f = DicomReader.read(dir.resolve(name + ".dcm"))) {
                DisplayShutter s = DisplayShutter.of(f.dataSet());
                assertNotNull(s, name);
                byte[] shuttered = s.mask(41, 57);
                int hidden = 0;
                for (int i = 0; i < shown.length; i++) {
                    hidden += shuttered[i];
                    assertEquals(shown[i] == 0 ? 1 : 0, shuttered[i], name + ": row " + (i / 57 + 1) + ", column " + (i % 57 + 1));
                }
                assertTrue(hidden > 0 && hidden < shown.length, name + ": the shutter hides part of the image");
                assertEquals(name.equals("all") ? 255 : 0, s.gray8(), name + ": presentation value (default black)");
            }
        }
    }
}
