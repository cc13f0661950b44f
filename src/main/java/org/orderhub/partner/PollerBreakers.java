package org.orderhub.partner;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resilience4j circuit breaker per polled partner: after consecutive failed runs it opens, runs are
 * skipped for a while, then one trial run decides. Each partner's breaker is a health check
 * ({@code poller:<partner>}), DOWN while open, in /observe/health's details and JMX; it does not make the
 * node unready (readiness means "send me orders").
 */
final class PollerBreakers {

    private static final Logger LOG = LoggerFactory.getLogger(PollerBreakers.class);

    private final CircuitBreakerRegistry registry;
    private final CamelContext context;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    private final org.orderhub.api.HubMeters meters;

    PollerBreakers(CamelContext context, org.orderhub.api.HubMeters meters, int failedRuns, Duration openFor) {
        this.context = context;
        this.meters = meters;
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failedRuns)
                .minimumNumberOfCalls(failedRuns)
                .failureRateThreshold(100)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
    }

    CircuitBreaker of(String partner) {
        return breakers.computeIfAbsent(partner, p -> {
            CircuitBreaker breaker = registry.circuitBreaker(p);
            breaker.getEventPublisher().onStateTransition(e -> LOG.warn("Poller {} circuit breaker {}", p,
                    e.getStateTransition()));
            meters.gauge("orderhub.poller.breaker.open", "1 while the poller's circuit breaker is open (runs skipped)",
                    breaker, b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0, "partner", p);
            HealthCheckRegistry health = HealthCheckRegistry.get(context);
            if (health != null) {
                health.register(new BreakerHealth(p, breaker));
            }
            return breaker;
        });
    }

    /** DOWN while the partner's breaker is open. */
    private static final class BreakerHealth extends AbstractHealthCheck {
        private final CircuitBreaker breaker;

        BreakerHealth(String partner, CircuitBreaker breaker) {
            super("orderhub", "poller:" + partner);
            this.breaker = breaker;
        }

        /** A partner's API being down is no reason to stop taking Flyt and webhook orders on this node. */
        @Override
        public boolean isReadiness() {
            return false;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.detail("state", breaker.getState().name());
            if (breaker.getState() == CircuitBreaker.State.OPEN) {
                builder.message("Polling is suspended after repeated failures").down();
            } else {
                builder.up();
            }
        }
    }
}
