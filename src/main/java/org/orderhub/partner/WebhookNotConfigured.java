package org.orderhub.partner;

import java.util.Map;

import org.orderhub.api.ApiException;

/** A partner's webhook the hub cannot verify: no secret set, or one it cannot use. The hub's fault: 503. */
public final class WebhookNotConfigured extends ApiException {

    public WebhookNotConfigured(String message) {
        super(503, message, Map.of("Retry-After", "60"));
    }
}
