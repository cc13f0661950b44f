package org.orderhub.api;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A health check of one part of the hub that a load balancer or a supervisor must not act on: neither
 * readiness (a partner's broken file, API or receiver is no reason to stop sending this node Flyt and the
 * other partners' orders) nor liveness (nor to restart it). It shows in the details and in
 * {@code /observe/health}'s overall status, for alerting.
 */
public abstract class DetailsHealthCheck extends AbstractHealthCheck {

    protected DetailsHealthCheck(String id) {
        super("orderhub", id);
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }

    @Override
    public final boolean isReadiness() {
        return false;
    }
}
