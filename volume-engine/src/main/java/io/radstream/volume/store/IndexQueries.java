package io.radstream.volume.store;

import io.radstream.volume.frames.FrameAttributes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read side of the index: SQL and the mapping of rows to records. */
final class IndexQueries {
    private static final String STUDY_COLUMNS = """
            SELECT st.study_key, st.study_uid, p.name, p.patient_id, p.birth_date, p.sex, st.accession,
                   st.study_date, st.study_time, st.modalities, st.description,
                   (SELECT count(*) FROM series se WHERE se.study_pk = st.id),
                   (SELECT count(*) FROM instance i JOIN series se ON i.series_pk = se.id WHERE se.study_pk = st.id)
            FROM study st JOIN patient p ON p.id = st.patient_pk
            """;
    private static final String ALL_STUDIES = STUDY_COLUMNS
            + "ORDER BY st.study_date DESC, st.study_time DESC, st.id";
    private static final String STUDY_BY_KEY = STUDY_COLUMNS + "WHERE st.study_key = ?";
    private static final String STUDY_BY_UID = STUDY_COLUMNS + "WHERE st.study_uid = ?";

    private static final String SERIES_OF_STUDY = """
            SELECT se.series_uid, st.study_uid, se.modality, se.number, se.description, se.frame_of_reference_uid,
                   (SELECT count(*) FROM instance i WHERE i.series_pk = se.id)
            FROM series se JOIN study st ON st.id = se.study_pk
            WHERE st.study_uid = ?
            ORDER BY se.number IS NULL, se.number, se.series_uid""";

    private static final String OPEN_PLANS_OF_STUDY = """
            SELECT se.series_uid, st.study_uid, se.modality, se.number, se.description, se.frame_of_reference_uid,
                   (SELECT count(*) FROM instance i WHERE i.series_pk = se.id),
                   se.revision, p.revision, p.format, p.stack_slices, p.colour_images
            FROM series se JOIN study st ON st.id = se.study_pk LEFT JOIN open_plan p ON p.series_pk = se.id
            WHERE st.study_uid = ?
            ORDER BY se.number IS NULL, se.number, se.series_uid""";

    private static final String OPEN_PLAN = """
            SELECT p.plan FROM open_plan p JOIN series se ON se.id = p.series_pk
            WHERE se.series_uid = ? AND p.revision = se.revision AND p.format = ?""";

    private static final String REVISION_OF_SERIES = "SELECT revision FROM series WHERE series_uid = ?";

    private static final String INSTANCES_OF_SERIES = """
            SELECT i.sop_uid, se.series_uid, i.sop_class_uid, i.instance_number, i.storage_key, i.transfer_syntax,
                   i.rows, i.columns, i.frames, i.samples_per_pixel, i.bits_allocated, i.bits_stored, i.high_bit,
                   i.pixel_representation, i.photometric, i.planar_configuration, i.image_position,
                   i.image_orientation, i.pixel_spacing, i.slice_thickness, i.rescale_slope, i.rescale_intercept,
                   i.window_center, i.window_width, i.pixel_padding_value, i.pixel_data_offset, i.pixel_data_length,
                   i.fragments, i.deflated, i.file_size
            FROM instance i JOIN series se ON se.id = i.series_pk
            WHERE se.series_uid = ?
            ORDER BY i.instance_number IS NULL, i.instance_number, i.sop_uid""";

    private static final String FRAMES_OF_SERIES = "SELECT i.sop_uid, " + FrameRows.COLUMNS.replaceAll("(\\w+)", "f.$1") + """

            FROM frame f JOIN instance i ON i.id = f.instance_pk JOIN series se ON se.id = i.series_pk
            WHERE se.series_uid = ?
            ORDER BY i.id, f.frame_number""";

    private static final String INSTANCES_WITHOUT_FRAMES = """
            SELECT i.id, i.storage_key FROM instance i
            WHERE i.pixel_data_offset IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM frame f WHERE f.instance_pk = i.id)
            ORDER BY i.id""";

    private static final String LOSSINESS_OF_SERIES = """
            SELECT i.lossy_compression, i.lossy_ratio, i.lossy_method, i.transfer_syntax,
                   i.rows, i.columns, i.frames, i.samples_per_pixel, i.bits_allocated, i.fragments
            FROM instance i JOIN series se ON se.id = i.series_pk
            WHERE se.series_uid = ? AND i.pixel_data_offset IS NOT NULL""";

    private static final String GRAPHICS_OF_SERIES = """
            SELECT i.sop_uid, i.has_graphics
            FROM instance i JOIN series se ON se.id = i.series_pk
            WHERE se.series_uid = ? AND i.has_graphics IS NOT NULL""";

    private static final String FAST_FORMS_OF_SERIES = """
            SELECT i.sop_uid, i.storage_key, i.fast_form, i.fast_form_length
            FROM instance i JOIN series se ON se.id = i.series_pk
            WHERE se.series_uid = ? AND i.fast_form IS NOT NULL""";

