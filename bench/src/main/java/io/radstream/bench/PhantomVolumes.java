package io.radstream.bench;

import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** The CT phantom straight into memory, for benchmarks that need a volume and not its files. */
final class PhantomVolumes {
    private PhantomVolumes() {}

    /** Signed 16-bit stored values = HU + 1024 (rescale 1, −1024), slices rendered in parallel by the loader. */
    static Volume ct(CtPhantom.Spec spec) throws Exception {
        List<SliceSource> list = new ArrayList<>();
        for (int k = 0; k < spec.slices(); k++) {
            int slice = k;
            list.add(new SliceSource(spec.slicePosition(k), spec.orientation(), new double[]{spec.rowSpacingMm(), spec.columnSpacingMm()},
                    spec.rows(), spec.columns(), 1, -1024, () -> {
                short[] hu = CtPhantom.renderSlice(spec, slice);
                ByteBuffer b = ByteBuffer.allocate(hu.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (short v : hu) b.putShort((short) (v + 1024));
                return b.array();
            }));
        }
        try (VolumeLoader loader = new VolumeLoader()) {
            return loader.load(list, new VolumeLoader.PixelFormat(16, true, "MONOCHROME2", null));
        }
    }
}
