package org.orderhub.order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.Json;

/**
 * Reads of stored orders: by partner id, by the tracking filters (SPEC 4.2), the export's pages of
 * changed orders, an order's status history. Each statement is fixed SQL with bound values.
 */
public final class OrderReads {

    private final DataSource dataSource;

    public OrderReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The hub id of a partner's order, if stored. */
    public Optional<Long> idOf(String source, String orderId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return idOf(c, source, orderId);
        }
    }

    /** As {@link #idOf(String, String)}, on {@code c} (inside a write's transaction). */
    static Optional<Long> idOf(Connection c, String source, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE source = ? AND order_id = ?")) {
            ps.setString(1, source);
            ps.setString(2, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** One order as a canonical document with its hub {@code id}, or empty. */
    public Optional<ObjectNode> get(long id) throws SQLException {
        List<ObjectNode> found = find(new OrderQuery(id, null, null, null), 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Orders matching every given filter, newest first, at most {@code limit}. */
    public List<ObjectNode> find(OrderQuery query, int limit) throws SQLException {
        if (query.isEmpty()) {
            throw new IllegalArgumentException("a lookup needs at least one filter");
        }
        try (Connection c = dataSource.getConnection()) {
            return find(c, query, limit);
        }
    }

    static List<ObjectNode> find(Connection c, OrderQuery query, int limit) throws SQLException {
        String sql = lookupSql(query);
        List<Object> args = lookupArgs(query, limit);
        Map<Long, ObjectNode> orders = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orders.put(rs.getLong("id"), OrderRows.document(rs));
                }
            }
        }
        OrderRows.attachItems(c, orders);
        return new ArrayList<>(orders.values());
    }

    /**
     * A page of orders the hub changed after {@code since} (exclusive), in commit order; only one site's
     * orders when {@code site} is given (null for all).
     */
    public ChangedOrders changedSince(ChangedOrders.Mark since, int limit, String site) throws SQLException {
        String sql = "SELECT " + OrderRows.ORDER_COLUMNS + ", change_seq FROM orders WHERE 1 = 1"
                + (since == null ? "" : " AND (change_seq > ? OR (change_seq = ? AND id > ?))")
                + (site == null ? "" : " AND site_id = ?")
                + " ORDER BY change_seq, id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (since != null) {
                ps.setLong(i++, since.seq());
                ps.setLong(i++, since.seq());
                ps.setLong(i++, since.id());
            }
            if (site != null) {
                ps.setString(i++, site);
            }
            ps.setInt(i, limit);
            Map<Long, ObjectNode> orders = new LinkedHashMap<>();
            ChangedOrders.Mark last = since;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orders.put(rs.getLong("id"), OrderRows.document(rs));
                    last = new ChangedOrders.Mark(rs.getLong("change_seq"), rs.getLong("id"));
                }
            }
            OrderRows.attachItems(c, orders);
            return new ChangedOrders(new ArrayList<>(orders.values()), last);
        }
    }

    /** The lookup's SQL: fixed fragments only, one per given filter; values are bound, never spliced. */
    static String lookupSql(OrderQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(OrderRows.ORDER_COLUMNS).append(" FROM orders WHERE 1 = 1");
        if (query.id() != null) {
            sql.append(" AND id = ?");
        }
        if (query.emailKey() != null) {
            sql.append(" AND email_key = ?");
        }
        if (query.phoneKey() != null) {
            sql.append(" AND phone_key = ?");
        }
        if (query.ref() != null) {
            // two indexed look-ups rather than an OR that would read the whole table
            sql.append(" AND id IN (SELECT id FROM orders WHERE order_id = ? UNION SELECT id FROM orders WHERE ref_id = ?)");
        }
        return sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?").toString();
    }

    static List<Object> lookupArgs(OrderQuery query, int limit) {
        List<Object> args = new ArrayList<>();
        if (query.id() != null) {
            args.add(query.id());
        }
        if (query.emailKey() != null) {
            args.add(query.emailKey());
        }
        if (query.phoneKey() != null) {
            args.add(query.phoneKey());
        }
        if (query.ref() != null) {
            args.add(query.ref());
            args.add(query.ref());
        }
        args.add(limit);
        return args;
    }

    /** The status history of an order, oldest first. */
    public List<ObjectNode> events(long id) throws SQLException {
        List<ObjectNode> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT event_time, status, source, detail FROM order_events "
                     + "WHERE order_pk = ? ORDER BY id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode e = Json.MAPPER.createObjectNode();
                    e.put("time", Times.format(rs.getObject(1, OffsetDateTime.class)));
                    e.put("status", rs.getString(2));
                    e.put("source", rs.getString(3));
                    OrderRows.putText(e, "detail", rs.getString(4));
                    events.add(e);
                }
            }
        }
        return events;
    }
}
