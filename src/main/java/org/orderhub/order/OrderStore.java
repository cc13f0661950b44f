package org.orderhub.order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.order.UpsertResult.Outcome;
import org.orderhub.security.Pii;
import org.orderhub.storage.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one canonical record per order: every inbound flow upserts here by (source, order_id), every
 * status change appends an event, and lookups read from here. Each call is one transaction.
 */
public final class OrderStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderStore.class);


    private final DataSource dataSource;
    private final Clock clock;
    private final BatchWriter writer;
    private final boolean visibleBeforeDurable;
    private final TagRules tagRules;
    private final OrderEvents outbox;
    private final OrderReads reads;
    private volatile java.util.function.BiConsumer<String, UpsertResult> stored = (source, result) -> { };

    public OrderStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, null, null);
    }

    /**
     * @param tagRules tags every stored order by its contents; null for none
     * @param outbox   receives the events of every change, in the change's transaction; null for none
     */
    public OrderStore(DataSource dataSource, Clock clock, TagRules tagRules, OrderEvents outbox) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.tagRules = tagRules;
        this.outbox = outbox;
        this.reads = new OrderReads(dataSource);
        this.writer = new BatchWriter(dataSource);
        this.visibleBeforeDurable = isH2(dataSource);
    }

    /**
     * H2 shows a commit to other connections before it has written it; PostgreSQL makes a commit visible only
     * after its WAL is flushed, so there a read never sees what a crash could take back.
     */
    private static boolean isH2(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return "H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            return true; // the safe side: answers wait for the writer
        }
    }

    /** Returns once everything visible to a read now is on disk (an empty group through the single writer, on H2). */
    private void awaitDurable() throws SQLException {
        if (visibleBeforeDurable) {
            writer.submit(c -> null);
        }
    }

    /**
     * On H2 (which writes each commit but does not force it to the device): every group commit is forced to
     * disk before its callers are answered, so an acknowledged order survives a power cut. PostgreSQL does
     * this itself ({@code synchronous_commit}); there it changes nothing.
     */
    public void syncEachCommit() {
        if (visibleBeforeDurable) {
            writer.syncEachGroup();
        }
    }

    /** Told of every stored order (source, outcome), after its commit: the hub's metrics. */
    public void onStored(java.util.function.BiConsumer<String, UpsertResult> listener) {
        this.stored = listener;
    }

    /**
     * Stores a canonical order document for {@code source}: creates it, replaces it with newer
     * state, or, when it is older than what is stored, only records its status in the history.
     *
     * @throws InvalidOrderException naming every problem of the document; nothing is stored then
     */
    public UpsertResult upsert(String source, ObjectNode document) throws SQLException {
        return upsert(source, null, document);
    }

    /**
     * As {@link #upsert(String, ObjectNode)}, once per partner delivery: a delivery id seen before
     * answers with its order and outcome DUPLICATE and changes nothing; a new one is recorded in the
     * same transaction as the order, so a redelivery after a crash or restart is recognised too.
     */
    public UpsertResult upsert(String source, String deliveryId, ObjectNode document) throws SQLException {
        return BatchWriter.await(upsertAsync(source, deliveryId, document));
    }

    /**
     * As {@link #upsert(String, String, ObjectNode)} without waiting: orders queued together (a poller's
     * page) share group transactions. The future completes after the commit, or with the refusal.
     */
    public java.util.concurrent.CompletableFuture<UpsertResult> upsertAsync(String source, String deliveryId,
                                                                          ObjectNode document) {
        if (tagRules != null) {
            tagRules.apply(document);
        }
        CanonicalOrder order;
        try {
            order = CanonicalOrder.from(document, clock.instant());
        } catch (InvalidOrderException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return writer.submitAsync(source + '\n' + order.orderId(), (Connection c) -> {
            Savepoint beforeLookup = c.setSavepoint();
            try {
                return deliver(c, source, deliveryId, order);
            } catch (SQLException e) {
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
                // another writer stored the same order or delivery between our look-up and insert
                c.rollback(beforeLookup);
                return deliver(c, source, deliveryId, order);
            }
        }).thenApply(result -> {
            if (result.outcome() != Outcome.DUPLICATE) {
                logChange(source, order, result);
            }
            stored.accept(source, result);
            return result;
        });
    }

    private UpsertResult deliver(Connection c, String source, String deliveryId, CanonicalOrder order)
            throws SQLException {
        if (deliveryId == null) {
            return upsertIn(c, source, order);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT d.order_pk, o.status FROM webhook_deliveries d JOIN orders o ON o.id = d.order_pk "
                        + "WHERE d.partner = ? AND d.delivery_id = ?")) {
            ps.setString(1, source);
            ps.setString(2, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new UpsertResult(rs.getLong(1), Outcome.DUPLICATE, OrderStatus.parse(rs.getString(2)));
                }
            }
        }
        UpsertResult result = upsertIn(c, source, order);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_deliveries (partner, delivery_id, "
                + "order_pk, received_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, source);
            ps.setString(2, deliveryId);
            ps.setLong(3, result.id());
            ps.setObject(4, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            ps.executeUpdate();
        }
        return result;
    }

    private UpsertResult upsertIn(Connection c, String source, CanonicalOrder order) throws SQLException {
        String detail = order.statusDetail();
        // a plain look-up first: H2 parses a FOR UPDATE query anew every time (it does not cache it), and
        // most orders are new; the row is locked only when there is one to change. A concurrent insert
        // of the same order fails on the unique key and the caller runs this again.
        Optional<Long> existing = OrderReads.idOf(c, source, order.orderId());
        if (existing.isEmpty()) {
            long id = insertOrder(c, source, order);
            insertItems(c, id, order.items());
            insertEvent(c, id, order.updatedAt(), order.status(), source, detail == null ? "created" : detail);
            publish(c, id, OrderEvents.ORDER_CREATED, order.status(), order.siteId(), null);
            return new UpsertResult(id, Outcome.CREATED, order.status());
        }
        long id = existing.get();
        String previousStatus;
        try (PreparedStatement ps = c.prepareStatement("SELECT updated_at, status FROM orders WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (order.updatedAt().isBefore(rs.getObject(1, OffsetDateTime.class))) {
                    insertEvent(c, id, order.updatedAt(), order.status(), source,
                            "out of order: older than the stored state, not applied");
                    return new UpsertResult(id, Outcome.STALE, order.status());
                }
                previousStatus = rs.getString(2);
            }
        }
        updateOrder(c, id, order);
        try (PreparedStatement del = c.prepareStatement("DELETE FROM order_items WHERE order_pk = ?")) {
            del.setLong(1, id);
            del.executeUpdate();
        }
        insertItems(c, id, order.items());
        if (!order.status().wireName().equals(previousStatus)) {
            insertEvent(c, id, order.updatedAt(), order.status(), source, detail);
            publish(c, id, OrderEvents.ORDER_STATUS_CHANGED, order.status(), order.siteId(), previousStatus);
        } else {
            publish(c, id, OrderEvents.ORDER_UPDATED, order.status(), order.siteId(), null);
        }
        return new UpsertResult(id, Outcome.UPDATED, order.status());
    }

    /**
     * Moves an order to a new status (staff, terminal); subscribers hear of it when the status differs.
     * Returns false when there is no such order.
     */
    public boolean changeStatus(long id, OrderStatus status, String source, String detail) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        boolean changed = writer.submit(c -> {
            String previous;
            String site;
            try (PreparedStatement ps = c.prepareStatement("SELECT status, site_id FROM orders WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    previous = rs.getString(1);
                    site = rs.getString(2);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET status = ?, updated_at = ?, changed_at = ?, "
                    + "change_seq = ? WHERE id = ?")) {
                ps.setString(1, status.wireName());
                ps.setObject(2, now);
                ps.setObject(3, changedAt());
                ps.setLong(4, writer.changeSeq());
                ps.setLong(5, id);
                ps.executeUpdate();
            }
            insertEvent(c, id, now, status, source, detail);
            if (!status.wireName().equals(previous)) {
                publish(c, id, OrderEvents.ORDER_STATUS_CHANGED, status, site, previous);
            }
            return true;
        });
        if (changed) {
            LOG.info("order {} status {} by {}", id, status.wireName(), source);
        }
        return changed;
    }

    /** Writes the change's events to the outbox, with the order as this transaction sees it. */
    private void publish(Connection c, long id, String type, OrderStatus status, String site, String previousStatus)
            throws SQLException {
        if (outbox != null) {
            outbox.record(c, id, type, status.wireName(), site, previousStatus, () -> read(c, id));
        }
    }

    private ObjectNode read(Connection c, long id) throws SQLException {
        return OrderReads.find(c, new OrderQuery(id, null, null, null), 1).get(0);
    }

    /** The hub's clock at a change, to the millisecond (exports compare it exactly). */
    private OffsetDateTime changedAt() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    private long insertOrder(Connection c, String source, CanonicalOrder o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (source, order_id, ref_id, site_id, "
                + "status, pickup_type, delivery_by, origin, customer_name, customer_email, customer_phone, "
                + "email_key, phone_key, total, tax, currency, tracking_number, details, created_at, updated_at, "
                + "changed_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, source);
            ps.setString(2, o.orderId());
            int next = bindOrder(ps, 3, o);
            ps.setObject(next++, changedAt());
            ps.setLong(next, writer.changeSeq());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong("id");
            }
        }
    }

    private void updateOrder(Connection c, long id, CanonicalOrder o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET ref_id = ?, site_id = ?, status = ?, "
                + "pickup_type = ?, delivery_by = ?, origin = ?, customer_name = ?, customer_email = ?, "
                + "customer_phone = ?, email_key = ?, phone_key = ?, total = ?, tax = ?, currency = ?, "
                + "tracking_number = ?, details = ?, created_at = ?, updated_at = ?, changed_at = ?, change_seq = ? "
                + "WHERE id = ?")) {
            int next = bindOrder(ps, 1, o);
            ps.setObject(next++, changedAt());
            ps.setLong(next++, writer.changeSeq());
            ps.setLong(next, id);
            ps.executeUpdate();
        }
    }

    /** Binds the columns shared by insert and update, from ref_id to updated_at; returns the next index. */
    private static int bindOrder(PreparedStatement ps, int i, CanonicalOrder o) throws SQLException {
        ps.setString(i++, o.refId());
        ps.setString(i++, o.siteId());
        ps.setString(i++, o.status().wireName());
        ps.setString(i++, o.pickupType());
        ps.setString(i++, o.deliveryBy());
        ps.setString(i++, o.origin());
        ps.setString(i++, o.customerName());
        ps.setString(i++, o.customerEmail());
        ps.setString(i++, o.customerPhone());
        ps.setString(i++, emailKey(o.customerEmail()));
        ps.setString(i++, PhoneNumbers.key(o.customerPhone()));
        setLong(ps, i++, o.total());
        setLong(ps, i++, o.tax());
        ps.setString(i++, o.currency());
        ps.setString(i++, o.trackingNumber());
        ps.setString(i++, o.details());
        ps.setObject(i++, o.createdAt());
        ps.setObject(i++, o.updatedAt());
        return i;
    }

    private static void insertItems(Connection c, long orderPk, List<CanonicalOrder.Item> items) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO order_items (order_pk, line_no, parent_line, "
                + "sku, name, description, quantity, price, image_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (CanonicalOrder.Item item : items) {
                ps.setLong(1, orderPk);
                ps.setInt(2, item.lineNo());
                if (item.parentLine() == null) {
                    ps.setNull(3, Types.INTEGER);
                } else {
                    ps.setInt(3, item.parentLine());
                }
                ps.setString(4, item.sku());
                ps.setString(5, item.name());
                ps.setString(6, item.description());
                ps.setInt(7, item.quantity());
                setLong(ps, 8, item.price());
                ps.setString(9, item.imageUrl());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertEvent(Connection c, long orderPk, OffsetDateTime time, OrderStatus status,
                                    String source, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO order_events (order_pk, event_time, status, source, detail) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, orderPk);
            ps.setObject(2, time);
            ps.setString(3, status.wireName());
            ps.setString(4, source);
            ps.setString(5, detail == null ? null : truncate(detail, 1000));
            ps.executeUpdate();
        }
    }

    /** Stops the group-commit writer; called when the hub stops, before the database closes. */
    @Override
    public void close() {
        writer.close();
    }

    // Reads live in OrderReads; these delegates keep the store the one entry point callers hold.

    /**
     * The hub id of a partner's order, if stored — and then only once its commit is on disk, so it may be
     * given as an answer: H2 makes a commit visible to other connections before it has written it, so a row
     * read here may belong to the writer's group commit still in flight (a kill then would lose an order its
     * sender was told exists). An empty group through the single writer completes only after that one.
     */
    public Optional<Long> idOf(String source, String orderId) throws SQLException {
        Optional<Long> id = reads.idOf(source, orderId);
        if (id.isPresent()) {
            awaitDurable();
        }
        return id;
    }

    /** One order as a canonical document with its hub {@code id}, or empty. */
    public Optional<ObjectNode> get(long id) throws SQLException {
        return reads.get(id);
    }

    /** Orders matching every given filter, newest first, at most {@code limit}. */
    public List<ObjectNode> find(OrderQuery query, int limit) throws SQLException {
        return reads.find(query, limit);
    }

    /**
     * A page of orders changed after {@code since}, in commit order; one site's if given. Every change it
     * hands out is on disk: H2 shows a commit to readers before it has written it, so the page is answered only
     * after an empty group through the single writer, which completes after the group it may have read from.
     */
    public ChangedOrders changedSince(ChangedOrders.Mark since, int limit, String site) throws SQLException {
        ChangedOrders page = reads.changedSince(since, limit, site);
        if (!page.orders().isEmpty()) {
            awaitDurable();
        }
        return page;
    }

    /** The status history of an order, oldest first. */
    public List<ObjectNode> events(long id) throws SQLException {
        return reads.events(id);
    }

    private void logChange(String source, CanonicalOrder o, UpsertResult r) {
        LOG.info("order {} {} source={} order_id={} site={} status={} customer={} phone={}", r.id(),
                r.outcome().name().toLowerCase(Locale.ROOT), source, o.orderId(), o.siteId(), o.status().wireName(),
                Pii.text(o.customerName()), Pii.phone(o.customerPhone()));
    }

    static String emailKey(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
