package org.orderhub.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;

/** The hub's one connection pool: the embedded H2 file database by default, PostgreSQL by URL; migrated by Flyway. */
public final class Database extends ServiceSupport {

    /**
     * WRITE_DELAY=0 makes every commit reach the file before it returns, so an acknowledged order
     * survives kill -9 (with H2's default delay, most of the last second's commits were lost).
     * COMPRESS=TRUE stores pages compressed, which roughly halves what each commit writes.
     * REUSE_SPACE=FALSE and MAX_COMPACT_TIME=0: H2 never writes a chunk into space it freed, and never moves
     * chunks inside the file, not even when it closes. bench/crash-loop.sh lost acknowledged orders on an aged
     * database whenever chunks were reused in the running file (docs/storage.md); the file grows while the
     * hub runs and is shrunk by copy when it stops instead ({@link H2FileCompaction}).
     */
    static final String H2_OPTIONS = ";WRITE_DELAY=0;COMPRESS=TRUE;REUSE_SPACE=FALSE;MAX_COMPACT_TIME=0;LOCK_TIMEOUT=10000"
            + ";DB_CLOSE_ON_EXIT=FALSE";

    private final HikariDataSource pool;
    /** The embedded database's file, or null on a shared server. */
    private final Path h2File;

    private Database(HikariDataSource pool, Path h2File) {
        this.pool = pool;
        this.h2File = h2File;
    }

    /** Opens the pool and brings the schema up to date. An empty url means H2 under dataDir. */
    public static Database open(String url, String user, String password, Path dataDir, int poolSize) {
        return open(url, user, password, dataDir, poolSize, "");
    }

    /**
     * As above; {@code h2Options} ({@code ;NAME=value...}, setting {@code orderhub.db.h2-options}) are appended
     * to the embedded database's own, for experiments with H2's storage settings (bench/CrashLoop.java).
     */
    public static Database open(String url, String user, String password, Path dataDir, int poolSize,
                                String h2Options) {
        boolean embedded = url == null || url.isBlank();
        Path h2File = embedded ? dataDir.toAbsolutePath().normalize().resolve("orderhub.mv.db") : null;
        if (embedded) {
            H2FileCompaction.removeLeftover(h2File);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("orderhub");
        config.setJdbcUrl(embedded ? h2Url(dataDir) + (h2Options == null ? "" : h2Options) : url);
        config.setUsername(embedded ? "sa" : user);
        config.setPassword(embedded ? "" : password);
        config.setMaximumPoolSize(poolSize);
        config.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                    .placeholders(java.util.Map.of("bytes", embedded ? "BLOB" : "BYTEA")).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, h2File);
    }

    static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("orderhub") + H2_OPTIONS;
    }

    /** True for the embedded H2 file database, which only this JVM can open; false for a shared server. */
    public boolean isEmbedded() {
        return h2File != null;
    }

    /** Every user of the database goes through this one. */
    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** True when the database answers within the timeout: the readiness and liveness probe. */
    public boolean isReachable(int timeoutSeconds) {
        try (Connection c = pool.getConnection()) {
            return c.isValid(timeoutSeconds);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    protected void doStart() {
        // nothing runs beside the pool: the file is compacted only when the hub stops
    }

    /** Closes the pool (H2 then closes the file) and shrinks the embedded file by copy. */
    @Override
    protected void doStop() {
        pool.close();
        if (h2File != null) {
            H2FileCompaction.compact(h2File);
        }
    }
}
