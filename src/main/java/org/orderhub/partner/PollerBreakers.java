package org.orderhub.partner;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Where operators see each polled partner's circuit breaker: Camel's circuitBreaker EIP inside the
 * partner's instance of the Kamelet orderhub-polled-partner (step {@code {partner}-circuit-breaker}). Each
 * partner gets a health check {@code poller:<partner>}, DOWN while its breaker is open (details and JMX;
 * not readiness: readiness means "send me orders"), and the gauge {@code orderhub_poller_breaker_open}.
 */
final class PollerBreakers {

    private final CamelContext context;
    private final org.orderhub.api.HubMeters meters;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    PollerBreakers(CamelContext context, org.orderhub.api.HubMeters meters) {
        this.context = context;
        this.meters = meters;
    }

    /** Registers the partner's health check and gauge, once. */
    void watch(String partner) {
        if (!watched.add(partner)) {
            return;
        }
        meters.gauge("orderhub.poller.breaker.open", "1 while the poller's circuit breaker is open (runs skipped)",
                partner, p -> "OPEN".equals(state(p)) ? 1 : 0, "partner", partner);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new BreakerHealth(partner));
        }
    }

    /** The state of the partner's breaker now (CLOSED, OPEN, HALF_OPEN), or null while its route is not loaded. */
    String state(String partner) {
        for (Route route : context.getRoutes()) {
            if (route.getRouteId().startsWith("orderhub-polled-partner")) {
                ResilienceProcessor breaker = find(route.navigate(), partner + "-circuit-breaker", 0);
                if (breaker != null) {
                    return breaker.getCircuitBreakerState();
                }
            }
        }
        return null;
    }

    /** The circuitBreaker step with this id (Camel may put the Kamelet instance's prefix in front) below a step. */
    private static ResilienceProcessor find(org.apache.camel.Navigate<Processor> node, String id, int depth) {
        if (node == null || !node.hasNext() || depth > 20) {
            return null;
        }
        for (Processor p : node.next()) {
            if (p instanceof ResilienceProcessor breaker && breaker.getId() != null && breaker.getId().endsWith(id)) {
                return breaker;
            }
            if (p instanceof org.apache.camel.Navigate<?> child) {
                @SuppressWarnings("unchecked")
                ResilienceProcessor found = find((org.apache.camel.Navigate<Processor>) child, id, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** DOWN while the partner's breaker is open. */
    private final class BreakerHealth extends org.orderhub.api.DetailsHealthCheck {
        private final String partner;

        BreakerHealth(String partner) {
            super("poller:" + partner);
            this.partner = partner;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            String state = state(partner);
            builder.detail("state", state == null ? "NOT_LOADED" : state);
            if ("OPEN".equals(state)) {
                builder.message("Polling is suspended after repeated failures").down();
            } else {
                builder.up();
            }
        }
    }
}
