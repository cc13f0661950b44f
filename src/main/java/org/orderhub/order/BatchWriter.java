package org.orderhub.order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import javax.sql.DataSource;

/**
 * Group commit: writes that arrive together are applied in one transaction, each under its own
 * savepoint (one failing write does not fail the others), and every caller is answered only after
 * that transaction has committed. With WRITE_DELAY=0 each H2 commit writes a whole chunk, so under
 * load this turns many small chunks into a few larger ones: more orders per second, less dead space.
 * On a database shared by several nodes two group transactions could deadlock (each holding an order
 * the other one writes too): writes are applied in the order of their key (source and order id), so
 * every node locks orders in the same order; should a deadlock still happen, the write the database
 * aborts is retried in the next group, after this one has committed and released what it held.
 * <p>
 * Each group first takes the next change number ({@link #changeSeq()}, the row of change_counter locked
 * until the group commits): groups on every node then get their numbers in the order they commit, which is
 * the order the changes feed and exports page in, so a late commit is handed out late, never skipped.
 */
final class BatchWriter {

    /** Work of one caller on the shared connection; runs on the writer thread. */
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    private record Pending<T>(String key, Work<T> work, CompletableFuture<T> result, int attempt) {
    }

    /** Writes without a key first, in arrival order; then by key (a stable sort keeps one key's writes in order). */
    private static final java.util.Comparator<Pending<?>> LOCK_ORDER = java.util.Comparator.comparing(
            Pending::key, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));

    private static final int MAX_BATCH = 64;
    private static final int MAX_ATTEMPTS = 5;
    /** SQL states of a write that lost to a concurrent transaction and succeeds when tried again. */
    private static final java.util.Set<String> TRANSIENT = java.util.Set.of("40P01", "40001");
    private static final Object RETRY = new Object();

    private final DataSource dataSource;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** The current group's change number; read by work on the writer thread only. */
    private long changeSeq;
    /** H2 only: each group, once committed, is forced to the disk before its callers are answered. */
    private volatile boolean syncEachGroup;

    BatchWriter(DataSource dataSource) {
        this.dataSource = dataSource;
        this.writer = new Thread(this::run, "orderhub-order-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** The change number of the group the calling work runs in (on the writer thread). */
    long changeSeq() {
        return changeSeq;
    }

    private static long nextChangeSeq(Connection c) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE change_counter SET seq = seq + 1 WHERE id = 1");
             PreparedStatement get = c.prepareStatement("SELECT seq FROM change_counter WHERE id = 1")) {
            up.executeUpdate();
            try (ResultSet rs = get.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Each group commit is then followed by H2's {@code CHECKPOINT SYNC} (the file forced to the device) before
     * its callers are answered: acknowledged writes survive a power cut, not only a kill.
     */
    void syncEachGroup() {
        syncEachGroup = true;
    }

    /** Stops the writer thread; writes still queued fail. */
    void close() {
        writer.interrupt();
        Pending<?> p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(new SQLException("the order store is shutting down"));
        }
    }

    /** Applies {@code work} in the next group transaction and returns once that has committed. */
    <T> T submit(Work<T> work) throws SQLException {
        return await(submitAsync(work));
    }

    /** Queues {@code work}; the future completes once its group transaction has committed. */
    <T> CompletableFuture<T> submitAsync(Work<T> work) {
        return submitAsync(null, work);
    }

    /** As {@link #submitAsync(Work)}, for work on the rows of one order, named by {@code key}. */
    <T> CompletableFuture<T> submitAsync(String key, Work<T> work) {
        Pending<T> pending = new Pending<>(key, work, new CompletableFuture<>(), 1);
        queue.add(pending);
        return pending.result();
    }

    static <T> T await(CompletableFuture<T> result) throws SQLException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the order writer", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SQLException(cause);
        }
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            batch.sort(LOCK_ORDER);
            try {
                write(batch);
            } catch (Throwable e) { // an Error must not kill the writer and leave every caller waiting
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    private void write(List<Pending<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                changeSeq = nextChangeSeq(c);
                for (Pending<?> p : batch) {
                    Savepoint savepoint = c.setSavepoint();
                    try {
                        results.add(p.work().apply(c));
                        c.releaseSavepoint(savepoint);
                    } catch (SQLException | RuntimeException e) {
                        c.rollback(savepoint);
                        boolean lostARace = e instanceof SQLException sql && TRANSIENT.contains(sql.getSQLState())
                                && p.attempt() < MAX_ATTEMPTS;
                        results.add(lostARace ? RETRY : new Failure(e));
                    }
                }
                c.commit();
                if (syncEachGroup) {
                    try (java.sql.Statement sync = c.createStatement()) {
                        sync.execute("CHECKPOINT SYNC");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (results.get(i) == RETRY) {
                retry(batch.get(i));
            } else {
                complete(batch.get(i), results.get(i));
            }
        }
    }

    private <T> void retry(Pending<T> pending) {
        queue.add(new Pending<>(pending.key(), pending.work(), pending.result(), pending.attempt() + 1));
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result) {
        if (result instanceof Failure failure) {
            pending.result().completeExceptionally(failure.cause());
        } else {
            pending.result().complete((T) result);
        }
    }

    private record Failure(Throwable cause) {
    }
}
