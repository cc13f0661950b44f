package org.orderhub.tracking;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.ApiException;
import org.orderhub.api.HttpExchanges;
import org.orderhub.order.OrderQuery;
import org.orderhub.order.OrderStore;

/** {@code GET /orders}: the order-tracking lookup an AI support tool calls (SPEC 4.2, seed 002). */
public final class TrackingApi implements Processor {

    private final OrderStore store;
    private final int maxResults;

    public TrackingApi(OrderStore store, int maxResults) {
        this.store = store;
        this.maxResults = maxResults;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (!"GET".equals(HttpExchanges.method(exchange))) {
            throw new ApiException(405, "Use GET /orders with email, order_id, phone or ref_id",
                    java.util.Map.of("Allow", "GET"));
        }
        OrderQuery query = TrackingQuery.parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class));
        List<ObjectNode> orders = store.find(query, maxResults);
        HttpExchanges.reply(exchange, 200, TrackingView.render(orders));
    }
}
