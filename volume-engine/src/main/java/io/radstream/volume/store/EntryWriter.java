package io.radstream.volume.store;

import io.radstream.volume.frames.FrameAttributes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one {@link IndexEntry}: finds or creates its patient, study and series rows, then inserts
 * the instance. Statements are prepared once on the writer connection and reused for every entry.
 *
 * <p>Re-import policy: an instance whose SOP Instance UID is already indexed is <em>ignored</em>
 * (first copy wins). Stored files are therefore never replaced under a reader that holds their
 * offsets, and importing a folder twice is a no-op.
 */
final class EntryWriter implements AutoCloseable {
    private final PreparedStatement findInstance;
    private final PreparedStatement findStudy;
    private final PreparedStatement findPatient;
    private final PreparedStatement insertPatient;
    private final PreparedStatement insertStudy;
    private final PreparedStatement findSeries;
    private final PreparedStatement insertSeries;
    private final PreparedStatement studyModalities;
    private final PreparedStatement updateModalities;
    private final PreparedStatement insertInstance;
    private final PreparedStatement setDisplay;
    private final PreparedStatement insertFrame;
    private final PreparedStatement setFastForm;
    private final PreparedStatement raiseRevision;
    private final PreparedStatement raiseRevisionOfInstance;
    private final PreparedStatement putOpenPlan;

    EntryWriter(Connection c) throws SQLException {
        findInstance = c.prepareStatement("SELECT id FROM instance WHERE sop_uid = ?");
        findStudy = c.prepareStatement("SELECT id FROM study WHERE study_uid = ?");
        // IS rather than =: a missing Patient ID or name (NULL) still matches the same patient
        findPatient = c.prepareStatement(
                "SELECT id FROM patient WHERE patient_id IS ? AND name IS ? AND birth_date IS ? ORDER BY id LIMIT 1");
        insertPatient = c.prepareStatement(
                "INSERT INTO patient (patient_id, name, birth_date, sex) VALUES (?, ?, ?, ?) RETURNING id");
        insertStudy = c.prepareStatement("""
                INSERT INTO study (study_uid, study_key, patient_pk, study_date, study_time, accession, description)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""");
        findSeries = c.prepareStatement("SELECT id FROM series WHERE series_uid = ?");
        insertSeries = c.prepareStatement("""
                INSERT INTO series (series_uid, study_pk, modality, number, description, frame_of_reference_uid)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id""");
        studyModalities = c.prepareStatement(
                "SELECT DISTINCT modality FROM series WHERE study_pk = ? AND modality IS NOT NULL ORDER BY modality");
        updateModalities = c.prepareStatement("UPDATE study SET modalities = ? WHERE id = ?");
        insertInstance = c.prepareStatement("""
                INSERT INTO instance (sop_uid, series_pk, sop_class_uid, instance_number, storage_key, transfer_syntax,
                  rows, columns, frames, samples_per_pixel, bits_allocated, bits_stored, high_bit, pixel_representation,
                  photometric, planar_configuration, image_position, image_orientation, pixel_spacing, slice_thickness,
                  rescale_slope, rescale_intercept, window_center, window_width, pixel_padding_value,
                  pixel_data_offset, pixel_data_length, fragments, deflated, file_size,
                  lossy_compression, lossy_ratio, lossy_method, has_graphics)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id""");
        insertFrame = c.prepareStatement("INSERT INTO frame (instance_pk, " + FrameRows.COLUMNS + ") VALUES (?"
                + ", ?".repeat(FrameRows.COUNT) + ")");
        setFastForm = c.prepareStatement("UPDATE instance SET fast_form = ?, fast_form_length = ? WHERE sop_uid = ?");
        setDisplay = c.prepareStatement("UPDATE instance SET display_attributes = ? WHERE id = ?");
        raiseRevision = c.prepareStatement("UPDATE series SET revision = revision + 1 WHERE id = ?");
        raiseRevisionOfInstance = c.prepareStatement(
                "UPDATE series SET revision = revision + 1 WHERE id = (SELECT series_pk FROM instance WHERE id = ?)");
        // written only while the series is still at the revision the plan was built from: a plan
        // built from rows that an import has changed since is dropped, never stored as current
        putOpenPlan = c.prepareStatement("""
                INSERT OR REPLACE INTO open_plan (series_pk, revision, format, stack_slices, colour_images, plan)
                SELECT id, revision, ?, ?, ?, ? FROM series WHERE series_uid = ? AND revision = ?""");
    }

