package io.radstream.volume.store;

import io.radstream.volume.frames.FrameAttributes;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Maps {@link FrameAttributes} to and from rows of the {@code frame} table (schema version 2). */
final class FrameRows {
    /** The columns after {@code instance_pk}, in the order {@link #bind} and {@link #read} use. */
    static final String COLUMNS = """
            frame_number, image_position, image_orientation, pixel_spacing, slice_thickness, rescale_slope,
            rescale_intercept, window_center, window_width, image_type, stack_id, in_stack_position,
            temporal_position, acquisition_number, trigger_time""";
    static final int COUNT = 15;

    private FrameRows() {}

    /** Binds parameters {@code from} .. {@code from + COUNT - 1}. */
    static void bind(PreparedStatement s, int from, FrameAttributes f) throws SQLException {
        int i = from;
        s.setInt(i++, f.frameNumber());
        s.setString(i++, DecimalList.encode(f.imagePosition()));
        s.setString(i++, DecimalList.encode(f.imageOrientation()));
        s.setString(i++, DecimalList.encode(f.pixelSpacing()));
        setDouble(s, i++, f.sliceThickness());
        s.setDouble(i++, f.rescaleSlope());
        s.setDouble(i++, f.rescaleIntercept());
        s.setString(i++, DecimalList.encode(f.windowCenter()));
        s.setString(i++, DecimalList.encode(f.windowWidth()));
        s.setString(i++, f.imageType());
        s.setString(i++, f.stackId());
        setInteger(s, i++, f.inStackPosition());
        setInteger(s, i++, f.temporalPosition());
        setInteger(s, i++, f.acquisitionNumber());
        setDouble(s, i, f.triggerTime());
    }

    /** Reads columns {@code from} .. {@code from + COUNT - 1} of the current row. */
    static FrameAttributes read(ResultSet rs, int from) throws SQLException {
        int i = from;
        return new FrameAttributes(rs.getInt(i++), DecimalList.decode(rs.getString(i++)),
                DecimalList.decode(rs.getString(i++)), DecimalList.decode(rs.getString(i++)), doubleOrNull(rs, i++),
                rs.getDouble(i++), rs.getDouble(i++), DecimalList.decode(rs.getString(i++)),
                DecimalList.decode(rs.getString(i++)), rs.getString(i++), rs.getString(i++), integer(rs, i++),
                integer(rs, i++), integer(rs, i++), doubleOrNull(rs, i));
    }

    private static void setInteger(PreparedStatement s, int index, Integer v) throws SQLException {
        if (v == null) s.setNull(index, Types.INTEGER);
        else s.setInt(index, v);
    }

    private static void setDouble(PreparedStatement s, int index, Double v) throws SQLException {
        if (v == null) s.setNull(index, Types.REAL);
        else s.setDouble(index, v);
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
