package org.orderhub.tracking;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.Json;
import org.orderhub.order.Money;
import org.orderhub.order.OrderStatus;

/** A canonical order as seed 002's order object: string id, coarse status, money in major units. */
public final class TrackingView {

    private static final List<String> ADDRESS_FIELDS = List.of("line1", "city", "postal_code", "country");

    private TrackingView() {
    }

    public static ArrayNode render(List<ObjectNode> orders) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        orders.forEach(o -> out.add(render(o)));
        return out;
    }

    public static ObjectNode render(ObjectNode order) {
        ObjectNode v = Json.MAPPER.createObjectNode();
        String currency = text(order, "currency");
        OrderStatus status = OrderStatus.parse(text(order, "status"));
        v.put("id", order.get("id").asText());
        v.put("status", status.trackingStatus());
        v.put("fulfillment_status", status.wireName());
        copyText(order, v, "created_at");
        copyText(order, v, "updated_at");
        ObjectNode customer = v.putObject("customer");
        JsonNode c = order.path("customer");
        copyText(c, customer, "email");
        copyText(c, customer, "phone");
        copyText(c, customer, "name");
        ObjectNode address = address(order);
        if (address != null) {
            v.set("shipping_address", address);
        }
        v.set("items", items(order.path("items"), currency));
        if (order.hasNonNull("total")) {
            v.put("total", Money.toMajor(order.get("total").asLong(), currency));
        }
        if (currency != null) {
            v.put("currency", currency);
        }
        copyText(order, v, "tracking_number");
        String externalRef = text(order, "ref_id");
        v.put("external_ref_id", externalRef != null ? externalRef : text(order, "order_id"));
        copyText(order, v, "source");
        copyText(order, v, "site_id");
        copyText(order, v, "pickup_type");
        if (order.path("pickup_window").isObject()) {
            v.set("pickup_window", order.get("pickup_window"));
        }
        return v;
    }

    /** The shipping address, or failing that the delivery address, when it has a first line. */
    private static ObjectNode address(ObjectNode order) {
        for (String field : List.of("shipping_address", "delivery")) {
            JsonNode a = order.path(field);
            if (a.hasNonNull("line1")) {
                ObjectNode out = Json.MAPPER.createObjectNode();
                ADDRESS_FIELDS.forEach(f -> copyText(a, out, f));
                return out;
            }
        }
        return null;
    }

    /** Items and their modifiers ({@code children}), money in major units: also the items of order events. */
    public static ArrayNode items(JsonNode items, String currency) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode item : items) {
            ObjectNode i = out.addObject();
            copyText(item, i, "sku");
            copyText(item, i, "name");
            i.put("quantity", item.path("quantity").asInt(1));
            if (item.hasNonNull("price")) {
                i.put("price", Money.toMajor(item.get("price").asLong(), currency));
            }
            copyText(item, i, "image_url");
            if (item.path("children").size() > 0) {
                i.set("children", items(item.get("children"), currency));
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void copyText(JsonNode from, ObjectNode to, String field) {
        String v = text(from, field);
        if (v != null) {
            to.put(field, v);
        }
    }
}
