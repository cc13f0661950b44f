package org.orderhub.partner;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.RouteVariables;
import org.orderhub.api.ApiException;
import org.orderhub.api.HttpExchanges;
import org.orderhub.mapping.JsonataMappings;
import org.orderhub.order.OrderStore;
import org.orderhub.order.UpsertResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/{partner}} (SPEC 4.3), behind each partner's route file: verifies the signature
 * on the raw bytes, maps the body with the partner's JSONata file, refuses orders missing the seed's
 * required fields, and stores the order once per delivery. The partner route sets the variables
 * {@code partner}, {@code signatureScheme}, {@code signatureSecret}, {@code signatureHeader} and
 * {@code mapping}.
 */
public final class PartnerWebhooks implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerWebhooks.class);

    private final JsonataMappings mappings;
    private final OrderStore orders;
    private final Clock clock;
    private final Map<String, WebhookSignature> signatures = new ConcurrentHashMap<>();

    public PartnerWebhooks(JsonataMappings mappings, OrderStore orders, Clock clock) {
        this.mappings = mappings;
        this.orders = orders;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String partner = exchange.getVariable("partner", String.class);
        if (!"POST".equals(HttpExchanges.method(exchange))) {
            throw new ApiException(405, "Use POST /webhooks/" + partner, Map.of("Allow", "POST"));
        }
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(raw);
        String deliveryId = signature(exchange, partner).verify(raw == null ? new byte[0] : raw,
                name -> exchange.getMessage().getHeader(name, String.class), clock.instant().getEpochSecond());
        JsonNode body = HttpExchanges.jsonBody(exchange);
        String mapping = RouteVariables.text(exchange, "mapping", partner + ".jsonata");
        ObjectNode order = mappings.map(mapping, body);
        MappedOrders.check(order);
        if (deliveryId == null) {
            deliveryId = "sha256:" + MappedOrders.sha256(MappedOrders.utf8(order.get("order_id").asText() + "\n"), raw);
        }
        UpsertResult result = orders.upsert(partner, deliveryId, order);
        HttpExchanges.reply(exchange, 200, Map.of("id", Long.toString(result.id()),
                "result", result.outcome().name().toLowerCase(Locale.ROOT)));
    }

    private final java.util.Set<String> unconfigured = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private WebhookSignature signature(Exchange exchange, String partner) {
        String scheme = RouteVariables.text(exchange, "signatureScheme", WebhookSignature.STANDARD_WEBHOOKS);
        String secret = RouteVariables.text(exchange, "signatureSecret", null);
        String header = RouteVariables.text(exchange, "signatureHeader", null);
        if (!WebhookSignature.NONE.equals(scheme) && (secret == null || secret.isBlank())) {
            if (unconfigured.add(partner)) { // once: an unconfigured partner must not flood the log
                LOG.error("Partner {} has no webhook secret configured: its deliveries are refused", partner);
            }
            throw new ApiException(503, "Partner " + partner + " is not configured to receive webhooks yet");
        }
        return signatures.computeIfAbsent(partner + "\n" + scheme + "\n" + secret + "\n" + header, k -> {
            WebhookSignature s = new WebhookSignature(scheme, secret, header);
            if (WebhookSignature.NONE.equals(s.scheme())) {
                LOG.warn("Partner {} accepts unsigned webhooks (signature scheme none)", partner);
            }
            return s;
        });
    }
}
