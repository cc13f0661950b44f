package org.orderhub.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded H2 file proportionate to its data. With WRITE_DELAY=0 (needed for durability)
 * H2 has no background writer, so it never compacts: each commit leaves a mostly dead chunk behind
 * and the file grew ~28 KB per order here. This checks the store's fill rate now and then and,
 * when much of the file is dead, lets H2 compact it for a bounded time.
 */
final class H2Compactor {

    private static final Logger LOG = LoggerFactory.getLogger(H2Compactor.class);
    /** Compact when less than this share (percent) of the file holds live data. */
    private static final int MIN_FILL_RATE = 50;
    /** Upper bound of one compaction pass, so writers are never held up for long. */
    private static final int MAX_COMPACT_MILLIS = 200;

    private final DataSource dataSource;
    private final long checkMillis;
    private ScheduledExecutorService scheduler;

    H2Compactor(DataSource dataSource, long checkMillis) {
        this.dataSource = dataSource;
        this.checkMillis = checkMillis;
    }

    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orderhub-h2-compactor");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::compactIfSparse, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void compactIfSparse() {
        try (Connection c = dataSource.getConnection()) {
            org.h2.mvstore.db.Store store = database(c).getStore();
            MVStore mv = store.getMvStore();
            // the file's own fill rate counts dead chunks as used; the chunks' fill rate sees the live data
            if (mv.getFileStore().getChunksFillRate() < MIN_FILL_RATE) {
                compact(store, mv);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("H2 compaction skipped: {}", e.toString());
        }
    }

    /**
     * compactFile sets the store's retention time to 0 for good, which lets later commits overwrite
     * chunks the file header still points to: after kill -9 the newest commits were gone. Restoring
     * the retention time keeps freed space untouched until it is safe to reuse.
     */
    private static void compact(org.h2.mvstore.db.Store store, MVStore mv) {
        int retention = mv.getRetentionTime();
        try {
            store.compactFile(MAX_COMPACT_MILLIS);
        } finally {
            mv.setRetentionTime(retention);
        }
    }

    private static org.h2.engine.Database database(Connection c) throws SQLException {
        SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase();
    }
}
