package org.orderhub.order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.orderhub.api.Json;
import org.orderhub.security.Pii;

/** Orders a partner sent that the hub refused: kept with the reason and a masked body, listed for operators. */
public final class RejectedOrders implements org.orderhub.api.RefusalLog {

    /** Fields whose text is not personal and stays readable in the stored body. */
    private static final Set<String> READABLE = Set.of("id", "order_id", "order_number", "sku", "code", "plu",
            "status", "state", "currency", "store_code", "site_id", "location_id", "type", "created", "modified",
            "created_at", "updated_at");

    private final DataSource dataSource;
    private final Clock clock;

    public RejectedOrders(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public void record(String source, String orderId, String reason, JsonNode body) throws SQLException {
        String masked = body == null ? null : mask(body.deepCopy()).toString();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO rejected_orders (source, order_id, reason, body, "
                     + "received_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, source);
            ps.setString(2, orderId == null ? null : truncate(orderId, 128));
            ps.setString(3, truncate(reason, 1000));
            ps.setString(4, masked == null ? null : truncate(masked, 20000));
            ps.setObject(5, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    /** The newest rejections, of one source or of all (source null). */
    /** One row as the admin API shows it; the row as camel-jdbc reads it (column labels as in the SQL). */
    static ObjectNode render(java.util.Map<String, Object> row) throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("id", ((Number) row.get("id")).longValue());
        r.put("source", (String) row.get("source"));
        r.put("order_id", (String) row.get("order_id"));
        r.put("reason", (String) row.get("reason"));
        Object received = row.get("received_at");
        r.put("received_at", received instanceof java.sql.Timestamp t ? Times.format(t.toInstant().atOffset(java.time.ZoneOffset.UTC))
                : Times.format((OffsetDateTime) received));
        Object body = row.get("body");
        if (body != null) {
            r.set("body", Json.MAPPER.readTree(body.toString()));
        }
        return r;
    }

    /**
     * Masks every text value except identifiers, statuses and times, and every number that may be a
     * phone number: one under a phone-like name, or a whole number of seven digits or more.
     */
    static JsonNode mask(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && !READABLE.contains(e.getKey())) {
                    e.setValue(TextNode.valueOf(Pii.text(e.getValue().asText())));
                } else if (e.getValue().isNumber() && maybePhone(e.getKey(), e.getValue())) {
                    e.setValue(TextNode.valueOf(Pii.phone(e.getValue().asText())));
                } else {
                    mask(e.getValue());
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = node.get(i);
                if (v.isTextual()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, TextNode.valueOf(Pii.text(v.asText())));
                } else if (v.isNumber() && maybePhone("", v)) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, TextNode.valueOf(Pii.phone(v.asText())));
                } else {
                    mask(v);
                }
            }
        }
        return node;
    }

    private static boolean maybePhone(String name, JsonNode number) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.contains("phone") || n.contains("mobile") || n.contains("tel") || n.contains("msisdn") || n.contains("fax")) {
            return true;
        }
        if (READABLE.contains(name) || n.endsWith("_at") || n.contains("time") || n.contains("date")) {
            return false;
        }
        return number.isIntegralNumber() && number.bigIntegerValue().abs().toString().length() >= 7;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
