package org.orderhub.subscriber;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.Json;
import org.orderhub.order.Money;
import org.orderhub.tracking.TrackingView;

/**
 * The {@code data} of an order event: what a curbside-pickup platform needs (seed 000) — ids, site,
 * customer name and phone, vehicle, pickup window, tags, status, pickup type, origin and items, with
 * money in major units as the tracking API writes it. docs/receivers.md documents every field.
 */
final class EventData {

    private static final List<String> TEXT_FIELDS = List.of("order_id", "ref_id", "source", "site_id", "status");
    private static final List<String> ORDER_DETAILS = List.of("pickup_type", "delivery_by", "origin");

    private EventData() {
    }

    static ObjectNode render(ObjectNode order, String previousStatus) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("id", order.get("id").asText());
        TEXT_FIELDS.forEach(f -> copy(order, d, f));
        if (previousStatus != null) {
            d.put("previous_status", previousStatus);
        }
        ORDER_DETAILS.forEach(f -> copy(order, d, f));
        ObjectNode customer = d.putObject("customer");
        copy(order.path("customer"), customer, "name");
        copy(order.path("customer"), customer, "phone");
        for (String f : List.of("vehicle", "pickup_window", "notes")) {
            if (order.path(f).isObject()) {
                d.set(f, order.get(f));
            }
        }
        d.set("tags", order.path("tags").isArray() ? order.get("tags") : Json.MAPPER.createArrayNode());
        String currency = order.path("currency").asText(null);
        d.set("items", TrackingView.items(order.path("items"), currency));
        if (order.hasNonNull("total")) {
            d.put("total", Money.toMajor(order.get("total").asLong(), currency));
        }
        copy(order, d, "currency");
        copy(order, d, "created_at");
        copy(order, d, "updated_at");
        return d;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) {
            to.put(field, v.asText());
        }
    }
}
