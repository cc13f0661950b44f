package org.orderhub.subscriber;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.orderhub.api.HubMeters;

/**
 * Per-subscriber figures on /observe/metrics: events pending and dead (gauges, refreshed by each
 * dispatcher tick), and attempts delivered, failed and dead-lettered (counters).
 */
public final class SubscriberMetrics {

    private static final String DELIVERIES = "Subscriber deliveries";

    private final HubMeters meters;
    private final Map<String, long[]> backlog = new ConcurrentHashMap<>();
    private final AtomicLong refreshedAt = new AtomicLong();

    public SubscriberMetrics(HubMeters meters) {
        this.meters = meters;
    }

    /** Registers the subscriber's gauges once. */
    void track(String subscriber) {
        MeterRegistry r = meters.registry();
        if (r == null || backlog.containsKey(subscriber)) {
            return;
        }
        long[] counts = backlog.computeIfAbsent(subscriber, k -> new long[2]);
        Gauge.builder("orderhub.subscriber.pending", counts, c -> c[0]).tag("subscriber", subscriber)
                .description("Events waiting to be delivered to the subscriber").register(r);
        Gauge.builder("orderhub.subscriber.dead", counts, c -> c[1]).tag("subscriber", subscriber)
                .description("Dead-lettered events of the subscriber, until replayed").register(r);
        for (String counter : new String[]{"orderhub.subscriber.delivered", "orderhub.subscriber.failed",
                "orderhub.subscriber.dead.lettered"}) {
            meters.declare(counter, DELIVERIES, "subscriber", subscriber);
        }
    }

    void delivered(String subscriber) {
        count("orderhub.subscriber.delivered", subscriber);
    }

    void failed(String subscriber) {
        count("orderhub.subscriber.failed", subscriber);
    }

    void dead(String subscriber) {
        count("orderhub.subscriber.dead.lettered", subscriber);
    }

    /** Re-reads the backlog at most once a second (several subscribers tick at once). */
    void refresh(Deliveries deliveries) throws SQLException {
        long now = System.currentTimeMillis();
        long last = refreshedAt.get();
        if (now - last < 1000 || !refreshedAt.compareAndSet(last, now)) {
            return;
        }
        Map<String, long[]> counts = deliveries.backlog();
        backlog.forEach((subscriber, held) -> {
            long[] fresh = counts.getOrDefault(subscriber, new long[2]);
            held[0] = fresh[0];
            held[1] = fresh[1];
        });
    }

    private void count(String name, String subscriber) {
        meters.count(name, DELIVERIES, "subscriber", subscriber);
    }
}
