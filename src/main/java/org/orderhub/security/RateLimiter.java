package org.orderhub.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.ApiException;

/**
 * A token bucket per API key: a steady rate with a burst allowance, 429 with Retry-After beyond it.
 * Keeps lookups by phone or email from becoming a way to enumerate customers. Per node: with several
 * nodes the allowance multiplies by the node count.
 */
public final class RateLimiter implements Processor {

    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, double burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate limit needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
    }

    @Override
    public void process(Exchange exchange) {
        String key = exchange.getProperty(BearerAuth.KEY_ID, "anonymous", String.class);
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst));
        long waitSeconds = bucket.take(perSecond, burst, System.nanoTime());
        if (waitSeconds > 0) {
            throw new ApiException(429, "Too many requests for this API key; retry in " + waitSeconds + " s",
                    Map.of("Retry-After", Long.toString(waitSeconds)));
        }
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens) {
            this.tokens = tokens;
            this.last = System.nanoTime();
        }

        /** Takes one token; returns 0 on success, else the whole seconds until one is free. */
        synchronized long take(double perSecond, double burst, long now) {
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond);
        }
    }
}
