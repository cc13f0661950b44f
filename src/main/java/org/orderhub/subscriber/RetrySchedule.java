package org.orderhub.subscriber;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.util.TimeUtils;

/**
 * When to try an event again: attempt n comes about offset n after the first one (Standard Webhooks'
 * example schedule: immediately, 5s, 5m, 30m, 2h, 5h, 10h, 14h, 20h, 24h — about a day), each wait
 * spread by up to 10 % of jitter so a recovering subscriber is not hit by every retry at once.
 */
final class RetrySchedule {

    private final List<Long> offsetsMillis;

    private RetrySchedule(List<Long> offsetsMillis) {
        this.offsetsMillis = offsetsMillis;
    }

    /** Parses a comma-separated list of increasing offsets such as {@code 0s,5s,5m,30m}. */
    static RetrySchedule parse(String offsets) {
        List<Long> parsed = new ArrayList<>();
        for (String part : offsets.split(",")) {
            long millis;
            try {
                millis = TimeUtils.toMilliSeconds(part.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("retry schedule entries must be durations like 5s or 30m, not '"
                        + part.trim() + "'");
            }
            if (!parsed.isEmpty() && millis < parsed.get(parsed.size() - 1)) {
                throw new IllegalArgumentException("retry schedule offsets must not decrease: " + offsets);
            }
            parsed.add(millis);
        }
        return new RetrySchedule(List.copyOf(parsed));
    }

    /** How many attempts an event gets before it is dead-lettered. */
    int attempts() {
        return offsetsMillis.size();
    }

    /** The wait before the next attempt after {@code attemptsMade} failed ones; empty when none is left. */
    OptionalLong waitAfter(int attemptsMade) {
        if (attemptsMade >= offsetsMillis.size()) {
            return OptionalLong.empty();
        }
        long wait = offsetsMillis.get(attemptsMade) - offsetsMillis.get(attemptsMade - 1);
        long jitter = wait / 10;
        return OptionalLong.of(jitter == 0 ? wait : wait - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1));
    }

    Duration total() {
        return Duration.ofMillis(offsetsMillis.get(offsetsMillis.size() - 1));
    }
}
