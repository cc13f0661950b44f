package org.orderhub.order;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A canonical order document (SPEC 3) checked and split into what the store keeps in columns and
 * what it keeps as JSON text ({@code details}, null when nothing is left). Collects every problem instead of stopping at the first.
 */
record CanonicalOrder(String orderId, String refId, String siteId, OrderStatus status, String statusDetail,
                      String pickupType, String deliveryBy, String origin,
                      String customerName, String customerEmail, String customerPhone,
                      Long total, Long tax, String currency, String trackingNumber,
                      OffsetDateTime createdAt, OffsetDateTime updatedAt,
                      List<Item> items, String details) {

    static final Set<String> PICKUP_TYPES = Set.of("pickup", "curbside", "delivery", "dine_in", "shipping");
    static final Set<String> DELIVERY_BY = Set.of("merchant", "partner");
    static final int MAX_ITEM_DEPTH = 10;
    static final int MAX_ITEM_LINES = 1000;

    /** Fields kept in columns or rows of their own; everything else goes to {@code details}. */
    static final Set<String> COLUMN_FIELDS = Set.of("id", "source", "order_id", "ref_id", "site_id", "status",
            "status_detail", "pickup_type", "delivery_by", "origin", "customer", "total", "tax", "currency",
            "tracking_number", "created_at", "updated_at", "items");

    /** One item or modifier line; {@code parentLine} is null for top-level items. */
    record Item(int lineNo, Integer parentLine, String sku, String name, String description, int quantity,
                Long price, String imageUrl) {
    }

    static CanonicalOrder from(ObjectNode doc, Instant now) {
        Fields f = new Fields(doc);
        String orderId = f.text("order_id", 128, true);
        String refId = f.text("ref_id", 128, false);
        String siteId = f.text("site_id", 64, true);
        OrderStatus status = f.status();
        String statusDetail = f.text("status_detail", 1000, false);
        String pickupType = f.oneOf("pickup_type", PICKUP_TYPES);
        String deliveryBy = f.oneOf("delivery_by", DELIVERY_BY);
        String origin = f.text("origin", 100, false);
        Fields customer = f.object("customer");
        String name = customer.text("name", 200, false);
        String email = customer.text("email", 320, false);
        String phone = customer.text("phone", 64, false);
        Long total = f.minorUnits("total");
        Long tax = f.minorUnits("tax");
        String currency = f.currency();
        String tracking = f.text("tracking_number", 128, false);
        OffsetDateTime createdAt = f.time("created_at", now);
        OffsetDateTime updatedAt = f.time("updated_at", createdAt == null ? null : createdAt.toInstant());
        List<Item> items = new ArrayList<>();
        f.items(doc.get("items"), "items", null, 1, items);

        if (!f.problems.isEmpty()) {
            throw new InvalidOrderException(f.problems);
        }
        ObjectNode details = doc.deepCopy();
        details.remove(COLUMN_FIELDS);
        // rendered here, on the caller's thread: the store's single writer thread only binds it
        return new CanonicalOrder(orderId, refId, siteId, status, statusDetail, pickupType, deliveryBy, origin,
                name, email, phone, total, tax, currency, tracking, createdAt, updatedAt, items,
                details.isEmpty() ? null : details.toString());
    }

    /** Reads typed fields of one JSON object, recording problems under their dotted path. */
    private static final class Fields {
        private final JsonNode node;
        private final String prefix;
        private final List<String> problems;

        Fields(JsonNode node) {
            this(node, "", new ArrayList<>());
        }

        private Fields(JsonNode node, String prefix, List<String> problems) {
            this.node = node;
            this.prefix = prefix;
            this.problems = problems;
        }

        private JsonNode get(String field) {
            JsonNode v = node == null ? null : node.get(field);
            return v == null || v.isNull() ? null : v;
        }

        Fields object(String field) {
            JsonNode v = get(field);
            if (v != null && !v.isObject()) {
                problems.add(prefix + field + " must be an object");
                v = null;
            }
            return new Fields(v, prefix + field + ".", problems);
        }

        String text(String field, int maxLength, boolean required) {
            JsonNode v = get(field);
            if (v == null || (v.isTextual() && v.asText().isBlank())) {
                if (required) {
                    problems.add(prefix + field + " is required");
                }
                return null;
            }
            if (!v.isTextual() && !v.isNumber()) {
                problems.add(prefix + field + " must be a string");
                return null;
            }
            String s = v.isNumber() ? v.numberValue().toString() : v.asText().trim();
            if (s.length() > maxLength) {
                problems.add(prefix + field + " is longer than " + maxLength + " characters");
                return null;
            }
            if (org.orderhub.api.Json.hasControlCharacters(s)) {
                problems.add(prefix + field + " must not contain control characters");
                return null;
            }
            return s;
        }

        String oneOf(String field, Set<String> allowed) {
            String s = text(field, 40, false);
            if (s != null && !allowed.contains(s)) {
                problems.add(prefix + field + " must be one of " + String.join(", ", allowed.stream().sorted().toList()));
                return null;
            }
            return s;
        }

        OrderStatus status() {
            String s = text("status", 40, false);
            if (s == null) {
                return OrderStatus.CREATED;
            }
            try {
                return OrderStatus.parse(s);
            } catch (IllegalArgumentException e) {
                problems.add(prefix + e.getMessage());
                return OrderStatus.CREATED;
            }
        }

        Long minorUnits(String field) {
            return integer(field, "an integer amount in minor units");
        }

        Long integer(String field, String what) {
            JsonNode v = get(field);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                problems.add(prefix + field + " must be " + what);
                return null;
            }
            return v.longValue();
        }

        String currency() {
            String s = text("currency", 3, false);
            if (s != null && !s.matches("[A-Z]{3}")) {
                problems.add(prefix + "currency must be a three-letter ISO 4217 code");
                return null;
            }
            return s;
        }

        OffsetDateTime time(String field, Instant fallback) {
            String s = text(field, 64, false);
            if (s == null) {
                return fallback == null ? null : fallback.atOffset(ZoneOffset.UTC);
            }
            try {
                return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                problems.add(prefix + field + " must be an ISO-8601 time with offset, like 2024-10-10T14:21:00Z");
                return null;
            }
        }

        void items(JsonNode array, String path, Integer parentLine, int depth, List<Item> out) {
            if (array == null || array.isNull()) {
                return;
            }
            if (!array.isArray()) {
                problems.add(path + " must be an array");
                return;
            }
            if (depth > MAX_ITEM_DEPTH) {
                problems.add(path + " nests modifiers deeper than " + MAX_ITEM_DEPTH + " levels");
                return;
            }
            for (int i = 0; i < array.size(); i++) {
                if (out.size() >= MAX_ITEM_LINES) {
                    problems.add("an order has at most " + MAX_ITEM_LINES + " item lines");
                    return;
                }
                String itemPath = path + "[" + i + "]";
                JsonNode item = array.get(i);
                if (!item.isObject()) {
                    problems.add(itemPath + " must be an object");
                    continue;
                }
                Fields f = new Fields(item, itemPath + ".", problems);
                Long quantity = f.integer("quantity", "a whole number");
                if (quantity != null && (quantity < 0 || quantity > 1_000_000)) {
                    problems.add(itemPath + ".quantity must be between 0 and 1000000");
                }
                int lineNo = out.size() + 1;
                out.add(new Item(lineNo, parentLine, f.text("sku", 128, false), f.text("name", 500, false),
                        f.text("description", 2000, false), quantity == null ? 1 : quantity.intValue(),
                        f.minorUnits("price"), f.text("image_url", 2000, false)));
                f.items(item.get("children"), itemPath + ".children", lineNo, depth + 1, out);
            }
        }
    }
}
