package org.orderhub.flyt;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.orderhub.security.OutboundUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an accepted order to the site's terminal through the {@code flyt-terminal} route (one fixed
 * camel-http endpoint, the URL in {@code CamelHttpUri}); unreachable means "terminal off".
 */
public final class TerminalForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalForwarder.class);

    private final ProducerTemplate template;
    private final OutboundUrls urls;

    public TerminalForwarder(ProducerTemplate template, OutboundUrls urls) {
        this.template = template;
        this.urls = urls;
    }

    /** POSTs the canonical order; throws the seed's terminal-off refusal unless the terminal answers 2xx. */
    void forward(String storeId, String terminalUrl, ObjectNode order) {
        String target;
        try {
            target = urls.forCall(terminalUrl);
        } catch (IllegalArgumentException e) {
            LOG.warn("Terminal URL of site {} is refused ({}): fix it with PUT /admin/sites/{}", storeId,
                    e.getMessage(), storeId);
            throw FlytChecks.terminalOff(storeId);
        }
        Exchange reply = template.send("direct:flyt-terminal", e -> {
            e.getMessage().setHeader(Exchange.HTTP_URI, target);
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setBody(order.toString().getBytes(StandardCharsets.UTF_8));
        });
        Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (reply.getException() != null || status == null || status / 100 != 2) {
            LOG.warn("Terminal of site {} did not take order {}: {}", storeId, order.path("order_id").asText(),
                    reply.getException() != null ? reply.getException().toString() : "HTTP " + status);
            throw FlytChecks.terminalOff(storeId);
        }
    }
}
