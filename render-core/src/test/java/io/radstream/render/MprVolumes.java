package io.radstream.render;

import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Small synthetic volumes for reformat tests, built slice by slice like a loaded series. */
final class MprVolumes {
    private MprVolumes() {}

    /** Stored value as a function of the voxel's patient position (x, y, z). */
    interface Field {
        double at(double x, double y, double z);
    }

    /**
     * A signed 16-bit volume of {@code slices} images with the given orientation (6 cosines),
     * pixel spacing [row, column] and slice spacing, centred on {@code centre}; stored values are
     * {@code round(field(P))}, modality = stored·slope + intercept.
     */
    static Volume of(int columns, int rows, int slices, double[] orientation, double rowSpacing, double columnSpacing,
                     double sliceSpacing, Vec centre, double slope, double intercept, Field field) throws Exception {
        return of(columns, rows, slices, orientation, rowSpacing, columnSpacing, sliceSpacing, centre, slope, k -> intercept,
                "MONOCHROME2", field);
    }

    /** As above, with an intercept per slice (as PET may carry) and a photometric interpretation. */
    static Volume of(int columns, int rows, int slices, double[] orientation, double rowSpacing, double columnSpacing,
                     double sliceSpacing, Vec centre, double slope, java.util.function.IntToDoubleFunction interceptOfSlice,
                     String photometric, Field field) throws Exception {
        return of(columns, rows, slices, orientation, rowSpacing, columnSpacing, sliceSpacing, centre, slope, interceptOfSlice,
                photometric, io.radstream.volume.frames.DisplayAttributes.NONE, field);
    }

    /** As above, every slice carrying the given display attributes (VOI presets, presentation LUT shape). */
    static Volume of(int columns, int rows, int slices, double[] orientation, double rowSpacing, double columnSpacing,
                     double sliceSpacing, Vec centre, double slope, java.util.function.IntToDoubleFunction interceptOfSlice,
                     String photometric, io.radstream.volume.frames.DisplayAttributes display, Field field) throws Exception {
        Vec r = new Vec(orientation[0], orientation[1], orientation[2]);
        Vec c = new Vec(orientation[3], orientation[4], orientation[5]);
        Vec n = r.cross(c);
        Vec first = centre.minus(r.times((columns - 1) / 2.0 * columnSpacing)).minus(c.times((rows - 1) / 2.0 * rowSpacing))
                .minus(n.times((slices - 1) / 2.0 * sliceSpacing));
        List<SliceSource> list = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            Vec origin = first.plus(n.times(k * sliceSpacing));
            list.add(new SliceSource(origin.toArray(), orientation.clone(), new double[]{rowSpacing, columnSpacing}, rows, columns,
                    slope, interceptOfSlice.applyAsDouble(k), () -> {
                ByteBuffer b = ByteBuffer.allocate(rows * columns * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (int j = 0; j < rows; j++) {
                    for (int i = 0; i < columns; i++) {
                        Vec p = origin.plus(r.times(i * columnSpacing)).plus(c.times(j * rowSpacing));
                        b.putShort((short) Math.round(field.at(p.x(), p.y(), p.z())));
                    }
                }
                return b.array();
            }, display));
        }
        try (VolumeLoader loader = new VolumeLoader(1)) {
            return loader.load(list, new VolumeLoader.PixelFormat(16, true, photometric, null));
        }
    }

    /** Unit orientation cosines of an acquisition rotated from axial by the given angles (degrees) about z then x. */
    static double[] obliqueOrientation(double aboutZ, double aboutX) {
        Vec r = Vec.X.rotate(Vec.Z, Math.toRadians(aboutZ)).rotate(Vec.X, Math.toRadians(aboutX));
        Vec c = Vec.Y.rotate(Vec.Z, Math.toRadians(aboutZ)).rotate(Vec.X, Math.toRadians(aboutX));
        return new double[]{r.x(), r.y(), r.z(), c.x(), c.y(), c.z()};
    }
}
