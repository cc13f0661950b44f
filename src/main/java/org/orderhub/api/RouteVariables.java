package org.orderhub.api;

import org.apache.camel.Exchange;

/** The settings a partner, subscriber or export route file hands the shared routes as exchange variables. */
public final class RouteVariables {

    private RouteVariables() {
    }

    /** The variable's trimmed text; {@code fallback} when it is missing or blank (an unset placeholder). */
    public static String text(Exchange exchange, String name, String fallback) {
        String value = exchange.getVariable(name, String.class);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