    private static final String DISPLAY_OF_SERIES = """
            SELECT i.sop_uid, i.display_attributes
            FROM instance i JOIN series se ON se.id = i.series_pk
            WHERE se.series_uid = ? AND i.display_attributes IS NOT NULL""";

    private static final String CONTAINS_INSTANCE = "SELECT 1 FROM instance WHERE sop_uid = ?";
    private static final String COUNT_STUDIES = "SELECT count(*) FROM study";
    private static final String COUNT_SERIES = "SELECT count(*) FROM series";
    private static final String COUNT_INSTANCES = "SELECT count(*) FROM instance";

    private final StudyStore store;

    IndexQueries(StudyStore store) {
        this.store = store;
    }

    List<StudySummary> listStudies(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(ALL_STUDIES); ResultSet rs = q.executeQuery()) {
            List<StudySummary> out = new ArrayList<>();
            while (rs.next()) out.add(study(rs));
            return out;
        }
    }

    Optional<StudySummary> studyByKey(Connection c, String studyKey) throws SQLException {
        return oneStudy(c, STUDY_BY_KEY, studyKey);
    }

    Optional<StudySummary> studyByUid(Connection c, String studyInstanceUid) throws SQLException {
        return oneStudy(c, STUDY_BY_UID, studyInstanceUid);
    }

    private Optional<StudySummary> oneStudy(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(study(rs)) : Optional.empty();
            }
        }
    }

    private static StudySummary study(ResultSet rs) throws SQLException {
        String modalities = rs.getString(10);
        return new StudySummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                modalities == null ? List.of() : Arrays.asList(modalities.split("\\\\")),
                rs.getString(11), rs.getInt(12), rs.getInt(13));
    }

    List<SeriesRecord> seriesOf(Connection c, String studyInstanceUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(SERIES_OF_STUDY)) {
            q.setString(1, studyInstanceUid);
            try (ResultSet rs = q.executeQuery()) {
                List<SeriesRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new SeriesRecord(rs.getString(1), rs.getString(2), rs.getString(3), integer(rs, 4),
                            rs.getString(5), rs.getString(6), rs.getInt(7)));
                }
                return out;
            }
        }
    }

    /** The series of a study with their open plans' headers (schema version 5). */
    List<OpenPlanRow> openPlansOf(Connection c, String studyInstanceUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(OPEN_PLANS_OF_STUDY)) {
            q.setString(1, studyInstanceUid);
            try (ResultSet rs = q.executeQuery()) {
                List<OpenPlanRow> out = new ArrayList<>();
                while (rs.next()) {
                    SeriesRecord series = new SeriesRecord(rs.getString(1), rs.getString(2), rs.getString(3), integer(rs, 4),
                            rs.getString(5), rs.getString(6), rs.getInt(7));
                    long revision = rs.getLong(8);
                    Long planRevision = longOrNull(rs, 9);
                    boolean stored = planRevision != null;
                    out.add(new OpenPlanRow(series, revision, stored && planRevision == revision,
                            stored ? rs.getInt(10) : 0, stored ? rs.getInt(11) : 0, stored ? rs.getInt(12) : 0));
                }
                return out;
            }
        }
    }

    Optional<byte[]> openPlan(Connection c, String seriesInstanceUid, int format) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(OPEN_PLAN)) {
            q.setString(1, seriesInstanceUid);
            q.setInt(2, format);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    long revisionOf(Connection c, String seriesInstanceUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(REVISION_OF_SERIES)) {
            q.setString(1, seriesInstanceUid);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    List<InstanceRecord> instancesOf(Connection c, String seriesInstanceUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(INSTANCES_OF_SERIES)) {
            q.setString(1, seriesInstanceUid);
            try (ResultSet rs = q.executeQuery()) {
                List<InstanceRecord> out = new ArrayList<>();
                while (rs.next()) out.add(instance(rs));
                return out;
            }
        }
    }

    private InstanceRecord instance(ResultSet rs) throws SQLException {
        String storageKey = rs.getString(5);
        Long pixelOffset = longOrNull(rs, 26);
        Long pixelLength = longOrNull(rs, 27);
        return new InstanceRecord(rs.getString(1), rs.getString(2), rs.getString(3), integer(rs, 4), storageKey,
                store.pathOf(storageKey), rs.getString(6),
                rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getInt(13),
                rs.getInt(14), rs.getString(15), rs.getInt(16),
                DecimalList.decode(rs.getString(17)), DecimalList.decode(rs.getString(18)),
                DecimalList.decode(rs.getString(19)), doubleOrNull(rs, 20), rs.getDouble(21), rs.getDouble(22),
                DecimalList.decode(rs.getString(23)), DecimalList.decode(rs.getString(24)), integer(rs, 25),
                pixelOffset == null ? -1 : pixelOffset, pixelLength == null ? 0 : pixelLength,
                FragmentList.decode(rs.getString(28)), rs.getInt(29) != 0, rs.getLong(30));
    }

    /** Frame rows of a series' instances, by SOP Instance UID, frames in order. */
    Map<String, List<FrameAttributes>> framesOf(Connection c, String seriesInstanceUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(FRAMES_OF_SERIES)) {
            q.setString(1, seriesInstanceUid);
            try (ResultSet rs = q.executeQuery()) {
                Map<String, List<FrameAttributes>> out = new LinkedHashMap<>();
                while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(FrameRows.read(rs, 2));
                return out;
            }
        }
    }

    /** Whether each instance's header holds overlays, a shutter or a palette, where the index knows (schema 4). */
    Map<String, Boolean> graphicsOf(Connection c, String seriesInstanceUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(GRAPHICS_OF_SERIES)) {
            q.setString(1, seriesInstanceUid);
            try (ResultSet rs = q.executeQuery()) {
                Map<String, Boolean> out = new LinkedHashMap<>();
                while (rs.next()) out.put(rs.getString(1), rs.getInt(2) != 0);
                return out;
            }
        }
    }

    /** A series' lossy-compression history (schema version 4; see {@link SeriesLossiness}). */
    SeriesLossiness lossinessOf(Connection c, String seriesInstanceUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(LOSSINESS_OF_SERIES)) {
            q.setString(1, seriesInstanceUid);
            try (ResultSet rs = q.executeQuery()) {
                boolean declared = false;
                double minRatio = Double.NaN, maxRatio = Double.NaN;
                java.util.Set<String> methods = new java.util.LinkedHashSet<>();
                String syntax = null;
                long decoded = 0, stored = 0;
                while (rs.next()) {
                    declared |= "01".equals(rs.getString(1));
                    double[] steps = DecimalList.decode(rs.getString(2));
                    if (steps.length > 0) {
                        double total = 1;
                        for (double r : steps) total *= r;
                        minRatio = Double.isNaN(minRatio) ? total : Math.min(minRatio, total);
                        maxRatio = Double.isNaN(maxRatio) ? total : Math.max(maxRatio, total);
                    }
                    String m = rs.getString(3);
                    if (m != null) for (String v : m.split("\\\\")) if (!v.isBlank()) methods.add(v.trim());
                    io.radstream.volume.dicom.TransferSyntax ts = io.radstream.volume.dicom.TransferSyntax.of(rs.getString(4));
                    if (ts.lossy()) {
                        syntax = ts.name();
                        decoded += (long) rs.getInt(5) * rs.getInt(6) * Math.max(1, rs.getInt(7)) * rs.getInt(8) * ((rs.getInt(9) + 7) / 8);
                        // encapsulated pixel data has no length of its own: its fragments do
                        for (ByteRange f : FragmentList.decode(rs.getString(10))) stored += f.length();
                    }
                }
                return new SeriesLossiness(declared, minRatio, maxRatio, List.copyOf(methods), syntax,
                        stored > 0 ? (double) decoded / stored : Double.NaN);
            }
        }
    }

    /** Fast-open forms of a series' instances, by SOP Instance UID (schema version 3). */
    Map<String, FastForm> fastFormsOf(Connection c, String seriesInstanceUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(FAST_FORMS_OF_SERIES)) {
            q.setString(1, seriesInstanceUid);
            try (ResultSet rs = q.executeQuery()) {
                Map<String, FastForm> out = new LinkedHashMap<>();
                while (rs.next()) {
                    out.put(rs.getString(1), new FastForm(rs.getString(3), store.fastFormPathOf(rs.getString(2)), rs.getLong(4)));
                }
                return out;
            }
        }
    }

    /** Display attributes of a series' instances that have any, by SOP Instance UID (schema version 4). */
    Map<String, io.radstream.volume.frames.DisplayAttributes> displayOf(Connection c, String seriesInstanceUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(DISPLAY_OF_SERIES)) {
            q.setString(1, seriesInstanceUid);
            try (ResultSet rs = q.executeQuery()) {
                Map<String, io.radstream.volume.frames.DisplayAttributes> out = new LinkedHashMap<>();
                while (rs.next()) out.put(rs.getString(1), DisplayColumn.decode(rs.getBytes(2)));
                return out;
            }
        }
    }

    /** Image instances indexed without frame rows (by schema version 1): primary key and storage key. */
    List<Map.Entry<Long, String>> instancesWithoutFrames(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(INSTANCES_WITHOUT_FRAMES); ResultSet rs = q.executeQuery()) {
            List<Map.Entry<Long, String>> out = new ArrayList<>();
            while (rs.next()) out.add(Map.entry(rs.getLong(1), rs.getString(2)));
            return out;
        }
    }

    boolean containsInstance(Connection c, String sopInstanceUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(CONTAINS_INSTANCE)) {
            q.setString(1, sopInstanceUid);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    int countStudies(Connection c) throws SQLException {
        return count(c, COUNT_STUDIES);
    }

    int countSeries(Connection c) throws SQLException {
        return count(c, COUNT_SERIES);
    }

    int countInstances(Connection c) throws SQLException {
        return count(c, COUNT_INSTANCES);
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
