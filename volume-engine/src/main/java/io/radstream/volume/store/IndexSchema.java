package io.radstream.volume.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of the study index, one per level of the DICOM information model, and below the
 * instance one row per frame. Created on first open; {@code PRAGMA user_version} records the schema
 * version so a later release can migrate, and an older release refuses an index it does not
 * understand rather than misreading it.
 *
 * <p>Versions: 1 had patient, study, series and instance. 2 adds {@code frame}: per-frame plane,
 * rescale, window and grouping attributes (Stack ID, Temporal Position, ...), so a series becomes
 * volumes without a header parse. A version 1 index is migrated in place (the table is added);
 * {@link FrameBackfill} then fills it from the stored files once. 3 adds {@code instance.fast_form}
 * and {@code instance.fast_form_length}: the format and size of the instance's fast-open form
 * ({@link FastForm}), NULL when it has none; older indexes are migrated by adding the two columns
 * (their instances have no fast form and open from the original, as before). 4 adds
 * {@code instance.display_attributes} (VOI presets and LUTs, {@link DisplayColumn}) and
 * {@code instance.lossy_compression}, {@code lossy_ratio} and {@code lossy_method}: the image's own
 * lossy-compression history (0028,2110/2112/2114, {@link LossyCompression}), NULL when it does not
 * say, as for every instance of a migrated index (plain windows only; the lossy notice then rests
 * on the transfer syntax); and {@code has_graphics}: whether the header holds overlays, a display
 * shutter or a palette (0/1), so the viewer parses only those headers (NULL: unknown, parse).
 * 5 adds {@code series.revision}, raised by every write that changes what opening the series would
 * find (an instance added, its frame rows back-filled, its fast form recorded), and {@code open_plan}:
 * per series one compact BLOB, everything opening its main stack needs, stamped with the revision it
 * was built from, so a plan is current exactly while the revisions match (see
 * {@code io.radstream.volume.series.OpenPlan}). A version 4 index is migrated by adding both; its
 * series get their plans on first open.
 *
 * <p>Foreign key columns are named {@code *_pk} so they cannot be confused with DICOM attributes
 * such as Patient ID. Geometry and window values are backslash-separated text as in DICOM; the
 * fragment table is JSON ({@link FragmentList}).
 */
final class IndexSchema {
    static final int VERSION = 5;

    private static final String[] DDL = {
            """
            CREATE TABLE patient (
              id          INTEGER PRIMARY KEY,
              patient_id  TEXT,
              name        TEXT,
              birth_date  TEXT,
              sex         TEXT)""",
            "CREATE INDEX patient_by_patient_id ON patient(patient_id)",
            """
            CREATE TABLE study (
              id          INTEGER PRIMARY KEY,
              study_uid   TEXT NOT NULL UNIQUE,
              study_key   TEXT NOT NULL UNIQUE,
              patient_pk  INTEGER NOT NULL REFERENCES patient(id),
              study_date  TEXT,
              study_time  TEXT,
              accession   TEXT,
              description TEXT,
              modalities  TEXT)""",
            "CREATE INDEX study_by_patient ON study(patient_pk)",
            """
            CREATE TABLE series (
              id          INTEGER PRIMARY KEY,
              series_uid  TEXT NOT NULL UNIQUE,
              study_pk    INTEGER NOT NULL REFERENCES study(id),
              modality    TEXT,
              number      INTEGER,
              description TEXT,
              frame_of_reference_uid TEXT)""",
            "CREATE INDEX series_by_study ON series(study_pk)",
            """
            CREATE TABLE instance (
              id                   INTEGER PRIMARY KEY,
              sop_uid              TEXT NOT NULL UNIQUE,
              series_pk            INTEGER NOT NULL REFERENCES series(id),
              sop_class_uid        TEXT,
              instance_number      INTEGER,
              storage_key          TEXT NOT NULL,
              transfer_syntax      TEXT NOT NULL,
              rows                 INTEGER NOT NULL,
              columns              INTEGER NOT NULL,
              frames               INTEGER NOT NULL,
              samples_per_pixel    INTEGER NOT NULL,
              bits_allocated       INTEGER NOT NULL,
              bits_stored          INTEGER NOT NULL,
              high_bit             INTEGER NOT NULL,
              pixel_representation INTEGER NOT NULL,
              photometric          TEXT,
              planar_configuration INTEGER NOT NULL,
              image_position       TEXT,
              image_orientation    TEXT,
              pixel_spacing        TEXT,
              slice_thickness      REAL,
              rescale_slope        REAL NOT NULL,
              rescale_intercept    REAL NOT NULL,
              window_center        TEXT,
              window_width         TEXT,
              pixel_padding_value  INTEGER,
              pixel_data_offset    INTEGER,
              pixel_data_length    INTEGER,
              fragments            TEXT,
              deflated             INTEGER NOT NULL,
              file_size            INTEGER NOT NULL)""",
            "CREATE INDEX instance_by_series ON instance(series_pk)",
    };