    /** True when the instance was added, false when its SOP Instance UID was already indexed. */
    boolean add(IndexEntry e) throws SQLException {
        InstanceRecord in = e.instance();
        findInstance.setString(1, in.sopInstanceUid());
        if (firstId(findInstance) != null) return false;

        long studyPk = studyPk(e);
        long seriesPk = seriesPk(e.series(), studyPk);

        int i = 0;
        PreparedStatement s = insertInstance;
        s.setString(++i, in.sopInstanceUid());
        s.setLong(++i, seriesPk);
        s.setString(++i, in.sopClassUid());
        setInteger(s, ++i, in.instanceNumber());
        s.setString(++i, in.storageKey());
        s.setString(++i, in.transferSyntaxUid());
        s.setInt(++i, in.rows());
        s.setInt(++i, in.columns());
        s.setInt(++i, in.frames());
        s.setInt(++i, in.samplesPerPixel());
        s.setInt(++i, in.bitsAllocated());
        s.setInt(++i, in.bitsStored());
        s.setInt(++i, in.highBit());
        s.setInt(++i, in.pixelRepresentation());
        s.setString(++i, in.photometricInterpretation());
        s.setInt(++i, in.planarConfiguration());
        s.setString(++i, DecimalList.encode(in.imagePosition()));
        s.setString(++i, DecimalList.encode(in.imageOrientation()));
        s.setString(++i, DecimalList.encode(in.pixelSpacing()));
        if (in.sliceThickness() == null) s.setNull(++i, Types.REAL);
        else s.setDouble(++i, in.sliceThickness());
        s.setDouble(++i, in.rescaleSlope());
        s.setDouble(++i, in.rescaleIntercept());
        s.setString(++i, DecimalList.encode(in.windowCenter()));
        s.setString(++i, DecimalList.encode(in.windowWidth()));
        setInteger(s, ++i, in.pixelPaddingValue());
        if (in.hasPixelData()) {
            s.setLong(++i, in.pixelDataOffset());
            s.setLong(++i, in.pixelDataLength());
        } else {
            s.setNull(++i, Types.INTEGER);
            s.setNull(++i, Types.INTEGER);
        }
        s.setString(++i, FragmentList.encode(in.fragments()));
        s.setInt(++i, in.deflated() ? 1 : 0);
        s.setLong(++i, in.fileSize());
        LossyCompression lossy = e.lossyCompression();
        s.setString(++i, lossy == null ? null : lossy.lossy() ? "01" : "00");
        s.setString(++i, lossy == null ? null : DecimalList.encode(lossy.ratios()));
        s.setString(++i, lossy == null || lossy.methods().length == 0 ? null : String.join("\\", lossy.methods()));
        if (e.graphics() == null) s.setNull(++i, Types.INTEGER);
        else s.setInt(++i, e.graphics() ? 1 : 0);
        long instancePk = returnedId(s);
        raiseRevision.setLong(1, seriesPk); // the series' open plan, if any, is stale from this commit on
        raiseRevision.executeUpdate();
        addFrames(instancePk, e.frames());
        byte[] display = DisplayColumn.encode(e.display());
        if (display != null) {
            setDisplay.setBytes(1, display);
            setDisplay.setLong(2, instancePk);
            setDisplay.executeUpdate();
        }
        return true;
    }

    /** Inserts the frame rows of an indexed instance (also used to back-fill a migrated index). */
    void addFrames(long instancePk, List<FrameAttributes> frames) throws SQLException {
        if (frames.isEmpty()) return;
        for (FrameAttributes f : frames) {
            insertFrame.setLong(1, instancePk);
            FrameRows.bind(insertFrame, 2, f);
            insertFrame.addBatch();
        }
        insertFrame.executeBatch();
    }

    /** Back-filled frame rows change what the series opens to: its open plan is stale. */
    void backfillFrames(long instancePk, List<FrameAttributes> frames) throws SQLException {
        addFrames(instancePk, frames);
        raiseRevisionOfInstance.setLong(1, instancePk);
        raiseRevisionOfInstance.executeUpdate();
    }

