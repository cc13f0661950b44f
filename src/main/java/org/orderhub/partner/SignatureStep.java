package org.orderhub.partner;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.RouteVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.orderhub.security.WebhookSignature;

/**
 * The first step of a partner webhook: the signature over the raw request bytes, by the partner
 * route's variables {@code signatureScheme}, {@code signatureSecret} and {@code signatureHeader}.
 * 401 when it does not hold, 503 while the partner has no secret; the Standard Webhooks id becomes
 * the variable {@code deliveryId}.
 */
public final class SignatureStep implements Processor {

    public static final String DELIVERY_ID = "deliveryId";
    /** Set by a replay: the epoch second the parked delivery was received, to check its timestamp against. */
    public static final String REPLAY_AT = "replayAt";
    private static final Logger LOG = LoggerFactory.getLogger(SignatureStep.class);

    private final Clock clock;
    private final Map<String, WebhookSignature> signatures = new ConcurrentHashMap<>();
    private final Set<String> unconfigured = ConcurrentHashMap.newKeySet();

    public SignatureStep(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        String partner = exchange.getVariable("partner", String.class);
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(raw); // read once from the request, kept for the next steps
        exchange.setVariable(ParkDelivery.RAW_BODY, raw);
        // a replay of a parked delivery is checked as of the time it was received
        Long replayAt = exchange.getVariable(REPLAY_AT, Long.class);
        String deliveryId = signature(exchange, partner).verify(raw == null ? new byte[0] : raw,
                name -> exchange.getMessage().getHeader(name, String.class),
                replayAt != null ? replayAt : clock.instant().getEpochSecond());
        exchange.setVariable(DELIVERY_ID, deliveryId);
    }

    private WebhookSignature signature(Exchange exchange, String partner) {
        String scheme = RouteVariables.text(exchange, "signatureScheme", WebhookSignature.STANDARD_WEBHOOKS);
        String secret = RouteVariables.text(exchange, "signatureSecret", null);
        String header = RouteVariables.text(exchange, "signatureHeader", null);
        if (!WebhookSignature.NONE.equals(scheme) && secret == null) {
            if (unconfigured.add(partner)) { // once: an unconfigured partner must not flood the log
                LOG.error("Partner {} has no webhook secret configured: its deliveries are answered 503 and not kept until it is set",
                        partner);
            }
            throw new WebhookNotConfigured("Partner " + partner + " is not configured to receive webhooks yet: "
                    + "no webhook secret is set");
        }
        String settings = partner + "\n" + scheme + "\n" + secret + "\n" + header;
        try {
            return signatures.computeIfAbsent(settings, k -> {
                WebhookSignature s = new WebhookSignature(scheme, secret, header);
                if (WebhookSignature.NONE.equals(s.scheme())) {
                    LOG.warn("Partner {} accepts unsigned webhooks (signature scheme none)", partner);
                }
                return s;
            });
        } catch (IllegalArgumentException misconfigured) {
            // the hub's configuration, not the partner's data: 503 so the partner retries once it is fixed
            if (unconfigured.add(settings)) { // once per version of the settings
                LOG.error("Partner {} has webhook signature settings the hub cannot use: {}; its deliveries are "
                        + "answered 503 until they are fixed", partner, misconfigured.getMessage());
            }
            throw new WebhookNotConfigured("Partner " + partner + " is not configured to receive webhooks: "
                    + misconfigured.getMessage());
        }
    }
}
