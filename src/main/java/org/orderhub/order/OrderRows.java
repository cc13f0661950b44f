package org.orderhub.order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.Json;

/** Stored rows as canonical order documents: the columns an order read selects, its items as a tree. */
final class OrderRows {

    static final String ORDER_COLUMNS = "id, source, order_id, ref_id, site_id, status, pickup_type, "
            + "delivery_by, origin, customer_name, customer_email, customer_phone, total, tax, currency, "
            + "tracking_number, details, created_at, updated_at";

    private OrderRows() {
    }

    static ObjectNode document(ResultSet rs) throws SQLException {
        ObjectNode doc;
        String details = rs.getString("details");
        try {
            doc = details == null ? Json.MAPPER.createObjectNode() : (ObjectNode) Json.MAPPER.readTree(details);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored order details are not JSON", e);
        }
        doc.put("id", rs.getLong("id"));
        doc.put("source", rs.getString("source"));
        doc.put("order_id", rs.getString("order_id"));
        putText(doc, "ref_id", rs.getString("ref_id"));
        doc.put("site_id", rs.getString("site_id"));
        doc.put("status", rs.getString("status"));
        putText(doc, "pickup_type", rs.getString("pickup_type"));
        putText(doc, "delivery_by", rs.getString("delivery_by"));
        putText(doc, "origin", rs.getString("origin"));
        ObjectNode customer = doc.putObject("customer");
        putText(customer, "name", rs.getString("customer_name"));
        putText(customer, "email", rs.getString("customer_email"));
        putText(customer, "phone", rs.getString("customer_phone"));
        putLong(doc, "total", rs, "total");
        putLong(doc, "tax", rs, "tax");
        putText(doc, "currency", rs.getString("currency"));
        putText(doc, "tracking_number", rs.getString("tracking_number"));
        doc.put("created_at", Times.format(rs.getObject("created_at", OffsetDateTime.class)));
        doc.put("updated_at", Times.format(rs.getObject("updated_at", OffsetDateTime.class)));
        doc.putArray("items");
        return doc;
    }

    static void attachItems(Connection c, Map<Long, ObjectNode> orders) throws SQLException {
        if (orders.isEmpty()) {
            return;
        }
        String placeholders = String.join(", ", Collections.nCopies(orders.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT order_pk, line_no, parent_line, sku, name, "
                + "description, quantity, price, image_url FROM order_items WHERE order_pk IN (" + placeholders
                + ") ORDER BY order_pk, line_no")) {
            int i = 1;
            for (Long id : orders.keySet()) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                long currentOrder = -1;
                Map<Integer, ObjectNode> lines = new HashMap<>();
                while (rs.next()) {
                    long orderPk = rs.getLong(1);
                    if (orderPk != currentOrder) {
                        currentOrder = orderPk;
                        lines.clear();
                    }
                    ObjectNode item = Json.MAPPER.createObjectNode();
                    putText(item, "sku", rs.getString(4));
                    putText(item, "name", rs.getString(5));
                    putText(item, "description", rs.getString(6));
                    item.put("quantity", rs.getInt(7));
                    putLong(item, "price", rs, "price");
                    putText(item, "image_url", rs.getString(9));
                    lines.put(rs.getInt(2), item);
                    int parent = rs.getInt(3);
                    ObjectNode parentItem = rs.wasNull() ? null : lines.get(parent);
                    if (parentItem == null) {
                        ((ArrayNode) orders.get(orderPk).get("items")).add(item);
                    } else {
                        parentItem.withArray("children").add(item);
                    }
                }
            }
        }
    }

    static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putLong(ObjectNode node, String field, ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        if (!rs.wasNull()) {
            node.put(field, v);
        }
    }
}
