package io.radstream.render;

import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Native slice rendering against values computed by hand from a tiny synthetic volume. */
class CpuRendererTest {

    /** 4 columns × 2 rows × 3 slices; stored value = 100·k + 10·j + i (signed 16-bit). */
    private static Volume tiny(double rowSpacing, double columnSpacing) throws Exception {
        List<SliceSource> slices = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            int slice = k;
            slices.add(new SliceSource(new double[]{0, 0, k * 2.0}, new double[]{1, 0, 0, 0, 1, 0},
                    new double[]{rowSpacing, columnSpacing}, 2, 4, 1, -5, () -> {
                ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                for (int j = 0; j < 2; j++) for (int i = 0; i < 4; i++) b.putShort((short) (100 * slice + 10 * j + i));
                return b.array();
            }));
        }
        try (VolumeLoader loader = new VolumeLoader(1)) {
            return loader.load(slices, new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null));
        }
    }

    @Test
    void oneToOneViewShowsEveryStoredPixelThroughTheVoi() throws Exception {
        Volume v = tiny(1, 1);
        // 4×2 image in a 4×2 viewport: zoom 1 fits exactly. Window c=110.5 w=20 on value−5.
        Frame f = new CpuRenderer().render(new ViewState(1, 110.5, 20, 1, 0, 0, 4, 2), v);
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 4; i++) {
                int modality = 100 + 10 * j + i - 5;
                assertEquals(VoiLut.apply(modality, 110.5, 20), f.at(i, j), "pixel " + i + "," + j);
            }
        }
        v.release();
    }

    @Test
    void nonSquarePixelsKeepTheirPhysicalAspect() throws Exception {
        // columns 1 mm apart, rows 2 mm apart: the 4×2 image is 4 mm × 4 mm, a square.
        Volume v = tiny(2, 1);
        Frame f = new CpuRenderer().render(new ViewState(0, 1000, 4000, 1, 0, 0, 8, 8), v);
        // fits 8×8: each column 2 px wide, each row 4 px tall
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int expected = VoiLut.apply(10 * (y / 4) + x / 2 - 5, 1000, 4000);
                assertEquals(expected, f.at(x, y), "pixel " + x + "," + y);
            }
        }
        // in a wide viewport the image is centred with black bars left and right
        Frame wide = new CpuRenderer().render(new ViewState(0, 1000, 4000, 1, 0, 0, 16, 8), v);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 4; x++) assertEquals(0, wide.at(x, y));
            for (int x = 12; x < 16; x++) assertEquals(0, wide.at(x, y));
        }
        v.release();
    }

    @Test
    void sameStateSameBytes() throws Exception {
        Volume v = tiny(1, 1);
        ViewState s = new ViewState(2, 200, 100, 1.7, 3, -2, 33, 17);
        assertArrayEquals(new CpuRenderer().render(s, v).gray(), new CpuRenderer().render(s, v).gray());
        v.release();
    }
}
