package io.radstream.volume.store;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Opens connections to the index database with the settings each role needs. */
final class SqliteConnections {
    /** How long a statement waits for a lock (e.g. during a WAL checkpoint) before failing. */
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private SqliteConnections() {}

    /**
     * The one write connection. WAL lets readers proceed while it writes; synchronous=NORMAL is
     * safe in WAL mode (a power loss may drop the last commits but never corrupts), and a dropped
     * commit only leaves a stored file unindexed, which the next import of it repairs.
     */
    static Connection openWriter(Path db) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config.createConnection(url(db));
    }

    /** A read-only connection: it cannot take the write lock, so reads never stall the writer. */
    static Connection openReader(Path db) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config.createConnection(url(db));
    }

    private static String url(Path db) {
        return "jdbc:sqlite:" + db.toAbsolutePath();
    }
}
