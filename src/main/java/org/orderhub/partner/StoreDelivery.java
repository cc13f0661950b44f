package org.orderhub.partner;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.HttpExchanges;
import org.orderhub.mapping.MappingStep;
import org.orderhub.order.OrderStore;
import org.orderhub.order.UpsertResult;

/**
 * Stores the partner's order once per delivery (one transaction, group commit) and answers
 * {@code {"id", "result"}} once it is committed. A delivery without an id is keyed by its order id and
 * raw body, so the same delivery sent again is recognised.
 */
public final class StoreDelivery implements Processor {

    private final OrderStore orders;

    public StoreDelivery(OrderStore orders) {
        this.orders = orders;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String partner = exchange.getVariable("partner", String.class);
        ObjectNode order = exchange.getVariable(MappingStep.ORDER, ObjectNode.class);
        String deliveryId = exchange.getVariable(SignatureStep.DELIVERY_ID, String.class);
        if (deliveryId == null) {
            deliveryId = "sha256:" + MappedOrders.sha256(MappedOrders.utf8(order.get("order_id").asText() + "\n"),
                    exchange.getMessage().getBody(byte[].class));
        }
        UpsertResult result = orders.upsert(partner, deliveryId, order);
        HttpExchanges.reply(exchange, 200, Map.of("id", Long.toString(result.id()),
                "result", result.outcome().name().toLowerCase(Locale.ROOT)));
    }
}
