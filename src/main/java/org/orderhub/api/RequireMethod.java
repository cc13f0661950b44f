package org.orderhub.api;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The first step of an endpoint that takes one HTTP method: 405 with {@code Allow} for any other. */
public final class RequireMethod implements Processor {

    private final String method;

    public RequireMethod(String method) {
        this.method = method;
    }

    @Override
    public void process(Exchange exchange) {
        if (!method.equals(HttpExchanges.method(exchange))) {
            String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
            throw new ApiException(405, "Use " + method + " " + path, Map.of("Allow", method));
        }
    }
}
