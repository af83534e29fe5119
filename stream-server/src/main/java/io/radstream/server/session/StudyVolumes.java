package io.radstream.server.session;

import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.store.InstanceRecord;
import io.radstream.volume.series.ColorStack;
import io.radstream.volume.series.FrameStack;
import io.radstream.volume.series.IndexedStacks;
import io.radstream.volume.series.OpenPlan;
import io.radstream.volume.series.OpenPlans;
import io.radstream.volume.series.PlannedStack;
import io.radstream.volume.series.SeriesPartition;
import io.radstream.volume.series.SeriesSlice;
import io.radstream.volume.series.ProgressiveLoad;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import io.radstream.volume.store.SeriesRecord;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudySummary;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Opens studies into volumes, from the index only, and shares each volume among the sessions that
 * view it. Volumes stay resident after their last viewer leaves, least recently used first out,
 * while their bytes exceed the budget.
 */
public final class StudyVolumes implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StudyVolumes.class.getName());

    /**
     * A study opened for viewing: the caller owns one reference to {@code volume} and releases it.
     * The volume may still be loading: {@code load} focuses it on the slice being viewed, and
     * decodes on one thread until the caller's first frame is out and it calls
     * {@code load.resumeAll()} (without the call it still completes, on that one thread).
     */
    public record Opened(StudySummary study, SeriesRecord series, Volume volume, ProgressiveLoad load, String sourceNotice,
                         SeriesDisplay display) {}

    /** A series being loaded or resident: its volume's load and how it is displayed. */
    private record Resident(ProgressiveLoad load, SeriesDisplay display) {}

    private final StudyIndex index;
    private final VolumeLoader loader;
    private final ExecutorService openers;
    private final long budgetBytes;
    private final Map<String, CompletableFuture<Resident>> resident = new LinkedHashMap<>(16, 0.75f, true);

    public StudyVolumes(StudyIndex index, int decodeThreads, long budgetBytes) {
        this.index = index;
        this.loader = new VolumeLoader(decodeThreads);
        this.budgetBytes = budgetBytes;
        this.openers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "study-opener");
            t.setDaemon(true);
            return t;
        });
    }

    public Optional<StudySummary> study(String studyKey) {
        return index.studyByKey(studyKey);
    }

    /**
     * Opens the study's main image series (the largest one that forms a stack). Completes as soon
     * as the middle slice is in memory; the rest loads in the background.
     */
    public CompletableFuture<Opened> open(StudySummary study) {
        return CompletableFuture.supplyAsync(() -> mainStack(study), openers)
                .thenCompose(main -> loadOf(main).thenCompose(r -> {
                    ProgressiveLoad load = r.load();
                    Volume v = load.volume().retain();
                    return v.whenSliceReady(v.slices() / 2)
                            .thenApply(x -> new Opened(study, main.series(), v, load, main.lossyNotice(), r.display()));
                }));
    }

    /**
     * Starts opening a study that a viewer is about to ask for (its page was just requested), so
     * that the viewer's hello finds the slice in view decoded or decoding. Returns at once. Nothing
     * is held for the viewer: the volume is resident like any other and leaves under the budget.
     * An unknown key or a failed open is only logged here; the viewer's own open reports it.
     */
    public void prefetch(String studyKey) {
        CompletableFuture.supplyAsync(() -> index.studyByKey(studyKey), openers)
                .thenCompose(study -> study.map(this::open).orElse(CompletableFuture.completedFuture(null)))
                .whenComplete((opened, error) -> {
                    if (opened != null) opened.volume().release(); // the resident entry keeps its own reference
                    if (error != null) {
                        LOG.log(System.Logger.Level.DEBUG, "prefetch of a viewer's study failed: {0}", error.getMessage());
                    }
                });
    }

    /**
     * A series and what of it the viewer shows: a gray {@link Stack}, or (when {@code stack} is
     * null) the images of a colour series in time order; with what displaying it needs from the
     * index: the files of headers that may hold graphics, the instances known to hold none, the
     * Pixel Padding Value and the lossy-compression notice (null when the pixels are the originals).
     */
    private record MainStack(SeriesRecord series, PlannedStack stack, List<SeriesSlice> colour, SeriesDisplay.HeaderFiles headers,
                             Integer pixelPadding, String lossyNotice) {
        int size() {
            return stack != null ? stack.size() : colour.size();
        }

        List<SeriesSlice> slices() {
            return stack != null ? stack.slices() : colour;
        }
    }

    /**
     * The largest gray stack of any series; a study with no gray stack shows its largest colour
     * series instead (ultrasound, photographs, captures). From the series' open plans: one query
     * for the study's series and one plan row for the chosen one, whatever the number of slices (no
     * instance row is read, no file opened); series without a current plan get one first.
     */
    private MainStack mainStack(StudySummary study) {
        OpenPlans.Candidate best = null, bestColour = null;
        for (OpenPlans.Candidate c : OpenPlans.candidates(index, study.studyInstanceUid())) {
            if (c.stackSlices() > 0 && (best == null || c.stackSlices() > best.stackSlices())) best = c;
            if (c.colourImages() > 0 && (bestColour == null || c.colourImages() > bestColour.colourImages())) bestColour = c;
        }
        try {
            if (best != null) {
                OpenPlan plan = OpenPlans.of(index, best.series().seriesInstanceUid());
                if (plan.stack() != null) {
                    PlannedStack stack = plan.stack();
                    return new MainStack(best.series(), stack, null, (k, s) -> k >= 0 ? stack.headerFile(k) : null,
                            plan.pixelPadding(), plan.lossyNotice());
                }
            }
            if (bestColour != null) return colourStack(bestColour.series());
        } catch (PixelDataException e) {
            throw new IllegalStateException("the study's series could not be read: " + e.getMessage(), e);
        }
        throw new IllegalStateException("the study has no series that forms an image stack");
    }

    /** A colour series' viewable images, from its rows (colour series open through {@link ColorStack}, not a plan). */
    private MainStack colourStack(SeriesRecord series) throws PixelDataException {
        String uid = series.seriesInstanceUid();
        List<InstanceRecord> instances = index.instancesOf(uid);
        SeriesPartition partition = SeriesPartition.of(IndexedStacks.slices(instances, index.framesOf(uid),
                index.fastFormsOf(uid), index.displayAttributesOf(uid)));
        List<SeriesSlice> images = null;
        for (FrameStack f : partition.frameStacks()) {
            if (f.reason() != FrameStack.Reason.NOT_MONOCHROME) continue;
            List<SeriesSlice> v = ColorStack.viewable(f);
            if (images == null || v.size() > images.size()) images = v;
        }
        if (images == null) throw new IllegalStateException("series " + uid + " has no colour images");
        Map<String, java.nio.file.Path> files = new java.util.HashMap<>();
        for (InstanceRecord r : instances) files.put(r.sopInstanceUid(), r.file());
        java.util.Set<String> plain = new java.util.HashSet<>();
        index.graphicsOf(uid).forEach((sop, graphics) -> {
            if (!graphics) plain.add(sop);
        });
        Integer padding = instances.stream().map(InstanceRecord::pixelPaddingValue).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        return new MainStack(series, null, images, SeriesDisplay.HeaderFiles.of(files, plain), padding, index.lossinessOf(uid).notice());
    }

    private CompletableFuture<Resident> loadOf(MainStack main) {
        CompletableFuture<Resident> f;
        synchronized (resident) {
            f = resident.get(main.series().seriesInstanceUid());
            if (f == null || f.isCompletedExceptionally()) {
                f = CompletableFuture.supplyAsync(() -> start(main), openers);
                resident.put(main.series().seriesInstanceUid(), f);
            }
        }
        return f;
    }

    private Resident start(MainStack main) {
        SeriesRecord series = main.series();
        PlannedStack stack = main.stack();
        long t0 = System.nanoTime();
        try {
            java.util.function.BiConsumer<Integer, Exception> onError = (k, e) -> LOG.log(System.Logger.Level.WARNING,
                    "series {0}: slice {1} could not be decoded: {2}", series.seriesInstanceUid(), k + 1, e.getMessage());
            SeriesDisplay display = new SeriesDisplay(main.slices(), main.headers(), null);
            ProgressiveLoad load;
            if (stack != null) {
                // one decoder until the session's first frame is out (ViewerSession calls resumeAll)
                load = stack.open(loader, stack.size() / 2, onError, true);
            } else {
                ColorStack.Load colour = ColorStack.open(main.colour(), display::palette, loader, main.size() / 2, onError);
                load = colour.load();
                display = display.withColors(colour.colors());
            }
            if (main.pixelPadding() != null) load.volume().describePixelPadding(main.pixelPadding()); // keeps padding out of MinIP
            load.done().thenRun(() -> {
                LOG.log(System.Logger.Level.INFO, "loaded series {0}: {1} slices {2}x{3} in {4} ms",
                        series.seriesInstanceUid(), load.volume().slices(), load.volume().columns(), load.volume().rows(),
                        (System.nanoTime() - t0) / 1_000_000);
                evictOverBudget();
            });
            return new Resident(load, display);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open series " + series.seriesInstanceUid() + ": " + e.getMessage(), e);
        }
    }

    private void evictOverBudget() {
        synchronized (resident) {
            long total = 0;
            for (CompletableFuture<Resident> f : resident.values()) if (loaded(f)) total += bytesOf(f.join());
            Iterator<Map.Entry<String, CompletableFuture<Resident>>> it = resident.entrySet().iterator();
            while (total > budgetBytes && it.hasNext()) {
                CompletableFuture<Resident> f = it.next().getValue();
                if (!loaded(f) || !f.join().load().done().isDone()) continue; // never evict a volume still loading
                total -= bytesOf(f.join());
                f.join().load().volume().release(); // sessions still viewing it keep their own references
                it.remove();
            }
        }
    }

    private static long bytesOf(Resident r) {
        return r.load().volume().byteSize() + r.display().colorBytes();
    }

    private static boolean loaded(CompletableFuture<Resident> f) {
        return f.isDone() && !f.isCompletedExceptionally();
    }

    @Override
    public void close() {
        openers.shutdownNow();
        loader.close();
        synchronized (resident) {
            for (CompletableFuture<Resident> f : resident.values()) {
                if (loaded(f)) f.join().load().volume().release();
            }
            resident.clear();
        }
    }
}
