package org.orderhub.subscriber;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.Json;
import org.orderhub.order.Times;
import org.orderhub.storage.Transactions;

/**
 * The delivery side of the outbox: which events are due for a subscriber, claimed so that no two
 * dispatchers (threads or nodes) send one event at once, and what became of each attempt. Only the
 * oldest pending event of an order is ever due, so one order's events go out in order.
 */
public final class Deliveries {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String DEAD = "dead";

    /** An event due for sending, claimed by the caller. */
    record Due(long eventId, long orderPk, String type, OffsetDateTime createdAt, String data, int attempts) {
        String messageId() {
            return "evt_" + eventId;
        }

        /** The Standard Webhooks payload: id, type, timestamp, data. */
        String body() {
            return "{\"id\":\"" + messageId() + "\",\"type\":\"" + type + "\",\"timestamp\":\""
                    + Times.format(createdAt) + "\",\"data\":" + data + "}";
        }
    }

    /** What one attempt left behind: delivered, pending again at {@code nextAttempt}, or dead. */
    record Result(long eventId, String state, int attempts, Instant nextAttempt, String error) {
    }

    private static final String DUE_SQL = "SELECT d.event_id, d.order_pk, d.attempts, e.event_type, e.created_at, e.data "
            + "FROM outbox_deliveries d JOIN outbox_events e ON e.id = d.event_id "
            + "WHERE d.subscriber = ? AND d.state = 'pending' AND d.next_attempt_at <= ? "
            + "AND (d.claimed_until IS NULL OR d.claimed_until < ?) "
            + "AND NOT EXISTS (SELECT 1 FROM outbox_deliveries p WHERE p.subscriber = d.subscriber "
            + "AND p.order_pk = d.order_pk AND p.event_id < d.event_id AND p.state = 'pending') "
            + "ORDER BY d.event_id LIMIT ?";

    private final DataSource dataSource;

    public Deliveries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Claims up to {@code limit} due events (at most one per order) for {@code node} until {@code leaseUntil}. */
    List<Due> claim(String subscriber, String node, Instant now, Instant leaseUntil, int limit) throws SQLException {
        List<Due> candidates = new ArrayList<>();
        OffsetDateTime at = utc(now);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(DUE_SQL)) {
                ps.setString(1, subscriber);
                ps.setObject(2, at);
                ps.setObject(3, at);
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new Due(rs.getLong(1), rs.getLong(2), rs.getString(4),
                                rs.getObject(5, OffsetDateTime.class), rs.getString(6), rs.getInt(3)));
                    }
                }
            }
            if (candidates.isEmpty()) {
                return candidates;
            }
            return Transactions.in(c, tx -> {
                List<Due> claimed = new ArrayList<>(candidates.size());
                try (PreparedStatement ps = tx.prepareStatement("UPDATE outbox_deliveries SET claimed_by = ?, "
                        + "claimed_until = ? WHERE subscriber = ? AND event_id = ? AND state = 'pending' "
                        + "AND (claimed_until IS NULL OR claimed_until < ?)")) {
                    for (Due due : candidates) {
                        ps.setString(1, node);
                        ps.setObject(2, utc(leaseUntil));
                        ps.setString(3, subscriber);
                        ps.setLong(4, due.eventId());
                        ps.setObject(5, at);
                        if (ps.executeUpdate() == 1) {
                            claimed.add(due);
                        }
                    }
                }
                return claimed;
            });
        }
    }

    /** Records the attempts' results together, releasing their claims. */
    void finish(String subscriber, Instant attemptedAt, List<Result> results) throws SQLException {
        if (results.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            Transactions.in(c, tx -> {
                try (PreparedStatement ps = tx.prepareStatement("UPDATE outbox_deliveries SET state = ?, attempts = ?, "
                        + "next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL, last_attempt_at = ?, "
                        + "last_error = ?, finished_at = ? WHERE subscriber = ? AND event_id = ?")) {
                    for (Result r : results) {
                        ps.setString(1, r.state());
                        ps.setInt(2, r.attempts());
                        ps.setObject(3, utc(r.nextAttempt() == null ? attemptedAt : r.nextAttempt()));
                        ps.setObject(4, utc(attemptedAt));
                        ps.setString(5, r.error() == null ? null : truncate(r.error(), 1000));
                        ps.setObject(6, PENDING.equals(r.state()) ? null : utc(attemptedAt));
                        ps.setString(7, subscriber);
                        ps.setLong(8, r.eventId());
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            });
        }
    }

    /** Pending and dead-lettered events per subscriber. */
    public Map<String, long[]> backlog() throws SQLException {
        Map<String, long[]> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT subscriber, state, COUNT(*) FROM outbox_deliveries "
                     + "WHERE state IN ('pending', 'dead') GROUP BY subscriber, state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long[] pair = counts.computeIfAbsent(rs.getString(1), k -> new long[2]);
                pair[PENDING.equals(rs.getString(2)) ? 0 : 1] = rs.getLong(3);
            }
        }
        return counts;
    }

    /** A subscriber's dead letters, newest first. */
    public ArrayNode deadLetters(String subscriber, int limit) throws SQLException {
        ArrayNode out = Json.MAPPER.createArrayNode();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d.event_id, e.event_type, d.order_pk, d.attempts, "
                     + "e.created_at, d.last_attempt_at, d.last_error FROM outbox_deliveries d "
                     + "JOIN outbox_events e ON e.id = d.event_id WHERE d.subscriber = ? AND d.state = 'dead' "
                     + "ORDER BY d.event_id DESC LIMIT ?")) {
            ps.setString(1, subscriber);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode dead = out.addObject();
                    dead.put("event_id", "evt_" + rs.getLong(1));
                    dead.put("type", rs.getString(2));
                    dead.put("order", Long.toString(rs.getLong(3)));
                    dead.put("attempts", rs.getInt(4));
                    dead.put("created_at", Times.format(rs.getObject(5, OffsetDateTime.class)));
                    dead.put("last_attempt_at", Times.format(rs.getObject(6, OffsetDateTime.class)));
                    dead.put("last_error", rs.getString(7));
                }
            }
        }
        return out;
    }

    /** Puts dead letters back in line: one ({@code eventId}) or all of the subscriber's. Returns how many. */
    public int replay(String subscriber, Long eventId, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE outbox_deliveries SET state = 'pending', attempts = 0, "
                     + "next_attempt_at = ?, finished_at = NULL WHERE subscriber = ? AND state = 'dead'"
                     + (eventId == null ? "" : " AND event_id = ?"))) {
            ps.setObject(1, utc(now));
            ps.setString(2, subscriber);
            if (eventId != null) {
                ps.setLong(3, eventId);
            }
            return ps.executeUpdate();
        }
    }

    /** Deletes deliveries finished before {@code before}, then events nobody waits for any more. */
    int purge(Instant before) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            int purged;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox_deliveries WHERE state = 'delivered' "
                    + "AND finished_at < ?")) {
                ps.setObject(1, utc(before));
                purged = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox_events WHERE created_at < ? AND NOT EXISTS "
                    + "(SELECT 1 FROM outbox_deliveries d WHERE d.event_id = outbox_events.id)")) {
                ps.setObject(1, utc(before));
                ps.executeUpdate();
            }
            return purged;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
