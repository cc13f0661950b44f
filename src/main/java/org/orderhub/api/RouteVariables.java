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

    /**
     * As {@link #text}, for a literal the operator wrote into a Kamelet's URI (a JSONata path, a name): Camel
     * 4.18 hands a Kamelet the characters it escapes in a URI still escaped ({@code %2C}, {@code %20}).
     */
    public static String literal(Exchange exchange, String name, String fallback) {
        String value = text(exchange, name, fallback);
        if (value == null || !value.matches(".*%[0-9A-Fa-f]{2}.*")) {
            return value;
        }
        return java.net.URLDecoder.decode(value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
