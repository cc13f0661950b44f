package org.orderhub.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever stopped a request into {@code {"errorMessage": ...}}: the refusal's own status for
 * an {@link ApiException}, 500 with no internals for anything unexpected (logged here once). A refused
 * inbound order (Flyt or a partner webhook, past authentication) is counted by reason and kept, masked,
 * so an operator can see why it did not arrive ({@code GET /admin/rejected-orders}).
 */
public final class ErrorReply implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReply.class);
    /** Refusals of an order a partner meant to send; 401/405/413/415/429 are not orders yet. */
    private static final Map<Integer, String> ORDER_REFUSALS = Map.of(400, "malformed", 404, "unknown_store",
            408, "timeout", 409, "refused_by_store", 422, "invalid_order", 503, "unavailable");
    private static final List<String> ORDER_ID_FIELDS = List.of("order_id", "third_party_order_reference", "id");

    /** Flyt's bodies may carry comments; a rejected body is kept even with duplicate keys. */
    private static final com.fasterxml.jackson.databind.ObjectMapper LENIENT = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS.mappedFeature());

    /** An exception that means the order cannot be processed as sent (422), answered as prefix + message. */
    public record Unprocessable(Class<? extends Throwable> type, String prefix) {
    }

    private final InboundRefusals refusals;
    private final RefusalLog rejections;
    private final java.util.List<Unprocessable> unprocessable;

    public ErrorReply(InboundRefusals refusals, RefusalLog rejections, java.util.List<Unprocessable> unprocessable) {
        this.refusals = refusals;
        this.rejections = rejections;
        this.unprocessable = java.util.List.copyOf(unprocessable);
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        String message;
        Map<String, String> headers = Map.of();
        Unprocessable unprocessable = unprocessable(cause);
        if (cause instanceof ApiException api) {
            status = api.status();
            message = api.getMessage();
            headers = api.headers();
        } else if (unprocessable != null) {
            status = 422;
            message = unprocessable.prefix() + cause.getMessage();
        } else {
            LOG.error("Unexpected failure in route {} (exchange {})", exchange.getFromRouteId(), exchange.getExchangeId(),
                    cause);
            status = 500;
            message = "The hub could not process this request; the error is logged with id " + exchange.getExchangeId();
        }
        String source = inboundSource(exchange);
        if (source != null) {
            refusals.refused(source, status, message);
            if (ORDER_REFUSALS.containsKey(status)) {
                keep(exchange, source, message);
            }
        }
        HttpExchanges.error(exchange, status, message, headers);
    }

    private Unprocessable unprocessable(Throwable cause) {
        for (Unprocessable u : unprocessable) {
            if (u.type().isInstance(cause)) {
                return u;
            }
        }
        return null;
    }

    /** The {@code reason} tag of {@code orderhub.orders.rejected} for a refusal with this status. */
    public static String refusalReason(int status) {
        return ORDER_REFUSALS.getOrDefault(status, Integer.toString(status));
    }

    /**
     * Where an inbound order came from, as its route says: the variable {@code source} (the Flyt route
     * sets "flyt") or {@code partner} (a webhook partner's route); null for the other endpoints.
     */
    private static String inboundSource(Exchange exchange) {
        Object source = exchange.getVariable("source");
        if (source == null) {
            source = exchange.getVariable("partner");
        }
        return source == null ? null : source.toString();
    }

    private void keep(Exchange exchange, String source, String reason) {
        JsonNode body = null;
        try {
            String text = exchange.getMessage().getBody(String.class);
            body = text == null || text.isBlank() || text.length() > 100_000 ? null : LENIENT.readTree(text);
        } catch (Exception notJson) {
            // kept without its body: the reason says what was wrong with it
        }
        String orderId = null;
        if (body != null) {
            JsonNode order = body.has("data") ? body.get("data") : body;
            for (String field : ORDER_ID_FIELDS) {
                if (order.path(field).isValueNode()) {
                    orderId = order.get(field).asText();
                    break;
                }
            }
        }
        try {
            rejections.record(source, orderId, reason, body != null && body.isContainerNode() ? body : null);
        } catch (Exception e) {
            LOG.warn("Could not keep the rejected {} order: {}", source, e.toString());
        }
    }
}
