package org.orderhub.partner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.orderhub.api.Json;

/**
 * Deliveries parked because of the hub's own configuration, as received (body and signature headers), one
 * row per partner and delivery: the partner's retries of it while the problem lasts count as attempts.
 * Each partner's lot is capped in rows and in bytes; listings never read bodies, a replay reads one at a
 * time. Only the admin API reads them; nothing of them is logged.
 */
public final class ParkedDeliveries {

    /** One parked delivery, without its body ({@link #body} reads that). */
    public record Parked(long id, String partner, String deliveryKey, String reason, String mapping,
                         Map<String, String> headers, long bytes, OffsetDateTime receivedAt, int attempts, String state,
                         String result) {
    }

    /** How much one partner may have parked at once. */
    public record Budget(int rows, long bytes) {
    }

    private static final String COLUMNS = "id, partner, delivery_key, reason, mapping, headers, body_bytes, received_at, "
            + "attempts, state, result";

    private final DataSource dataSource;
    private final Clock clock;
    private final Budget budget;

    public ParkedDeliveries(DataSource dataSource, Clock clock, Budget budget) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.budget = budget;
    }

    /** The key a delivery is parked under: its Standard Webhooks id, or the hash of its bytes. */
    public static String key(String webhookId, byte[] raw) {
        return webhookId != null ? "id:" + webhookId : "sha256:" + MappedOrders.sha256(raw);
    }

    /**
     * Parks a delivery (or counts another attempt of one parked before). False when the partner's lot is full
     * (rows or bytes): the delivery is then refused with 503 without being kept.
     */
    public boolean park(String partner, String deliveryKey, String reason, String mapping, Map<String, String> headers,
                        byte[] body) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE parked_deliveries SET reason = ?, attempts = attempts + 1, "
                    + "state = 'parked' WHERE partner = ? AND delivery_key = ?")) {
                ps.setString(1, truncate(reason));
                ps.setString(2, partner);
                ps.setString(3, deliveryKey);
                if (ps.executeUpdate() > 0) {
                    return true;
                }
            }
            if (full(c, partner, body.length)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO parked_deliveries (partner, delivery_key, reason, "
                    + "mapping, headers, body, received_at, attempts, state, body_bytes) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'parked', ?)")) {
                ps.setString(1, partner);
                ps.setString(2, deliveryKey);
                ps.setString(3, truncate(reason));
                ps.setString(4, mapping);
                ps.setString(5, Json.MAPPER.writeValueAsString(headers));
                ps.setBytes(6, body);
                ps.setObject(7, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
                ps.setLong(8, body.length);
                ps.executeUpdate();
                seen = null;
                return true;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean full(Connection c, String partner, long adding) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(body_bytes), 0) "
                + "FROM parked_deliveries WHERE partner = ? AND state = 'parked'")) {
            ps.setString(1, partner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) >= budget.rows() || rs.getLong(2) + adding > budget.bytes();
            }
        }
    }

    /**
     * The partner's deliveries in id order after {@code afterId}, parked ones only or all; at most {@code limit};
     * no bodies.
     */
    public List<Parked> list(String partner, boolean parkedOnly, long afterId, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM parked_deliveries WHERE partner = ? AND id > ?"
                + (parkedOnly ? " AND state = 'parked'" : "") + " ORDER BY id";
        List<Parked> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, partner);
            ps.setLong(2, afterId);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Parked(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            headers(rs.getString(6)), rs.getLong(7), rs.getObject(8, OffsetDateTime.class), rs.getInt(9),
                            rs.getString(10), rs.getString(11)));
                }
            }
        }
        return rows;
    }

    /** One parked delivery's body as received; null if it is gone (discarded meanwhile). */
    public byte[] body(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT body FROM parked_deliveries WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** Discards the partner's delivery {@code id}, or all of its deliveries when {@code id} is null; how many. */
    public int discard(String partner, Long id) throws SQLException {
        String sql = "DELETE FROM parked_deliveries WHERE partner = ?" + (id == null ? "" : " AND id = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, partner);
            if (id != null) {
                ps.setLong(2, id);
            }
            return ps.executeUpdate();
        }
    }

    /**
     * The partner sent a parked delivery again and it was stored live: its parked copy is done (state
     * {@code stored}), so no replay stores it a second time and it leaves the partner's budget.
     */
    public void storedLive(String partner, String deliveryKey, String result) throws SQLException {
        if (!mayHaveParked(partner)) {
            return; // the common case costs no statement
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE parked_deliveries SET state = 'stored', result = ?, replayed_at = ? "
                        + "WHERE partner = ? AND delivery_key = ? AND state = 'parked'")) {
            ps.setString(1, result);
            ps.setObject(2, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            ps.setString(3, partner);
            ps.setString(4, deliveryKey);
            ps.executeUpdate();
        }
    }

    /**
     * Whether the partner had parked deliveries a moment ago (read again at most every {@link #FRESH_NANOS}, so
     * a row parked by another node is seen within that; one missed only makes its replay answer duplicate).
     */
    private boolean mayHaveParked(String partner) throws SQLException {
        Seen seen = this.seen;
        long now = System.nanoTime();
        if (seen == null || now - seen.at() > FRESH_NANOS) {
            seen = new Seen(now, partners().keySet());
            this.seen = seen;
        }
        return seen.partners().contains(partner);
    }

    private record Seen(long at, java.util.Set<String> partners) {
    }

    private static final long FRESH_NANOS = 2_000_000_000L;
    private volatile Seen seen;

    /** Every partner with parked deliveries, and how many. */
    public Map<String, Long> partners() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT partner, COUNT(*) FROM parked_deliveries WHERE state = 'parked' GROUP BY partner ORDER BY partner");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** The replay stored it (result: created, updated, duplicate, stale). */
    public void replayed(long id, String result) throws SQLException {
        update(id, "UPDATE parked_deliveries SET state = 'replayed', result = ?, replayed_at = ? WHERE id = ?", result);
    }

    /** The replay failed too: still parked, with the new reason. */
    public void stillParked(long id, String reason) throws SQLException {
        update(id, "UPDATE parked_deliveries SET reason = ?, attempts = attempts + 1, replayed_at = ? WHERE id = ?",
                truncate(reason));
    }

    private void update(long id, String sql, String text) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, text);
            ps.setObject(2, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    private static Map<String, String> headers(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String truncate(String text) {
        return text == null ? "" : text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
