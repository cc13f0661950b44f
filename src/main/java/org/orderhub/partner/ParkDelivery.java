package org.orderhub.partner;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.HttpExchanges;
import org.orderhub.api.RouteVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A delivery that failed because of the hub's own configuration (its mapping, its secret) is kept as
 * received and answered 503 with Retry-After, so the partner retries and nothing it sent is lost; an
 * operator replays it once the configuration is fixed ({@code POST /admin/parked-deliveries/{partner}/replay}).
 */
public final class ParkDelivery implements Processor {

    /** The request's raw bytes, as the signature step read them. */
    public static final String RAW_BODY = "rawBody";
    /** The headers a replay needs to verify the signature again. */
    static final java.util.List<String> KEPT_HEADERS = java.util.List.of("webhook-id", "webhook-timestamp",
            "webhook-signature", "Content-Type");
    private static final Logger LOG = LoggerFactory.getLogger(ParkDelivery.class);

    private final ParkedDeliveries parked;

    public ParkDelivery(ParkedDeliveries parked) {
        this.parked = parked;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String partner = RouteVariables.text(exchange, "partner", "unknown");
        byte[] raw = exchange.getVariable(RAW_BODY, byte[].class);
        if (raw == null) {
            raw = exchange.getMessage().getBody(byte[].class);
        }
        raw = raw == null ? new byte[0] : raw;
        Map<String, String> headers = new LinkedHashMap<>();
        java.util.List<String> names = new java.util.ArrayList<>(KEPT_HEADERS);
        String signatureHeader = RouteVariables.text(exchange, "signatureHeader", null);
        if (signatureHeader != null) {
            names.add(signatureHeader);
        }
        for (String name : names) {
            String value = exchange.getMessage().getHeader(name, String.class);
            if (value != null) {
                headers.put(name, value);
            }
        }
        String key = ParkedDeliveries.key(headers.get("webhook-id"), raw);
        String reason = cause == null ? "the hub's configuration" : cause.getMessage();
        boolean kept = parked.park(partner, key, reason, RouteVariables.text(exchange, "mapping", null), headers, raw);
        if (!kept) {
            LOG.warn("Partner {}: a delivery failed ({}) and the parking lot is full; answered 503 without keeping it",
                    partner, reason);
            HttpExchanges.error(exchange, 503, "Partner " + partner + " cannot take deliveries now because of the hub's "
                    + "configuration (" + reason + "); retry later", Map.of("Retry-After", "300"));
            return;
        }
        // JSONata quotes the values it choked on: masked here, kept whole for the admin API
        LOG.info("Partner {}: delivery parked, not refused: {}", partner,
                org.orderhub.security.Pii.quotedValues(reason));
        HttpExchanges.error(exchange, 503, "Not your data: the hub's configuration for partner " + partner
                + " failed (" + reason + "). The delivery is kept and will be processed once this is fixed; "
                + "retry later", Map.of("Retry-After", "60"));
    }
}
