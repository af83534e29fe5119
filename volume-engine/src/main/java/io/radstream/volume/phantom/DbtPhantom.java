package io.radstream.volume.phantom;

import io.radstream.volume.dicom.DicomWriter;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A synthetic digital breast tomosynthesis (DBT) view written as ONE Breast Tomosynthesis Image
 * Storage object (multi-frame, PS3.3 §A.55), Explicit VR Little Endian, 10-bit unsigned stored
 * values in 16-bit words: a compressed breast (outline, rounded edge, skin line, fat and
 * fibroglandular texture) with two masses and two calcification clusters, each in focus only on
 * the frames at its depth ({@link BreastModel}).
 *
 * <p>Frames are planes parallel to the detector; their Image Position (Patient), one per frame in
 * the Plane Position functional group, advances along the detector normal ({@link DbtGeometry}).
 * As in {@link CtPhantom}, the anatomy has a fixed place in patient coordinates: a different matrix
 * or frame count samples the same breast.
 *
 * <p>Frames are rendered in parallel and written in order as they finish, so a full-size object
 * (2457 x 1890 x 66, 613 MB) never sits in memory.
 */
public final class DbtPhantom {
    /** The detector's field of view, mm: rows run 245.7 mm, columns 189 mm (2457 x 1890 at 0.1 mm). */
    public static final double FIELD_OF_VIEW_ROWS_MM = 245.7, FIELD_OF_VIEW_COLUMNS_MM = 189.0;
    /** Compressed breast thickness of the default, mm. */
    public static final double THICKNESS_MM = 66.0;

    private DbtPhantom() {}

    /**
     * The acquisition.
     *
     * @param rows            Rows: image height, along the breast's width (lateral to medial)
     * @param columns         Columns: image width, chest wall to nipple
     * @param frames          reconstructed slices (Number of Frames)
     * @param pixelSpacingMm  square pixels, mm
     * @param sliceSpacingMm  distance between slice planes, mm; frames x spacing is the compressed thickness
     * @param laterality      "R" or "L" (Frame Laterality; a CC view of that breast)
     * @param seed            texture and noise seed: equal seeds give equal pixels
     */
    public record Spec(int rows, int columns, int frames, double pixelSpacingMm, double sliceSpacingMm,
                       String laterality, PatientInfo patient, long seed) {

        public Spec {
            if (rows < 16 || columns < 16 || rows > 0xFFFF || columns > 0xFFFF || frames < 1) {
                throw new IllegalArgumentException("need 16..65535 rows and columns and at least one frame");
            }
            if (!(pixelSpacingMm > 0 && sliceSpacingMm > 0) || !Double.isFinite(pixelSpacingMm + sliceSpacingMm)) {
                throw new IllegalArgumentException("spacings must be positive and finite");
            }
            if (!"R".equals(laterality) && !"L".equals(laterality)) throw new IllegalArgumentException("laterality is R or L");
            Objects.requireNonNull(patient, "patient");
            if ((long) rows * columns * 2 * frames > 0xFFFFFFFEL) {
                throw new IllegalArgumentException("more than 4 GiB of pixel data does not fit one native Pixel Data value");
            }
        }

        /** The size of a real DBT view: 2457 x 1890 pixels of 0.1 mm, 66 slices 1 mm apart. */
        public static Spec defaults() {
            return new Spec(2457, 1890, 66, 0.1, 1.0, "R", defaultPatient(), 1);
        }

        /**
         * A different matrix and frame count over the same field of view (245.7 x 189 mm, square
         * pixels just large enough to cover it) and the same 66 mm thickness: the same breast,
         * sampled more coarsely or finely.
         */
        public Spec withMatrix(int newRows, int newColumns, int newFrames) {
            double ps = Math.max(FIELD_OF_VIEW_ROWS_MM / newRows, FIELD_OF_VIEW_COLUMNS_MM / newColumns);
            return new Spec(newRows, newColumns, newFrames, ps, THICKNESS_MM / newFrames, laterality, patient, seed);
        }

        public Spec withLaterality(String l) {
            return new Spec(rows, columns, frames, pixelSpacingMm, sliceSpacingMm, l, patient, seed);
        }

        public Spec withSeed(long s) {
            return new Spec(rows, columns, frames, pixelSpacingMm, sliceSpacingMm, laterality, patient, s);
        }

        public double thicknessMm() {
            return frames * sliceSpacingMm;
        }

        /** Bytes of pixel data: 16 bits per pixel. */
        public long pixelBytes() {
            return (long) rows * columns * 2 * frames;
        }
    }

    static PatientInfo defaultPatient() {
        return new PatientInfo("PHANTOM^DBT", "RS-PHANTOM-DBT1", LocalDate.of(1965, 1, 1), "F");
    }

