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
     * COMPRESS=TRUE stores pages compressed, which roughly halves what each commit writes;
     * MAX_COMPACT_TIME lets H2 shrink the file for up to 10 s when the hub stops.
     */
    static final String H2_OPTIONS = ";WRITE_DELAY=0;COMPRESS=TRUE;MAX_COMPACT_TIME=10000;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";

    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final H2Compactor compactor;

    private Database(HikariDataSource pool, DataSource dataSource, H2Compactor compactor) {
        this.pool = pool;
        this.dataSource = dataSource;
        this.compactor = compactor;
    }

    /** Opens the pool and brings the schema up to date. An empty url means H2 under dataDir. */
    public static Database open(String url, String user, String password, Path dataDir, int poolSize,
                                long compactCheckMillis) {
        return open(url, user, password, dataDir, poolSize, compactCheckMillis, "");
    }

    /**
     * As above; {@code h2Options} ({@code ;NAME=value...}, setting {@code orderhub.db.h2-options}) are appended
     * to the embedded database's own, for experiments with H2's storage settings (bench/CrashLoop.java).
     */
    public static Database open(String url, String user, String password, Path dataDir, int poolSize,
                                long compactCheckMillis, String h2Options) {
        boolean embedded = url == null || url.isBlank();
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
        if (!embedded) {
            return new Database(pool, pool, null);
        }
        CommitGate gate = new CommitGate();
        DataSource gated = gate.wrap(pool);
        return new Database(pool, gated, new H2Compactor(gated, gate, compactCheckMillis));
    }

    static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("orderhub") + H2_OPTIONS;
    }

    /** True for the embedded H2 file database, which only this JVM can open; false for a shared server. */
    public boolean isEmbedded() {
        return compactor != null;
    }

    /** Every user of the database goes through this one (on H2, it keeps commits and compaction apart). */
    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** True when the database answers within the timeout: the readiness and liveness probe. */
    public boolean isReachable(int timeoutSeconds) {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(timeoutSeconds);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    protected void doStart() {
        if (compactor != null) {
            compactor.start();
        }
    }

    @Override
    protected void doStop() {
        if (compactor != null) {
            compactor.stop();
        }
        pool.close();
    }
}
