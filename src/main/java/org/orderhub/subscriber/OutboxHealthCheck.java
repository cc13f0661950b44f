package org.orderhub.subscriber;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.orderhub.api.DetailsHealthCheck;

/**
 * Event delivery, in the health details: DOWN when some subscriber has an event that has been due for longer
 * than {@code stuckAfter} (its dispatcher is not keeping up, or its route file is gone). Events
 * waiting for a scheduled retry are not stuck. Details name each subscriber's pending count.
 */
public final class OutboxHealthCheck extends DetailsHealthCheck {

    /** Failed attempts in a row of a pending event that show its subscriber as failing. */
    private static final int FAILING_ATTEMPTS = 2;

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration stuckAfter;

    public OutboxHealthCheck(DataSource dataSource, Clock clock, Duration stuckAfter) {
        super("outbox");
        this.dataSource = dataSource;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        OffsetDateTime limit = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minus(stuckAfter);
        StringBuilder stuck = new StringBuilder();
        StringBuilder failing = new StringBuilder();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT subscriber, COUNT(*), MIN(next_attempt_at), MAX(attempts) "
                     + "FROM outbox_deliveries WHERE state = 'pending' GROUP BY subscriber")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    builder.detail("pending." + rs.getString(1), rs.getLong(2));
                    if (rs.getObject(3, OffsetDateTime.class).isBefore(limit)) {
                        stuck.append(stuck.length() == 0 ? "" : ", ").append(rs.getString(1));
                    } else if (rs.getInt(4) >= FAILING_ATTEMPTS) {
                        failing.append(failing.length() == 0 ? "" : ", ").append(rs.getString(1));
                    }
                }
            }
        } catch (Exception e) {
            builder.message("The outbox cannot be read: " + e.getMessage()).down();
            return;
        }
        if (stuck.length() > 0) {
            builder.message("Events due for more than " + stuckAfter.toMinutes() + " min for: " + stuck).down();
        } else if (failing.length() > 0) {
            // a receiver that keeps failing, its events waiting for their next scheduled attempt
            builder.message("Deliveries failing, retried on schedule (GET /admin/subscribers): " + failing).down();
        } else {
            builder.up();
        }
    }
}
