package io.radstream.render;

import io.radstream.volume.dicom.Tag;
import io.radstream.volume.frames.FrameAttributes;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.series.SeriesPartition;
import io.radstream.volume.series.SeriesSlice;
import io.radstream.volume.series.SliceRef;
import io.radstream.volume.series.Stack;
import io.radstream.volume.series.StackLoader;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gantry-tilted stack with a gap: slice origins move along y as they advance along z, and one
 * spacing is doubled. Samples must follow each slice's recorded position ({@code StackGeometry}),
 * not the nominal regular grid; a linear field of patient position is reproduced exactly.
 */
class MprShearedStackTest {

    private static double field(double x, double y, double z) {
        return 120 + 0.5 * x - 0.4 * y + 0.6 * z;
    }

    @Test
    void tiltedStackWithAGapShowsEachPositionsValue() throws Exception {
        int cols = 30, rows = 24, n = 16;
        double ps = 2, tilt = Math.toRadians(20);
        List<SeriesSlice> slices = new ArrayList<>();
        double z = -20;
        for (int k = 0; k < n; k++) {
            z += k == 9 ? 6 : 3; // a gap between slices 8 and 9
            double[] origin = {-29, -23 + Math.tan(tilt) * z, z};
            double[] o = origin.clone();
            FrameAttributes f = new FrameAttributes(1, origin, new double[]{1, 0, 0, 0, 1, 0}, new double[]{ps, ps}, 3.0, 1, 0,
                    null, null, "ORIGINAL\\PRIMARY\\AXIAL", null, null, null, null, null);
            PixelDescription d = new PixelDescription(rows, cols, 1, 1, 16, 16, 15, true, "MONOCHROME2", 0, Tag.PixelData);
            slices.add(new SeriesSlice(new SliceRef("1.2.3." + (k + 1), k + 1, 1), f, d, () -> {
                ByteBuffer b = ByteBuffer.allocate(rows * cols * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (int j = 0; j < rows; j++) for (int i = 0; i < cols; i++) {
                    b.putShort((short) Math.round(field(o[0] + i * ps, o[1] + j * ps, o[2])));
                }
                return b.array();
            }));
        }
        Stack stack = SeriesPartition.of(slices).stacks().getFirst();
        assertEquals(n, stack.slices().size());
        Volume v;
        try (VolumeLoader loader = new VolumeLoader(1)) {
            v = StackLoader.load(stack, loader);
        }
        try {
            assertTrue(v.stackGeometry().shearDegrees() > 10, "the stack is sheared: " + v.stackGeometry());
            for (Plane plane : Plane.values()) {
                ViewState s = new ViewState(0, 128, 256, 1.4, 0, 0, 64, 64).withMpr(Mpr.of(plane, new Vec(1, 2, 4)));
                s = Gestures.rotateDrag(s, 14, -9);
                Frame f = new CpuRenderer().render(s, v);
                MprMapping map = MprMapping.of(v.geometry(), s);
                int inside = 0;
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        Vec p = map.patient(x, y);
                        // inside the sheared stack: between the first and last slice, and within the slice there
                        double zz = p.z();
                        double[] first = v.stackGeometry().origin(0), last = v.stackGeometry().origin(n - 1);
                        if (zz < first[2] + 1e-6 || zz > last[2] - 1e-6) continue;
                        double i = (p.x() - first[0]) / ps, j = (p.y() - (-23 + Math.tan(tilt) * zz)) / ps;
                        if (i < 1e-6 || i > cols - 1 - 1e-6 || j < 1e-6 || j > rows - 1 - 1e-6) continue;
                        inside++;
                        assertEquals(field(p.x(), p.y(), p.z()), f.at(x, y), 1.01, plane + " pixel " + x + "," + y + " at " + p);
                    }
                }
                assertTrue(inside > 300, plane + ": only " + inside + " pixels inside");
            }
        } finally {
            v.release();
        }
    }
}
