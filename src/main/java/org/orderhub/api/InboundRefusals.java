package org.orderhub.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every inbound order refused, wherever it was refused (the front door before the body, or a route's step):
 * counted in {@code orderhub.orders.rejected}, and a 401 said in the log, at most one line per source per
 * interval, with how many were refused since the last line (a partner whose secret was rotated on one side
 * only shows in the log, not only in a counter).
 */
public final class InboundRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(InboundRefusals.class);

    private record Window(Instant loggedAt, int unsaid) {
    }

    private final HubMeters meters;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Window> unauthorized = new ConcurrentHashMap<>();

    public InboundRefusals(HubMeters meters, Clock clock, Duration interval) {
        this.meters = meters;
        this.clock = clock;
        this.interval = interval;
    }

    /** An inbound order from {@code source} ({@code flyt} or a partner) refused with {@code status}. */
    public void refused(String source, int status, String reason) {
        meters.count("orderhub.orders.rejected", "Inbound orders refused, by source and reason",
                "source", source, "reason", ErrorReply.refusalReason(status));
        if (status == 401) {
            unauthorized(source, reason);
        }
    }

    private void unauthorized(String source, String reason) {
        Instant now = clock.instant();
        Window was = unauthorized.get(source);
        if (was == null || !now.isBefore(was.loggedAt().plus(interval))) {
            unauthorized.put(source, new Window(now, 0));
            int before = was == null ? 0 : was.unsaid();
            // the reason names the header or check that failed, never a secret or the body
            LOG.warn("Source {}: delivery refused 401 ({}){}; at most one such line per {} s", source, reason,
                    before == 0 ? "" : ", and " + before + " more since the last line", interval.toSeconds());
        } else {
            unauthorized.computeIfPresent(source, (k, w) -> new Window(w.loggedAt(), w.unsaid() + 1));
        }
    }
}
