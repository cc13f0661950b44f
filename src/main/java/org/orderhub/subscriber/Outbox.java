package org.orderhub.subscriber;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.orderhub.storage.Transactions;
import org.orderhub.order.OrderEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of SPEC 4.5: inside the transaction of an order change, writes its event and one
 * pending delivery per subscriber that wants it, so an event exists exactly when its change does.
 * Knows the subscribers from the {@code subscribers} table, which their route files keep current.
 */
public final class Outbox implements OrderEvents {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final DataSource dataSource;
    private final Clock clock;
    private volatile Map<String, Subscriber> subscribers = Map.of();

    public Outbox(DataSource dataSource, Clock clock) throws SQLException {
        this.dataSource = dataSource;
        this.clock = clock;
        reload();
    }

    /** Reads the subscribers every node has registered (called at start and by dispatchers now and then). */
    public void reload() throws SQLException {
        Map<String, Subscriber> loaded = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, event_types, statuses, sites FROM subscribers");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                loaded.put(name, new Subscriber(name, Subscriber.split(rs.getString(2)),
                        Subscriber.split(rs.getString(3)), Subscriber.split(rs.getString(4))));
            }
        }
        subscribers = Map.copyOf(loaded);
    }

    /** Makes a subscriber's current filters the ones order changes are checked against, from now on. */
    public void register(Subscriber subscriber) throws SQLException {
        if (subscriber.equals(subscribers.get(subscriber.name()))) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE subscribers SET event_types = ?, statuses = ?, "
                    + "sites = ?, updated_at = ? WHERE name = ?")) {
                bind(ps, subscriber, now);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO subscribers (event_types, statuses, "
                        + "sites, updated_at, name) VALUES (?, ?, ?, ?, ?)")) {
                    bind(ps, subscriber, now);
                    ps.executeUpdate();
                } catch (SQLException raced) {
                    if (!Transactions.isUniqueViolation(raced)) {
                        throw raced;
                    }
                }
            }
        }
        Map<String, Subscriber> next = new LinkedHashMap<>(subscribers);
        next.put(subscriber.name(), subscriber);
        subscribers = Map.copyOf(next);
        LOG.info("Subscriber {} receives {} (statuses: {}, sites: {})", subscriber.name(),
                label(subscriber.eventTypes()), label(subscriber.statuses()), label(subscriber.sites()));
    }

    /** Forgets a subscriber: no new events for it; what was pending for it is dropped. */
    public boolean remove(String name) throws SQLException {
        boolean removed;
        try (Connection c = dataSource.getConnection()) {
            removed = Transactions.in(c, tx -> {
                try (PreparedStatement deliveries = tx.prepareStatement("DELETE FROM outbox_deliveries "
                        + "WHERE subscriber = ? AND state <> 'delivered'");
                     PreparedStatement subscriber = tx.prepareStatement("DELETE FROM subscribers WHERE name = ?")) {
                    deliveries.setString(1, name);
                    deliveries.executeUpdate();
                    subscriber.setString(1, name);
                    return subscriber.executeUpdate() > 0;
                }
            });
        }
        reload();
        return removed;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public List<Subscriber> subscribers() {
        return List.copyOf(subscribers.values());
    }

    /**
     * Records one order event on {@code c}, inside the change's transaction. Writes nothing when no
     * subscriber wants it.
     */
    @Override
    public void record(Connection c, long orderPk, String type, String status, String site, String previousStatus,
                       OrderSnapshot order) throws SQLException {
        List<Subscriber> wanting = subscribers.values().stream().filter(s -> s.wants(type, status, site)).toList();
        if (wanting.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        long eventId;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_events (order_pk, event_type, created_at, "
                + "data) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, orderPk);
            ps.setString(2, type);
            ps.setObject(3, now);
            ps.setString(4, EventData.render(order.read(), previousStatus).toString());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                eventId = keys.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_deliveries (subscriber, event_id, order_pk, "
                + "state, attempts, next_attempt_at) VALUES (?, ?, ?, 'pending', 0, ?)")) {
            for (Subscriber s : wanting) {
                ps.setString(1, s.name());
                ps.setLong(2, eventId);
                ps.setLong(3, orderPk);
                ps.setObject(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, Subscriber s, OffsetDateTime now) throws SQLException {
        ps.setString(1, Subscriber.join(s.eventTypes()));
        ps.setString(2, Subscriber.join(s.statuses()));
        ps.setString(3, Subscriber.join(s.sites()));
        ps.setObject(4, now);
        ps.setString(5, s.name());
    }

    private static String label(java.util.Set<String> values) {
        return values.isEmpty() ? "all" : String.join(",", values);
    }
}
