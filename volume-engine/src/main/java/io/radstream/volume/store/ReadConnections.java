package io.radstream.volume.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A few read-only connections, lent to one query at a time. In WAL mode every connection reads its
 * own snapshot, so readers run in parallel with each other and with the writer; a JDBC connection
 * is not safe for concurrent use, hence one query per connection.
 */
final class ReadConnections implements AutoCloseable {

    @FunctionalInterface
    interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private final List<Connection> all = new ArrayList<>();
    private final BlockingQueue<Connection> idle;

    ReadConnections(Path db, int size) throws SQLException {
        idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Connection c = SqliteConnections.openReader(db);
                all.add(c);
                idle.add(c);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    <T> T with(Query<T> query) {
        Connection c;
        try {
            c = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StudyIndexException("interrupted while waiting for an index connection", e);
        }
        try {
            return query.run(c);
        } catch (SQLException e) {
            throw new StudyIndexException("index query failed: " + e.getMessage(), e);
        } finally {
            idle.add(c);
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
