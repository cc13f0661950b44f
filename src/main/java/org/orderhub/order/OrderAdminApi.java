package org.orderhub.order;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.orderhub.api.ApiException;
import org.orderhub.api.HttpExchanges;
import org.orderhub.api.JsonFields;

/** {@code /admin/orders/{id}}: operators read an order with its history and move it along (SPEC 4.6). */
public final class OrderAdminApi {

    private static final Set<String> STATUS_FIELDS = Set.of("status", "detail");

    private final OrderStore orders;

    public OrderAdminApi(OrderStore orders) {
        this.orders = orders;
    }

    /** GET /admin/rejected-orders[?source=partner]: the partner filter, checked before the query binds it. */
    public void rejectedFilter(Exchange exchange) {
        String source = exchange.getMessage().getHeader("source", String.class);
        if (source != null && (source.isBlank() || source.length() > 64)) {
            throw new ApiException(400, "source must be a partner key of 1 to 64 characters");
        }
    }

    /** The rows the query step read (newest first), answered with their reasons and masked bodies. */
    public void rejectedRows(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        java.util.List<Map<String, Object>> rows = exchange.getMessage().getBody(java.util.List.class);
        java.util.List<ObjectNode> out = new java.util.ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            out.add(RejectedOrders.render(row));
        }
        HttpExchanges.reply(exchange, 200, out);
    }

    /** GET an order as its canonical document, with its status events. */
    public void order(Exchange exchange) throws Exception {
        if (!"GET".equals(HttpExchanges.method(exchange))) {
            throw new ApiException(405, "Use GET on /admin/orders/{id}", Map.of("Allow", "GET"));
        }
        long id = orderId(exchange);
        ObjectNode order = orders.get(id).orElseThrow(() -> unknown(id));
        order.set("events", org.orderhub.api.Json.MAPPER.valueToTree(orders.events(id)));
        HttpExchanges.reply(exchange, 200, order);
    }

    /** POST {"status": "ready", "detail": "..."}: appends a status event and updates the order. */
    public void status(Exchange exchange) throws Exception {
        if (!"POST".equals(HttpExchanges.method(exchange))) {
            throw new ApiException(405, "Use POST on /admin/orders/{id}/status", Map.of("Allow", "POST"));
        }
        long id = orderId(exchange);
        JsonFields f = new JsonFields(HttpExchanges.jsonBody(exchange), STATUS_FIELDS);
        String statusName = f.text("status", 40, true);
        String detail = f.text("detail", 1000, false);
        OrderStatus status = null;
        if (statusName != null) {
            try {
                status = OrderStatus.parse(statusName);
            } catch (IllegalArgumentException e) {
                f.problem(e.getMessage());
            }
        }
        f.check();
        if (!orders.changeStatus(id, status, "admin", detail)) {
            throw unknown(id);
        }
        HttpExchanges.reply(exchange, 200, Map.of("id", Long.toString(id), "status", status.wireName()));
    }

    private static long orderId(Exchange exchange) {
        String raw = HttpExchanges.pathParam(exchange, "id");
        if (!raw.matches("[1-9][0-9]{0,17}")) {
            throw new ApiException(404, "Unknown order " + raw.replaceAll("\\p{Cntrl}", "?"));
        }
        return Long.parseLong(raw);
    }

    private static ApiException unknown(long id) {
        return new ApiException(404, "Unknown order " + id);
    }
}
