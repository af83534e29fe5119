package io.radstream.volume.series;

import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.store.FastForm;
import io.radstream.volume.store.InstanceRecord;
import io.radstream.volume.store.OpenPlanRow;
import io.radstream.volume.store.SeriesRecord;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudySummary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads and builds {@link OpenPlan}s. A series' stored plan is used while it is current (the series'
 * revision has not moved since it was built); otherwise, and for an index of an older schema, the
 * plan is built from the instance and frame rows, the per-row work opening did before plans, and
 * stored for the next open. Importers call {@link #ensureAll} once their files are indexed, so the
 * first open after an import reads a plan too.
 */
public final class OpenPlans {
    private static final System.Logger LOG = System.getLogger(OpenPlans.class.getName());

    private OpenPlans() {}

    /** A series of a study with the sizes its plan records, to choose what a study opens to. */
    public record Candidate(SeriesRecord series, int stackSlices, int colourImages) {}

    /**
     * The series of a study by Series Number, each with its plan's stack and colour sizes: one query
     * for a study whose plans are current. A series without a current plan gets one built now; a
     * series whose rows cannot form images (a {@link PixelDataException}) is left out, with a warning.
     */
    public static List<Candidate> candidates(StudyIndex index, String studyInstanceUid) {
        List<Candidate> out = new ArrayList<>();
        for (OpenPlanRow row : index.openPlansOf(studyInstanceUid)) {
            if (row.current() && row.format() == OpenPlan.FORMAT) {
                out.add(new Candidate(row.series(), row.stackSlices(), row.colourImages()));
                continue;
            }
            try {
                Built b = build(index, row.series().seriesInstanceUid());
                out.add(new Candidate(row.series(), b.plan.stackSlices(), b.plan.colourImages()));
            } catch (PixelDataException e) {
                LOG.log(System.Logger.Level.WARNING, "series {0} skipped: {1}", row.series().seriesInstanceUid(), e.getMessage());
            }
        }
        return out;
    }

    /** A series' plan: its stored one when current, else built from its rows (and stored). */
    public static OpenPlan of(StudyIndex index, String seriesInstanceUid) throws PixelDataException {
        Optional<byte[]> blob = index.openPlan(seriesInstanceUid, OpenPlan.FORMAT);
        if (blob.isPresent()) {
            try {
                return OpenPlan.decode(blob.get(), index.store());
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "series {0}: stored open plan unreadable ({1}); rebuilding it from the index rows",
                        seriesInstanceUid, e.getMessage());
            }
        }
        return build(index, seriesInstanceUid).plan;
    }

    /**
     * Builds and stores the plans of every series of every study that lacks a current one, and
     * waits for them to be committed. Returns how many were built.
     */
    public static int ensureAll(StudyIndex index) {
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        for (StudySummary study : index.listStudies()) {
            for (OpenPlanRow row : index.openPlansOf(study.studyInstanceUid())) {
                if (row.current() && row.format() == OpenPlan.FORMAT) continue;
                try {
                    writes.add(build(index, row.series().seriesInstanceUid()).stored);
                } catch (PixelDataException e) {
                    LOG.log(System.Logger.Level.WARNING, "series {0}: no open plan: {1}", row.series().seriesInstanceUid(), e.getMessage());
                }
            }
        }
        for (CompletableFuture<Boolean> w : writes) w.join();
        return writes.size();
    }

    private record Built(OpenPlan plan, CompletableFuture<Boolean> stored) {}

    /**
     * The plan from the series' rows, stored under the revision read before them: if an import
     * changes the series while this runs, the write is refused and the next open builds again.
     */
    private static Built build(StudyIndex index, String uid) throws PixelDataException {
        long revision = index.revisionOf(uid); // before the rows: they are at least this new
        List<InstanceRecord> instances = index.instancesOf(uid);
        Map<String, FastForm> fastForms = index.fastFormsOf(uid);
        SeriesPartition partition = SeriesPartition.of(IndexedStacks.slices(instances, index.framesOf(uid), fastForms,
                index.displayAttributesOf(uid)));
        Stack stack = partition.largestStack();
        int colour = 0;
        for (FrameStack f : partition.frameStacks()) {
            if (f.reason() == FrameStack.Reason.NOT_MONOCHROME) colour = Math.max(colour, ColorStack.viewable(f).size());
        }
        Integer padding = instances.stream().map(InstanceRecord::pixelPaddingValue).filter(Objects::nonNull).findFirst().orElse(null);
        String notice = index.lossinessOf(uid).notice();
        Map<String, Boolean> graphics = index.graphicsOf(uid);

        Map<String, OpenPlanWriter.Source> sources = new HashMap<>();
        if (stack != null) {
            Map<String, InstanceRecord> byUid = new HashMap<>();
            for (InstanceRecord r : instances) byUid.put(r.sopInstanceUid(), r);
            for (SeriesSlice s : stack.slices()) {
                String sop = s.ref().sopInstanceUid();
                sources.computeIfAbsent(sop, x -> new OpenPlanWriter.Source(byUid.get(sop), fastForms.get(sop), graphics.get(sop)));
            }
        }
        byte[] blob = OpenPlanWriter.encode(stack, colour, padding, notice, sources);
        int slices = stack == null ? 0 : stack.slices().size();
        CompletableFuture<Boolean> stored = index.putOpenPlan(uid, revision, OpenPlan.FORMAT, slices, colour, blob);
        // the plan as the next open will read it: one form of stack whichever way it was reached
        return new Built(OpenPlan.decode(blob, index.store()), stored);
    }
}
