package org.orderhub.subscriber;

import java.time.Clock;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.RouteVariables;
import org.orderhub.security.WebhookSignature;

/**
 * The {@code sign} step of what the hub sends out (events, export batches): Standard Webhooks headers over
 * the body exactly as it leaves, after any outbound mapping. Needs the {@code webhook-id} header; signs
 * when the receiver has a secret (variable {@code secret}), and leaves the message unsigned otherwise.
 */
public final class SignBody implements Processor {

    private final Clock clock;

    public SignBody(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        String secret = RouteVariables.text(exchange, "secret", null);
        String id = exchange.getMessage().getHeader("webhook-id", String.class);
        if (secret == null || id == null) {
            return;
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        long timestamp = clock.instant().getEpochSecond();
        exchange.getMessage().setHeader("webhook-timestamp", Long.toString(timestamp));
        exchange.getMessage().setHeader("webhook-signature", WebhookSignature.sign(secret, id, timestamp, body));
    }
}