    /** Version 2: what version 1 lacks. */
    private static final String[] DDL_2 = {
            """
            CREATE TABLE frame (
              instance_pk          INTEGER NOT NULL REFERENCES instance(id),
              frame_number         INTEGER NOT NULL,
              image_position       TEXT,
              image_orientation    TEXT,
              pixel_spacing        TEXT,
              slice_thickness      REAL,
              rescale_slope        REAL NOT NULL,
              rescale_intercept    REAL NOT NULL,
              window_center        TEXT,
              window_width         TEXT,
              image_type           TEXT,
              stack_id             TEXT,
              in_stack_position    INTEGER,
              temporal_position    INTEGER,
              acquisition_number   INTEGER,
              trigger_time         REAL,
              PRIMARY KEY (instance_pk, frame_number)) WITHOUT ROWID""",
    };

    /** Version 3: what version 2 lacks, as instance column name and definition. */
    private static final String[][] COLUMNS_3 = {
            {"fast_form", "TEXT"},
            {"fast_form_length", "INTEGER"},
    };

    /**
     * Version 4: the instance's display attributes (VOI presets, LUTs; {@link DisplayColumn}) and
     * its own lossy-compression history ({@link LossyCompression}).
     */
    private static final String[][] COLUMNS_4 = {
            {"display_attributes", "BLOB"},
            {"lossy_compression", "TEXT"},
            {"lossy_ratio", "TEXT"},
            {"lossy_method", "TEXT"},
            {"has_graphics", "INTEGER"},
    };

    /** Version 5: the open plans and the series revision they are checked against. */
    private static final String[] DDL_5 = {
            """
            CREATE TABLE IF NOT EXISTS open_plan (
              series_pk     INTEGER PRIMARY KEY REFERENCES series(id),
              revision      INTEGER NOT NULL,
              format        INTEGER NOT NULL,
              stack_slices  INTEGER NOT NULL,
              colour_images INTEGER NOT NULL,
              plan          BLOB NOT NULL)""",
    };

    private IndexSchema() {}

    /**
     * Creates the tables in an empty database, migrates a version 1 to 4 database, and checks the version
     * of an existing one.
     *
     * @return the version found (0 for a new database)
     */
    static int apply(Connection c) throws SQLException {
        int version;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version == VERSION) return version;
        if (version < 0 || version > VERSION) {
            throw new SQLException("index schema version " + version + " is not supported (expected " + VERSION + ")");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            if (version == 0) for (String ddl : DDL) st.execute(ddl);
            if (version < 2) for (String ddl : DDL_2) st.execute(ddl);
            for (String[] col : concat(COLUMNS_3, COLUMNS_4)) {
                // a column already there (an index downgraded by hand) is kept, not added twice
                if (!hasColumn(c, "instance", col[0])) st.execute("ALTER TABLE instance ADD COLUMN " + col[0] + " " + col[1]);
            }
            if (!hasColumn(c, "series", "revision")) st.execute("ALTER TABLE series ADD COLUMN revision INTEGER NOT NULL DEFAULT 0");
            if (version < 5) for (String ddl : DDL_5) st.execute(ddl);
            st.execute("PRAGMA user_version = " + VERSION); // a constant: PRAGMA takes no parameters
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return version;
    }

    private static String[][] concat(String[][] a, String[][] b) {
        String[][] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) if (column.equalsIgnoreCase(rs.getString("name"))) return true;
        }
        return false;
    }
}
