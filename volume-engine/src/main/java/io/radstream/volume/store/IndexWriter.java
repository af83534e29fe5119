package io.radstream.volume.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The single writer of the index: one thread owns the write connection, so SQLite never sees two
 * writers contend for its lock. Writes queue up while a transaction runs and the next transaction
 * takes all of them (up to {@link #MAX_BATCH}): one commit, and one WAL sync, per batch instead of
 * per file. Each write runs in its own savepoint, so one bad entry fails alone, not its batch.
 * A caller's future completes only after the commit that made its write durable in the WAL.
 */
final class IndexWriter implements AutoCloseable {
    static final int MAX_BATCH = 500;

    /** A write, run on the writer thread inside the batch transaction. */
    @FunctionalInterface
    interface Write<T> {
        T apply(EntryWriter entries) throws SQLException;
    }

    private static final class Pending<T> {
        final Write<T> write;
        final CompletableFuture<T> result = new CompletableFuture<>();
        T value;

        Pending(Write<T> write) {
            this.write = write;
        }

        void run(EntryWriter entries) throws SQLException {
            value = write.apply(entries);
        }

        void complete() {
            result.complete(value);
        }
    }

    private final ExecutorService thread;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    // confined to the writer thread
    private Connection connection;
    private EntryWriter entries;

    IndexWriter(Path db) throws SQLException {
        thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("study-index-writer").daemon(true).factory());
        try {
            thread.submit(() -> {
                open(db);
                return null;
            }).get();
        } catch (ExecutionException e) {
            thread.shutdown();
            if (e.getCause() instanceof SQLException s) throw s;
            throw new SQLException("cannot open the index writer: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while opening the index", e);
        }
    }

    private void open(Path db) throws SQLException {
        connection = SqliteConnections.openWriter(db);
        try {
            IndexSchema.apply(connection);
            connection.setAutoCommit(false);
            entries = new EntryWriter(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    <T> CompletableFuture<T> submit(Write<T> write) {
        Pending<T> p = new Pending<>(write);
        if (closed) {
            p.result.completeExceptionally(new IllegalStateException("study index is closed"));
            return p.result;
        }
        queue.add(p);
        try {
            thread.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // closed between the check and here; the final drain may already have taken it
            if (queue.remove(p)) p.result.completeExceptionally(new IllegalStateException("study index is closed"));
        }
        return p.result;
    }

    private void drain() {
        List<Pending<?>> batch = new ArrayList<>();
        queue.drainTo(batch, MAX_BATCH);
        if (!batch.isEmpty()) writeBatch(batch); // empty: an earlier drain already took these writes
    }

    private void writeBatch(List<Pending<?>> batch) {
        List<Pending<?>> done = new ArrayList<>(batch.size());
        try {
            for (Pending<?> p : batch) {
                Savepoint sp = connection.setSavepoint();
                try {
                    p.run(entries);
                    connection.releaseSavepoint(sp);
                    done.add(p);
                } catch (SQLException | RuntimeException e) {
                    connection.rollback(sp);
                    connection.releaseSavepoint(sp);
                    p.result.completeExceptionally(e);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            // the whole transaction is gone: fail every write of the batch (completed ones stay as they are)
            for (Pending<?> p : batch) p.result.completeExceptionally(e);
            return;
        }
        for (Pending<?> p : done) p.complete();
    }

    /** Writes what is queued, then closes the connection and stops the thread. */
    @Override
    public void close() throws SQLException {
        if (closed) return;
        closed = true;
        var finished = thread.submit(() -> {
            while (!queue.isEmpty()) drain();
            entries.close();
            connection.close();
            return null;
        });
        thread.shutdown();
        try {
            finished.get();
            thread.awaitTermination(1, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) throw s;
            throw new SQLException("closing the index writer failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while closing the index", e);
        }
    }
}
