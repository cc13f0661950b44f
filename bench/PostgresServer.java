import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server for benchmarks (the embedded binaries the tests use, no Docker): starts on the
 * given port with the named empty databases, prints "ready", and stops when this JVM is told to (SIGTERM).
 * Usage: java -cp <test class path> bench/PostgresServer.java PORT DATABASE...
 */
public class PostgresServer {
    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(Integer.parseInt(args[0]))
                .setServerConfig("max_connections", "200").start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception ignored) {
                // going away anyway
            }
        }));
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            for (int i = 1; i < args.length; i++) {
                s.execute("CREATE DATABASE " + args[i]);
            }
        }
        System.out.println("ready " + postgres.getJdbcUrl("postgres", "postgres"));
        Thread.currentThread().join();
    }
}