    /** Records the fast-open form of an indexed instance; false if no such instance is indexed. */
    boolean setFastForm(String sopInstanceUid, String format, long length) throws SQLException {
        setFastForm.setString(1, format);
        setFastForm.setLong(2, length);
        setFastForm.setString(3, sopInstanceUid);
        if (setFastForm.executeUpdate() != 1) return false;
        findInstance.setString(1, sopInstanceUid);
        Long pk = firstId(findInstance);
        if (pk != null) { // the plan says where the frames are read from: it must learn of the fast form
            raiseRevisionOfInstance.setLong(1, pk);
            raiseRevisionOfInstance.executeUpdate();
        }
        return true;
    }

    /**
     * Stores a series' open plan built from the rows of revision {@code revision}; false (nothing
     * written) when the series is unknown or has changed since.
     */
    boolean putOpenPlan(String seriesInstanceUid, long revision, int format, int stackSlices, int colourImages, byte[] plan)
            throws SQLException {
        int i = 0;
        putOpenPlan.setInt(++i, format);
        putOpenPlan.setInt(++i, stackSlices);
        putOpenPlan.setInt(++i, colourImages);
        putOpenPlan.setBytes(++i, plan);
        putOpenPlan.setString(++i, seriesInstanceUid);
        putOpenPlan.setLong(++i, revision);
        return putOpenPlan.executeUpdate() == 1;
    }

    private long studyPk(IndexEntry e) throws SQLException {
        IndexEntry.Study study = e.study();
        findStudy.setString(1, study.studyInstanceUid());
        Long id = firstId(findStudy);
        if (id != null) return id;

        long patientPk = patientPk(e.patient());
        int i = 0;
        insertStudy.setString(++i, study.studyInstanceUid());
        insertStudy.setString(++i, StudyIndex.studyKeyOf(study.studyInstanceUid()));
        insertStudy.setLong(++i, patientPk);
        insertStudy.setString(++i, study.studyDate());
        insertStudy.setString(++i, study.studyTime());
        insertStudy.setString(++i, study.accessionNumber());
        insertStudy.setString(++i, study.description());
        return returnedId(insertStudy);
    }

    private long patientPk(IndexEntry.Patient p) throws SQLException {
        findPatient.setString(1, p.patientId());
        findPatient.setString(2, p.name());
        findPatient.setString(3, p.birthDate());
        Long id = firstId(findPatient);
        if (id != null) return id;
        insertPatient.setString(1, p.patientId());
        insertPatient.setString(2, p.name());
        insertPatient.setString(3, p.birthDate());
        insertPatient.setString(4, p.sex());
        return returnedId(insertPatient);
    }

    private long seriesPk(IndexEntry.Series series, long studyPk) throws SQLException {
        findSeries.setString(1, series.seriesInstanceUid());
        Long id = firstId(findSeries);
        if (id != null) return id;
        int i = 0;
        insertSeries.setString(++i, series.seriesInstanceUid());
        insertSeries.setLong(++i, studyPk);
        insertSeries.setString(++i, series.modality());
        setInteger(insertSeries, ++i, series.seriesNumber());
        insertSeries.setString(++i, series.description());
        insertSeries.setString(++i, series.frameOfReferenceUid());
        long pk = returnedId(insertSeries);
        refreshModalities(studyPk);
        return pk;
    }

    /** Modalities in Study is derived from the series, so it only changes when a series is added. */
    private void refreshModalities(long studyPk) throws SQLException {
        studyModalities.setLong(1, studyPk);
        List<String> modalities = new ArrayList<>();
        try (ResultSet rs = studyModalities.executeQuery()) {
            while (rs.next()) modalities.add(rs.getString(1));
        }
        updateModalities.setString(1, modalities.isEmpty() ? null : String.join("\\", modalities));
        updateModalities.setLong(2, studyPk);
        updateModalities.executeUpdate();
    }

    private static Long firstId(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private static long returnedId(PreparedStatement insert) throws SQLException {
        try (ResultSet rs = insert.executeQuery()) {
            if (!rs.next()) throw new SQLException("INSERT ... RETURNING id returned no row");
            return rs.getLong(1);
        }
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) s.setNull(index, Types.INTEGER);
        else s.setInt(index, value);
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement s : List.of(findInstance, findStudy, findPatient, insertPatient, insertStudy, findSeries,
                insertSeries, studyModalities, updateModalities, insertInstance, insertFrame, setFastForm, setDisplay, raiseRevision,
                raiseRevisionOfInstance, putOpenPlan)) {
            s.close();
        }
    }
}