    /** A finding, for tests and demonstrations: where it is and which frames show it in focus. */
    public record Lesion(String name, boolean calcification, double[] patientCentre, double radiusMm, double halfDepthMm) {
        public Lesion {
            patientCentre = patientCentre.clone();
        }

        @Override
        public double[] patientCentre() {
            return patientCentre.clone();
        }
    }

    /** What {@link #write} produced. */
    public record PhantomObject(Path file, String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
                                long millis) {}

    /** Writes the object to {@code outDir/DBT000001.dcm} (the folder is created if missing). */
    public static PhantomObject write(Spec spec, Path outDir) throws IOException {
        return write(spec, outDir, Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4)));
    }

    /** As {@link #write(Spec, Path)}, rendering frames on {@code threads} platform threads. */
    public static PhantomObject write(Spec spec, Path outDir, int threads) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(outDir);
        Path file = outDir.resolve("DBT000001.dcm");
        SeriesIdentity id = SeriesIdentity.create(LocalDateTime.now());
        String sop = UidGenerator.newUid();
        DbtGeometry geometry = new DbtGeometry(spec);
        DbtFrameRenderer renderer = new DbtFrameRenderer(spec, geometry, model(spec));
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("dbt-phantom-", 0).daemon(true).factory());
        try {
            // render ahead of the writer, at most two frames per thread, and write in frame order
            List<Future<byte[]>> frames = new ArrayList<>(spec.frames());
            int ahead = 2 * threads;
            for (int k = 0; k < Math.min(ahead, spec.frames()); k++) frames.add(submit(pool, renderer, k));
            DicomWriter.write(file, DbtImageAttributes.of(spec, geometry, id, sop), spec.frames(),
                    (long) spec.rows() * spec.columns() * 2, k -> {
                        if (frames.size() < spec.frames()) frames.add(submit(pool, renderer, frames.size()));
                        byte[] b = await(frames.get(k));
                        frames.set(k, null);
                        return b;
                    });
        } finally {
            pool.shutdownNow();
        }
        return new PhantomObject(file, id.studyInstanceUid(), id.seriesInstanceUid(), sop, (System.nanoTime() - t0) / 1_000_000);
    }

    private static Future<byte[]> submit(ExecutorService pool, DbtFrameRenderer renderer, int k) {
        return pool.submit(() -> renderer.renderLittleEndian(k));
    }

    private static byte[] await(Future<byte[]> f) throws IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IOException("rendering a frame failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while rendering frames");
        }
    }

    /** Stored values of frame k (0-based) as written, rows x columns, row-major. */
    public static short[] renderFrame(Spec spec, int k) {
        return new DbtFrameRenderer(spec, new DbtGeometry(spec), model(spec)).render(k);
    }

    /** Image Position (Patient) of frame k (0-based). */
    public static double[] framePosition(Spec spec, int k) {
        return new DbtGeometry(spec).framePosition(k);
    }

    /** Image Orientation (Patient) of every frame. */
    public static double[] orientation(Spec spec) {
        return new DbtGeometry(spec).orientation();
    }

    /** The lesions, with their centres in patient coordinates. */
    public static List<Lesion> lesions(Spec spec) {
        DbtGeometry g = new DbtGeometry(spec);
        List<Lesion> out = new ArrayList<>();
        for (BreastModel.Lesion l : model(spec).lesions()) {
            double halfDepth = switch (l) {
                case BreastModel.Mass mass -> mass.halfDepth();
                case BreastModel.Calcification c -> c.visibleHalfDepth() + c.radius();
            };
            double radius = switch (l) {
                case BreastModel.Mass mass -> mass.radius();
                case BreastModel.Calcification c -> c.radius();
            };
            out.add(new Lesion(l.name(), l instanceof BreastModel.Calcification, g.toPatient(l.a(), l.m(), l.h()), radius, halfDepth));
        }
        return out;
    }

    /** The noise-free stored value at a patient position (mm). */
    public static int valueAt(Spec spec, double x, double y, double z) {
        double[] b = new DbtGeometry(spec).toBreast(x, y, z);
        return model(spec).valueAt(b[0], b[1], b[2]);
    }

    /** What is at a patient position: air, skin, fat, fibroglandular, or a lesion's name. */
    public static String structureAt(Spec spec, double x, double y, double z) {
        double[] b = new DbtGeometry(spec).toBreast(x, y, z);
        return model(spec).structureAt(b[0], b[1], b[2]);
    }

    /**
     * The breast of a spec: its outline scales with the field of view (nipple 60% across the
     * columns, half-width 38% of the rows), its thickness is the spec's.
     */
    static BreastModel model(Spec spec) {
        double width = spec.columns() * spec.pixelSpacingMm(), height = spec.rows() * spec.pixelSpacingMm();
        return new BreastModel(0.6 * width, 0.38 * height, spec.thicknessMm(), spec.sliceSpacingMm(),
                0.75 * spec.pixelSpacingMm(), spec.seed());
    }
}
