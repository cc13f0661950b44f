package org.orderhub.tracking;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.ApiException;
import org.orderhub.api.HttpExchanges;
import org.orderhub.api.Json;
import org.orderhub.order.ChangedOrders;
import org.orderhub.order.OrderStore;

/**
 * {@code GET /orders/changes}: the changes feed for receivers that poll instead of taking webhooks (seed
 * 000: "use your API to receive all this information by querying it on a regular interval"). Pages, in
 * the hub's change order, through the orders changed after the cursor (optionally one site's), in the
 * tracking schema, with the cursor of the next page. Orders come in commit order (change numbers handed out
 * as group commits commit, here or on another node), so a transaction that commits late is handed out late,
 * never skipped: a receiver that keeps calling with the cursor it was given sees every order that changed
 * after its cursor, in its latest state, once per change of position.
 */
public final class ChangesFeed implements Processor {

    private static final Map<String, Integer> PARAMETERS = Map.of("cursor", 200, "site_id", 64, "limit", 4);
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final OrderStore store;

    public ChangesFeed(OrderStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Map<String, String> query = TrackingQuery.parameters(exchange.getMessage().getHeader(Exchange.HTTP_QUERY,
                String.class), PARAMETERS, "use cursor, site_id or limit");
        String site = query.get("site_id");
        java.util.Set<?> scope = exchange.getProperty(org.orderhub.security.FeedAuth.SITES, java.util.Set.class);
        if (scope != null && !scope.isEmpty() && (site == null || !scope.contains(site))) {
            throw new ApiException(403, "This feed key reads only sites " + String.join(", ", new java.util.TreeSet<>(
                    scope.stream().map(String::valueOf).toList())) + ": ask for one of them with site_id");
        }
        ChangedOrders.Mark since = query.containsKey("cursor") ? decode(query.get("cursor")) : null;
        int limit = limit(query.get("limit"));
        ChangedOrders page = store.changedSince(since, limit, site);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("orders", TrackingView.render(page.orders()));
        if (page.last() == null) {
            answer.putNull("next_cursor");
        } else {
            answer.put("next_cursor", encode(page.last()));
        }
        answer.put("more", page.orders().size() == limit);
        HttpExchanges.reply(exchange, 200, answer);
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "limit must be a number from 1 to " + MAX_LIMIT);
    }

    static String encode(ChangedOrders.Mark mark) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mark.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ChangedOrders.Mark decode(String cursor) {
        try {
            return ChangedOrders.Mark.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new ApiException(400, "cursor is not one this hub gave out: start without one, or use next_cursor "
                    + "from the last answer");
        }
    }
}
