package org.orderhub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Where the tests' hubs keep their data. By default the embedded H2 file database under the test's
 * data directory; with {@code -Dorderhub.test.db=postgres} (the build's second surefire run) a
 * database of its own on one real PostgreSQL server (embedded binaries) per test JVM.
 */
public final class TestDatabase {

    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger CREATED = new java.util.concurrent.atomic.AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("orderhub.test.db"));
    }

    /**
     * The {@code orderhub.db.*} settings for a hub on this data directory: none on H2; on PostgreSQL
     * a fresh database that stays with the directory, so a restarted hub finds its orders again.
     */
    public static Map<String, String> settingsFor(Path dataDir) {
        if (!postgres()) {
            return Map.of();
        }
        String name = DATABASES.computeIfAbsent(dataDir.toAbsolutePath().normalize(),
                dir -> createDatabase("hub_" + CREATED.incrementAndGet()));
        return postgresSettings(name);
    }

    /** Settings for a database on the shared server, whatever the test run's default is. */
    public static Map<String, String> postgresSettings(String database) {
        return Map.of("orderhub.db.url", server().getJdbcUrl("postgres", database),
                "orderhub.db.user", "postgres", "orderhub.db.password", "postgres");
    }

    /** A new, empty database on the shared PostgreSQL server. */
    public static synchronized String createDatabase(String name) {
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    /** One PostgreSQL server per test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return server;
    }
}
