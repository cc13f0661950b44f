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
 * Only the admin API reads them; nothing of them is logged.
 */
public final class ParkedDeliveries {

    /** One parked delivery. */
    public record Parked(long id, String partner, String deliveryKey, String reason, String mapping,
                         Map<String, String> headers, byte[] body, OffsetDateTime receivedAt, int attempts, String state,
                         String result) {
    }

    private static final String COLUMNS = "id, partner, delivery_key, reason, mapping, headers, body, received_at, "
            + "attempts, state, result";

    private final DataSource dataSource;
    private final Clock clock;
    private final int maxPerPartner;

    public ParkedDeliveries(DataSource dataSource, Clock clock, int maxPerPartner) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxPerPartner = maxPerPartner;
    }

    /**
     * Parks a delivery (or counts another attempt of one parked before). False when the partner already has
     * {@code maxPerPartner} parked: the delivery is then refused with 503 without being kept.
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
            if (count(c, partner) >= maxPerPartner) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO parked_deliveries (partner, delivery_key, reason, "
                    + "mapping, headers, body, received_at, attempts, state) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'parked')")) {
                ps.setString(1, partner);
                ps.setString(2, deliveryKey);
                ps.setString(3, truncate(reason));
                ps.setString(4, mapping);
                ps.setString(5, Json.MAPPER.writeValueAsString(headers));
                ps.setBytes(6, body);
                ps.setObject(7, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
                ps.executeUpdate();
                return true;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static int count(Connection c, String partner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM parked_deliveries WHERE partner = ? AND state = 'parked'")) {
            ps.setString(1, partner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The partner's deliveries, parked ones first by age, then replayed ones; at most {@code limit}. */
    public List<Parked> list(String partner, boolean parkedOnly, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM parked_deliveries WHERE partner = ?"
                + (parkedOnly ? " AND state = 'parked'" : "") + " ORDER BY id";
        List<Parked> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, partner);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Parked(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            headers(rs.getString(6)), rs.getBytes(7), rs.getObject(8, OffsetDateTime.class), rs.getInt(9),
                            rs.getString(10), rs.getString(11)));
                }
            }
        }
        return rows;
    }

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
