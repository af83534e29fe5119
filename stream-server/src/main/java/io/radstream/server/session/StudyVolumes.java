package io.radstream.server.session;

import io.radstream.volume.series.IndexedSlices;
import io.radstream.volume.series.SliceSource;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;
import io.radstream.volume.store.InstanceRecord;
import io.radstream.volume.store.SeriesRecord;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudySummary;

import java.util.Comparator;
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

    /** A study opened for viewing: the caller owns one reference to {@code volume} and releases it. */
    public record Opened(StudySummary study, SeriesRecord series, Volume volume) {}

    private final StudyIndex index;
    private final VolumeLoader loader;
    private final ExecutorService openers;
    private final long budgetBytes;
    private final Map<String, CompletableFuture<Volume>> resident = new LinkedHashMap<>(16, 0.75f, true);

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

    /** Opens the study's main image series (the largest one that forms a stack). */
    public CompletableFuture<Opened> open(StudySummary study) {
        return CompletableFuture.supplyAsync(() -> {
            SeriesRecord series = index.seriesOf(study.studyInstanceUid()).stream()
                    .filter(s -> !IndexedSlices.of(index.instancesOf(s.seriesInstanceUid())).isEmpty())
                    .max(Comparator.comparingInt(SeriesRecord::instanceCount))
                    .orElseThrow(() -> new IllegalStateException("the study has no series that forms an image stack"));
            return series;
        }, openers).thenCompose(series -> volumeOf(series).thenApply(v -> new Opened(study, series, v)));
    }

    private CompletableFuture<Volume> volumeOf(SeriesRecord series) {
        CompletableFuture<Volume> f;
        synchronized (resident) {
            f = resident.get(series.seriesInstanceUid());
            if (f == null || f.isCompletedExceptionally()) {
                f = CompletableFuture.supplyAsync(() -> load(series), openers);
                resident.put(series.seriesInstanceUid(), f);
            }
        }
        return f.thenApply(Volume::retain);
    }

    private Volume load(SeriesRecord series) {
        List<InstanceRecord> instances = index.instancesOf(series.seriesInstanceUid());
        List<SliceSource> slices = IndexedSlices.of(instances);
        long t0 = System.nanoTime();
        try {
            InstanceRecord first = instances.stream().filter(InstanceRecord::hasPixelData).findFirst().orElseThrow();
            Volume v = loader.load(slices, IndexedSlices.formatOf(first));
            LOG.log(System.Logger.Level.INFO, "opened series {0}: {1} slices {2}x{3} in {4} ms", series.seriesInstanceUid(),
                    v.slices(), v.columns(), v.rows(), (System.nanoTime() - t0) / 1_000_000);
            evictOverBudget();
            return v;
        } catch (Exception e) {
            throw new IllegalStateException("cannot open series " + series.seriesInstanceUid() + ": " + e.getMessage(), e);
        }
    }

    private void evictOverBudget() {
        synchronized (resident) {
            long total = 0;
            for (CompletableFuture<Volume> f : resident.values()) if (f.isDone() && !f.isCompletedExceptionally()) total += f.join().byteSize();
            Iterator<Map.Entry<String, CompletableFuture<Volume>>> it = resident.entrySet().iterator();
            while (total > budgetBytes && it.hasNext()) {
                CompletableFuture<Volume> f = it.next().getValue();
                if (!f.isDone() || f.isCompletedExceptionally()) continue;
                total -= f.join().byteSize();
                f.join().release(); // sessions still viewing it keep their own references
                it.remove();
            }
        }
    }

    @Override
    public void close() {
        openers.shutdownNow();
        loader.close();
        synchronized (resident) {
            for (CompletableFuture<Volume> f : resident.values()) {
                if (f.isDone() && !f.isCompletedExceptionally()) f.join().release();
            }
            resident.clear();
        }
    }
}
