package org.orderhub.security;

import java.util.HashMap;
import java.util.Map;

/**
 * Request bytes the hub has agreed to receive and not yet answered, in all and per client address. A
 * body is buffered whole before a route sees it, so without this cap a few hundred slow uploads
 * exhaust the heap; beyond it a request gets 503 before any byte of its body is read.
 */
public final class InFlightBytes {

    private final long total;
    private final long perClient;
    private long used;
    private final Map<String, Long> byClient = new HashMap<>();

    public InFlightBytes(long total, long perClient) {
        if (total <= 0 || perClient <= 0) {
            throw new IllegalArgumentException("request byte limits must be positive");
        }
        this.total = total;
        this.perClient = perClient;
    }

    /** Takes {@code bytes} for {@code client} if both caps allow it. */
    public synchronized boolean reserve(String client, long bytes) {
        long mine = byClient.getOrDefault(client, 0L);
        if (used + bytes > total || mine + bytes > perClient) {
            return false;
        }
        used += bytes;
        byClient.put(client, mine + bytes);
        return true;
    }

    public synchronized void release(String client, long bytes) {
        used -= bytes;
        long left = byClient.getOrDefault(client, 0L) - bytes;
        if (left <= 0) {
            byClient.remove(client);
        } else {
            byClient.put(client, left);
        }
    }

    public long total() {
        return total;
    }

    public synchronized long used() {
        return used;
    }
}
