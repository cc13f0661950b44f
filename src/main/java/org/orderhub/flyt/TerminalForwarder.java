package org.orderhub.flyt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.orderhub.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands an accepted order to the site's terminal over HTTP (camel-http); unreachable means "terminal off". */
public final class TerminalForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalForwarder.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final ProducerTemplate template;
    private final long responseTimeoutMillis;

    public TerminalForwarder(ProducerTemplate template, long responseTimeoutMillis) {
        this.template = template;
        this.responseTimeoutMillis = responseTimeoutMillis;
    }

    /** POSTs the canonical order; throws the seed's terminal-off refusal unless the terminal answers 2xx. */
    void forward(String storeId, String terminalUrl, ObjectNode order) {
        String uri = terminalUrl + (terminalUrl.contains("?") ? "&" : "?") + "connectTimeout=" + CONNECT_TIMEOUT_MILLIS
                + "&responseTimeout=" + responseTimeoutMillis + "&throwExceptionOnFailure=false";
        Exchange reply = template.send(uri, e -> {
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setBody(order.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (reply.getException() != null || status == null || status / 100 != 2) {
            LOG.warn("Terminal of site {} did not take order {}: {}", storeId, order.path("order_id").asText(),
                    reply.getException() != null ? reply.getException().toString() : "HTTP " + status);
            throw FlytChecks.terminalOff(storeId);
        }
    }
}
