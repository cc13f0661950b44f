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
 * raw body, so the same delivery sent again is recognised. A copy of it parked earlier is then done.
 */
public final class StoreDelivery implements Processor {

    private final OrderStore orders;
    private final ParkedDeliveries parked;

    public StoreDelivery(OrderStore orders, ParkedDeliveries parked) {
        this.orders = orders;
        this.parked = parked;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String partner = exchange.getVariable("partner", String.class);
        ObjectNode order = exchange.getVariable(MappingStep.ORDER, ObjectNode.class);
        String signedId = exchange.getVariable(SignatureStep.DELIVERY_ID, String.class);
        String deliveryId = signedId;
        if (deliveryId == null) {
            deliveryId = "sha256:" + MappedOrders.sha256(MappedOrders.utf8(order.get("order_id").asText() + "\n"),
                    exchange.getMessage().getBody(byte[].class));
        }
        UpsertResult result = orders.upsert(partner, deliveryId, order);
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        byte[] raw = exchange.getVariable(ParkDelivery.RAW_BODY, byte[].class);
        if (raw != null) {
            parked.storedLive(partner, ParkedDeliveries.key(signedId, raw), outcome);
        }
        HttpExchanges.reply(exchange, 200, Map.of("id", Long.toString(result.id()), "result", outcome));
    }
}
