package io.radstream.volume.frames;

import io.radstream.volume.dicom.Attributes;
import io.radstream.volume.dicom.DataSetBuilder;
import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.dicom.Tag;
import io.radstream.volume.dicom.VR;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.testdata.Corpus;
import io.radstream.volume.testdata.SyntheticImages;
import io.radstream.volume.testdata.SyntheticImages.Plane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-frame values from functional groups (PS3.3 §C.7.6.16) and from classic headers. */
class FrameAttributesReaderTest {

    private static List<FrameAttributes> framesOf(Path file) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            return FrameAttributesReader.read(f.dataSet());
        }
    }

    @Test
    void enhancedCtFramesTakePerFrameValuesThenShared(@TempDir Path dir) throws Exception {
        List<Plane> planes = new ArrayList<>();
        for (int k = 0; k < 4; k++) planes.add(Plane.axial(10 - 2.5 * k).rescale(1 + k, -1024 - k).temporal(k / 2 + 1));
        Path file = SyntheticImages.writeEnhancedCt(dir.resolve("enh.dcm"), "1.2.3", "1.2.3.4", planes);
        List<FrameAttributes> frames = framesOf(file);
        assertEquals(4, frames.size());
        for (int k = 0; k < 4; k++) {
            FrameAttributes f = frames.get(k);
            assertEquals(k + 1, f.frameNumber());
            assertArrayEquals(planes.get(k).position, f.imagePosition(), 1e-12, "per-frame Plane Position");
            assertArrayEquals(SyntheticImages.AXIAL, f.imageOrientation(), 0, "shared Plane Orientation");
            assertArrayEquals(new double[]{6, 6}, f.pixelSpacing(), 0);
            assertEquals(2.0, f.sliceThickness());
            assertEquals(1.0 + k, f.rescaleSlope(), 0, "per-frame Pixel Value Transformation");
            assertEquals(-1024.0 - k, f.rescaleIntercept(), 0);
            assertArrayEquals(new double[]{40}, f.windowCenter(), 0);
            assertArrayEquals(new double[]{400}, f.windowWidth(), 0);
            assertEquals("ORIGINAL\\PRIMARY\\AXIAL", f.imageType(), "CT Image Frame Type");
            assertEquals("1", f.stackId());
            assertEquals(k + 1, f.inStackPosition());
            assertEquals(k / 2 + 1, f.temporalPosition());
            assertTrue(f.hasPlane());
            assertFalse(f.isLocalizer());
        }
    }

    @Test
    void classicSingleFrameHasOneFrameFromTheTopLevel(@TempDir Path dir) throws Exception {
        Plane p = Plane.axial(-3).type("ORIGINAL", "PRIMARY", "LOCALIZER").acquisition(7).trigger(412.5).temporal(2);
        List<FrameAttributes> frames = framesOf(SyntheticImages.writeCt(dir.resolve("ct.dcm"), "1.2.3", "1.2.3.4", p));
        assertEquals(1, frames.size());
        FrameAttributes f = frames.getFirst();
        assertArrayEquals(p.position, f.imagePosition(), 1e-12);
        assertTrue(f.isLocalizer());
        assertEquals(7, f.acquisitionNumber());
        assertEquals(412.5, f.triggerTime());
        assertEquals(2, f.temporalPosition(), "Temporal Position Identifier of a classic image");
        assertEquals(-1024.0, f.rescaleIntercept(), 0);
        assertNull(f.stackId());
    }

    @Test
    void perFrameItemsMustMatchNumberOfFrames() {
        Attributes item = new DataSetBuilder().build();
        Attributes ds = new DataSetBuilder()
                .putIS(Tag.NumberOfFrames, 3)
                .putSequence(Tag.PerFrameFunctionalGroupsSequence, List.of(item, item))
                .build();
        PixelDataException e = assertThrows(PixelDataException.class, () -> FrameAttributesReader.read(ds));
        assertTrue(e.getMessage().contains("2 items but Number of Frames is 3"), e.getMessage());
        Attributes bad = new DataSetBuilder().putString(Tag.NumberOfFrames, VR.IS, "x").build();
        assertThrows(PixelDataException.class, () -> FrameAttributesReader.read(bad));
    }

    @Test
    void imagesWithoutPlaneHaveNone(@TempDir Path dir) throws Exception {
        Path cine = SyntheticImages.writeCine(dir.resolve("us.dcm"), "1.2.3", "1.2.3.5",
                "1.2.840.10008.5.1.4.1.1.3.1", "US", 6, 8, 10);
        List<FrameAttributes> frames = framesOf(cine);
        assertEquals(6, frames.size());
        assertTrue(frames.stream().noneMatch(FrameAttributes::hasPlane));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), frames.stream().map(FrameAttributes::frameNumber).toList());
    }

    /** fo-dicom's Bruker enhanced MR: four frames 1 mm apart (values read with pydicom). */
    @Test
    void corpusEnhancedMrHasPerFramePositions() throws Exception {
        List<FrameAttributes> frames = framesOf(Corpus.file("fo-dicom__mr_brucker.dcm"));
        assertEquals(4, frames.size());
        for (int k = 0; k < 4; k++) {
            FrameAttributes f = frames.get(k);
            assertArrayEquals(new double[]{-14, -9.6, -6.2 + k}, f.imagePosition(), 1e-9);
            assertArrayEquals(new double[]{1, 0, 0, 0, 1, 6.123031769e-17}, f.imageOrientation(), 1e-12);
            assertArrayEquals(new double[]{0.2, 0.1}, f.pixelSpacing(), 0);
            assertEquals(1.0, f.sliceThickness());
            assertEquals("ORIGINAL\\PRIMARY\\NON_PARALLEL\\NONE", f.imageType());
            assertEquals(k + 1, f.inStackPosition());
            assertEquals(1, f.temporalPosition());
        }
    }

    /** fo-dicom's MOVEKNEE: 19 time points at one shared position, a window per frame. */
    @Test
    void corpusCineMrSharesOnePlane() throws Exception {
        List<FrameAttributes> frames = framesOf(Corpus.file("fo-dicom__MOVEKNEE.dcm"));
        assertEquals(19, frames.size());
        for (FrameAttributes f : frames) {
            assertArrayEquals(new double[]{-3, -80, 80}, f.imagePosition(), 1e-9);
            assertArrayEquals(new double[]{0, 1, 0, 0, 0, -1}, f.imageOrientation(), 0);
            assertEquals(f.frameNumber(), f.temporalPosition());
            assertEquals("ORIGINAL\\PRIMARY\\MOTION\\NONE", f.imageType());
        }
        assertArrayEquals(new double[]{1518}, frames.get(0).windowCenter(), 0);
        assertArrayEquals(new double[]{2808}, frames.get(1).windowWidth(), 0);
        assertArrayEquals(new double[]{1531}, frames.get(18).windowCenter(), 0);
    }

    /** pydicom's RT Dose: Grid Frame Offset Vector 0, 5, ..., 70 mm along the normal (PS3.3 §C.8.8.3.2). */
    @Test
    void corpusRtDosePlanesFollowTheGridFrameOffsetVector() throws Exception {
        List<FrameAttributes> frames = framesOf(Corpus.file("pydicom__rtdose.dcm"));
        assertEquals(15, frames.size());
        for (int k = 0; k < 15; k++) {
            assertArrayEquals(new double[]{189.43125, 199.43125, -761.87 + 5 * k}, frames.get(k).imagePosition(), 1e-9);
        }
    }
}
