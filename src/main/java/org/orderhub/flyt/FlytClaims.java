package org.orderhub.flyt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import org.orderhub.storage.Transactions;

/**
 * Which node is placing a Flyt order right now, in the shared database, so a retry that the load
 * balancer sends to another node does not forward the order to the terminal a second time. Only for
 * sites with a terminal (two statements per order) and only on a shared database: on the embedded H2
 * file this JVM is the only node and its own map suffices.
 */
public final class FlytClaims {

    private final DataSource dataSource;
    private final Clock clock;
    private final String node = UUID.randomUUID().toString();

    public FlytClaims(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** True when this node may place the order: nobody holds it, or the holder's claim has lapsed. */
    public boolean claim(String orderId, long forMillis) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime until = now.plusNanos(forMillis * 1_000_000);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO flyt_in_flight (order_id, node, claimed_until) VALUES (?, ?, ?)")) {
                insert.setString(1, orderId);
                insert.setString(2, node);
                insert.setObject(3, until);
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
            }
            try (PreparedStatement takeOver = c.prepareStatement("UPDATE flyt_in_flight SET node = ?, claimed_until = ? "
                    + "WHERE order_id = ? AND claimed_until < ?")) {
                takeOver.setString(1, node);
                takeOver.setObject(2, until);
                takeOver.setString(3, orderId);
                takeOver.setObject(4, now);
                return takeOver.executeUpdate() == 1;
            }
        }
    }

    /** Ends this node's claim (the order is stored, refused, or abandoned). */
    public void release(String orderId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM flyt_in_flight WHERE order_id = ? AND node = ?")) {
            delete.setString(1, orderId);
            delete.setString(2, node);
            delete.executeUpdate();
        }
    }
}
