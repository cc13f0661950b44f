package org.orderhub.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

/** The hub's own Prometheus counters, in the registry camel-micrometer-prometheus serves on /observe/metrics. */
public final class HubMeters {

    private final CamelContext context;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    public HubMeters(CamelContext context) {
        this.context = context;
    }

    /** Adds one to the counter {@code name} with these tag pairs (key, value, key, value, ...). */
    public void count(String name, String description, String... tags) {
        Counter counter = counter(name, description, tags);
        if (counter != null) {
            counter.increment();
        }
    }

    /** Makes the counter exist at 0, so a scraper sees it (and can alert on its rate) before the first event. */
    public void declare(String name, String description, String... tags) {
        counter(name, description, tags);
    }

    /** A gauge read from {@code source} at each scrape (registered once per name and tags). */
    public <T> void gauge(String name, String description, T source, java.util.function.ToDoubleFunction<T> value,
                          String... tags) {
        MeterRegistry r = registry();
        if (r != null) {
            io.micrometer.core.instrument.Gauge.builder(name, source, value).description(description).tags(tags).register(r);
        }
    }

    private Counter counter(String name, String description, String... tags) {
        MeterRegistry r = registry();
        return r == null ? null : counters.computeIfAbsent(name + "|" + String.join("|", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(r));
    }

    /** The registry, once Camel has created it (null before). */
    public MeterRegistry registry() {
        if (registry == null) {
            // camel-micrometer-prometheus binds its registry under this name
            registry = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        }
        return registry;
    }
}
