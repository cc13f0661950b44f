package org.orderhub.api;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.order.InvalidOrderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever stopped a request into {@code {"errorMessage": ...}}: the refusal's own status for
 * an {@link ApiException}, 500 with no internals for anything unexpected (logged here once).
 */
public final class ErrorReply implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReply.class);

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof ApiException api) {
            HttpExchanges.error(exchange, api.status(), api.getMessage(), api.headers());
        } else if (cause instanceof org.orderhub.mapping.MappingException mapping) {
            HttpExchanges.error(exchange, 422, mapping.getMessage(), Map.of());
        } else if (cause instanceof InvalidOrderException invalid) {
            HttpExchanges.error(exchange, 422, "Invalid order: " + invalid.getMessage(), Map.of());
        } else {
            String route = exchange.getFromRouteId();
            LOG.error("Unexpected failure in route {} (exchange {})", route, exchange.getExchangeId(), cause);
            HttpExchanges.error(exchange, 500,
                    "The hub could not process this request; the error is logged with id " + exchange.getExchangeId(),
                    Map.of());
        }
    }
}
