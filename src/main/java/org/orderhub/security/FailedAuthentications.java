package org.orderhub.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down key guessing: each client address may present a wrong key a few times; past that
 * allowance it gets 429 on every authenticated endpoint until the allowance refills (a token bucket
 * per address). Only wrong keys count, not missing ones.
 */
public final class FailedAuthentications {

    /** Enough addresses for any real crowd; past it the table starts afresh rather than grow. */
    private static final int MAX_ADDRESSES = 10_000;

    private final double allowance;
    private final double refillPerNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param allowance     wrong keys an address may present in a row
     * @param perMinute     how many of those come back each minute
     */
    public FailedAuthentications(int allowance, int perMinute) {
        if (allowance < 1 || perMinute < 1) {
            throw new IllegalArgumentException("failed-authentication allowance and refill must be at least 1");
        }
        this.allowance = allowance;
        this.refillPerNano = perMinute / 60e9;
    }

    /** Seconds until {@code client} may try a key again; 0 when it may now. */
    public long retryAfterSeconds(String client) {
        Bucket bucket = buckets.get(client);
        return bucket == null ? 0 : bucket.wait(allowance, refillPerNano, System.nanoTime());
    }

    /** Records a wrong key from {@code client}. */
    public void failed(String client) {
        if (buckets.size() >= MAX_ADDRESSES) {
            buckets.clear();
        }
        buckets.computeIfAbsent(client, c -> new Bucket(allowance)).take(allowance, refillPerNano, System.nanoTime());
    }

    private static final class Bucket {
        private double tokens;
        private long last = System.nanoTime();

        Bucket(double tokens) {
            this.tokens = tokens;
        }

        synchronized void take(double allowance, double refillPerNano, long now) {
            refill(allowance, refillPerNano, now);
            tokens = Math.max(0, tokens - 1);
        }

        synchronized long wait(double allowance, double refillPerNano, long now) {
            refill(allowance, refillPerNano, now);
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / refillPerNano / 1e9);
        }

        private void refill(double allowance, double refillPerNano, long now) {
            tokens = Math.min(allowance, tokens + (now - last) * refillPerNano);
            last = now;
        }
    }
}
