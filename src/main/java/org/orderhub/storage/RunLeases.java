package org.orderhub.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * One run at a time of a poller or an export, across every node sharing the database: a run takes the lease
 * of its name (a holder unique to the run, an expiry), renews it before each page, and moves its watermark
 * only in a transaction that finds the lease still its own — so a run that lost its lease (it stalled past
 * the expiry and another run took over) can store what it fetched, which is idempotent, but never moves the
 * watermark back or past the other run's.
 */
public final class RunLeases {

    /** Thrown when a run finds its lease taken by another run: it stops, its watermark unmoved. */
    public static final class Lost extends RuntimeException {
        public Lost(String run) {
            super("run " + run + " lost its lease to another run", null, false, false);
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration ttl;
    private final String node;

    /** {@code node}: this node's {@link NodeId}, the prefix of every holder it writes. */
    public RunLeases(DataSource dataSource, Clock clock, Duration ttl, String node) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ttl = ttl;
        this.node = node;
    }

    /**
     * At start: frees the leases this node's previous life held (it was killed in a run), so its next run
     * starts at once instead of after the lease time; {@code alone} (the embedded database, which one JVM
     * owns) frees every lease.
     */
    public int freeFormerLife(boolean alone) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(alone
                ? "DELETE FROM run_leases" : "DELETE FROM run_leases WHERE SUBSTRING(holder, 1, ?) = ?")) {
            if (!alone) {
                ps.setInt(1, node.length() + 1);
                ps.setString(2, node + ":");
            }
            return ps.executeUpdate();
        }
    }

    /** A holder for one run; null when another run holds the lease (this one does not start). */
    public String acquire(String run) throws SQLException {
        String holder = node + ":" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE run_leases SET holder = ?, expires_at = ? "
                    + "WHERE run_name = ? AND expires_at < ?")) {
                ps.setString(1, holder);
                ps.setObject(2, now().plus(ttl));
                ps.setString(3, run);
                ps.setObject(4, now());
                if (ps.executeUpdate() == 1) {
                    return holder;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_leases (run_name, holder, expires_at) "
                    + "VALUES (?, ?, ?)")) {
                ps.setString(1, run);
                ps.setString(2, holder);
                ps.setObject(3, now().plus(ttl));
                ps.executeUpdate();
                return holder;
            } catch (SQLException taken) {
                if (Transactions.isUniqueViolation(taken)) {
                    return null; // another run holds it, or took it just now
                }
                throw taken;
            }
        }
    }

    /** Extends the run's lease; throws {@link Lost} when it is no longer the run's. */
    public void renew(String run, String holder) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE run_leases SET expires_at = ? WHERE run_name = ? AND holder = ?")) {
            ps.setObject(1, now().plus(ttl));
            ps.setString(2, run);
            ps.setString(3, holder);
            if (ps.executeUpdate() == 0) {
                throw new Lost(run);
            }
        }
    }

    /**
     * Moves the run's watermark {@code key} to {@code value} in one transaction with a check that the lease is
     * still the run's (locked until the commit); throws {@link Lost} and moves nothing otherwise.
     */
    public void moveWatermark(String run, String holder, HubState state, String key, String value) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Transactions.in(c, tx -> {
                try (PreparedStatement ps = tx.prepareStatement("SELECT holder FROM run_leases WHERE run_name = ? "
                        + "FOR UPDATE")) {
                    ps.setString(1, run);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || !holder.equals(rs.getString(1))) {
                            throw new Lost(run);
                        }
                    }
                }
                state.put(tx, key, value);
                return null;
            });
        }
    }

    /** Ends the run: the next one may start at once. */
    public void release(String run, String holder) throws SQLException {
        if (holder == null) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM run_leases WHERE run_name = ? AND holder = ?")) {
            ps.setString(1, run);
            ps.setString(2, holder);
            ps.executeUpdate();
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
