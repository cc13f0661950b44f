package org.orderhub.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orderhub.TestDatabase;
import org.orderhub.api.Json;
import org.orderhub.order.UpsertResult.Outcome;
import org.orderhub.storage.Database;

/**
 * The canonical store on a real database (H2 file, or PostgreSQL in the build's second run):
 * idempotent upserts, history, exact money, indexed lookups.
 */
class OrderStoreTest {

    private static Database database;
    private static OrderStore store;

    @BeforeAll
    static void open() throws Exception {
        Path dir = Files.createTempDirectory("orderstore-test");
        Map<String, String> db = TestDatabase.settingsFor(dir);
        database = Database.open(db.get("orderhub.db.url"), db.get("orderhub.db.user"), db.get("orderhub.db.password"),
                dir, 8);
        store = new OrderStore(database.dataSource(), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        store.close();
        database.stop();
    }

    private static ObjectNode doc(String json) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    private static ObjectNode order(String orderId, String status, String updatedAt) throws Exception {
        return doc("""
                {"order_id": "%s", "site_id": "S1", "status": "%s", "customer": {"phone": "+447910575785",
                 "name": "Hannah Customer"}, "total": 900, "currency": "GBP",
                 "items": [{"sku": "11212121", "name": "Fish and Chips", "price": 750,
                            "children": [{"sku": "11211", "name": "Extra Sauce", "price": 150,
                                          "children": [{"sku": "9", "name": "Extra Salt", "price": 0}]}]}],
                 "vehicle": {"make": "Volvo", "color": "red", "plate": "AB12 CDE"},
                 "created_at": "2024-10-10T14:21:00Z", "updated_at": "%s"}
                """.formatted(orderId, status, updatedAt));
    }

    @Test
    void creates_once_then_updates_by_source_and_partner_order_id() throws Exception {
        UpsertResult first = store.upsert("p1", order("U-1", "created", "2024-10-10T14:21:00Z"));
        UpsertResult second = store.upsert("p1", order("U-1", "ready", "2024-10-10T14:30:00Z"));
        UpsertResult otherSource = store.upsert("p2", order("U-1", "created", "2024-10-10T14:21:00Z"));

        assertEquals(Outcome.CREATED, first.outcome());
        assertEquals(Outcome.UPDATED, second.outcome());
        assertEquals(first.id(), second.id());
        assertEquals(Outcome.CREATED, otherSource.outcome(), "order ids are unique per source only");
        ObjectNode stored = store.get(first.id()).orElseThrow();
        assertEquals("ready", stored.get("status").asText());
        assertEquals("2024-10-10T14:30:00Z", stored.get("updated_at").asText());
        assertEquals(List.of("created", "ready"), statuses(first.id()));
    }

    @Test
    void keeps_newer_state_when_an_older_event_arrives_late_but_records_it() throws Exception {
        long id = store.upsert("p1", order("OOO-1", "ready", "2024-10-10T15:00:00Z")).id();
        UpsertResult late = store.upsert("p1", order("OOO-1", "preparing", "2024-10-10T14:50:00Z"));

        assertEquals(Outcome.STALE, late.outcome());
        assertEquals("ready", store.get(id).orElseThrow().get("status").asText());
        assertEquals(List.of("ready", "preparing"), statuses(id));
        assertTrue(store.events(id).get(1).get("detail").asText().contains("out of order"));
    }

    @Test
    void stores_items_with_nested_modifiers_and_exact_money() throws Exception {
        long id = store.upsert("p1", order("ITEMS-1", "created", "2024-10-10T14:21:00Z")).id();
        ObjectNode o = store.get(id).orElseThrow();
        assertEquals(900, o.get("total").asLong());
        assertEquals("Fish and Chips", o.at("/items/0/name").asText());
        assertEquals(1, o.at("/items/0/quantity").asInt(), "quantity defaults to 1");
        assertEquals("Extra Sauce", o.at("/items/0/children/0/name").asText());
        assertEquals("Extra Salt", o.at("/items/0/children/0/children/0/name").asText());
        assertEquals("Volvo", o.at("/vehicle/make").asText(), "fields without a column travel in the document");
        assertEquals(1, o.get("items").size());
    }

    @Test
    void refuses_an_invalid_document_naming_every_problem_and_stores_nothing() throws Exception {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> store.upsert("p1", doc("""
                {"status": "lost", "total": 9.5, "currency": "pounds", "created_at": "yesterday",
                 "items": [{"name": "x", "quantity": "two"}]}
                """)));
        for (String part : List.of("order_id", "site_id", "status", "total", "currency", "created_at", "quantity")) {
            assertTrue(e.getMessage().contains(part), part + " in " + e.getMessage());
        }
        assertEquals(0, count("SELECT COUNT(*) FROM orders WHERE order_id IS NULL OR site_id = ''"));
    }

    @Test
    void concurrent_copies_of_one_order_make_one_order() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                Callable<Long> upsert = () -> store.upsert("race", order("RACE-1", "created",
                        "2024-10-10T14:21:00Z")).id();
                results.add(pool.submit(upsert));
            }
            Set<Long> ids = new HashSet<>();
            for (Future<Long> f : results) {
                ids.add(f.get());
            }
            assertEquals(1, ids.size());
            assertEquals(1, count("SELECT COUNT(*) FROM orders WHERE source = 'race'"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void two_nodes_storing_the_same_orders_in_opposite_order_store_each_once_without_failing() throws Exception {
        // two stores on one database are two nodes: two group-commit writers whose transactions each
        // insert orders the other one inserts too, in the opposite order: a deadlock for the database.
        // Only nodes sharing PostgreSQL meet this; one JVM owns an H2 file and has one writer.
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabase.postgres(), "several nodes share PostgreSQL only");
        int orders = 300;
        OrderStore otherNode = new OrderStore(database.dataSource(), Clock.systemUTC());
        try {
            List<java.util.concurrent.CompletableFuture<UpsertResult>> results = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                results.add(store.upsertAsync("two-nodes", "d" + i, order("TWO-" + i, "created", "2024-10-10T14:21:00Z")));
                int j = orders - 1 - i;
                results.add(otherNode.upsertAsync("two-nodes", "d" + j, order("TWO-" + j, "created", "2024-10-10T14:21:00Z")));
            }
            Map<Outcome, Long> outcomes = new java.util.EnumMap<>(Outcome.class);
            for (var result : results) {
                outcomes.merge(result.get(60, java.util.concurrent.TimeUnit.SECONDS).outcome(), 1L, Long::sum);
            }
            assertEquals(Map.of(Outcome.CREATED, (long) orders, Outcome.DUPLICATE, (long) orders), outcomes);
            assertEquals(orders, count("SELECT COUNT(*) FROM orders WHERE source = 'two-nodes'"));
        } finally {
            otherNode.close();
        }
    }

    @Test
    void a_write_the_database_aborts_in_a_deadlock_is_retried_and_succeeds() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabase.postgres(), "several nodes share PostgreSQL only");
        new org.orderhub.storage.HubState(database.dataSource()).put("deadlock.x", "0");
        new org.orderhub.storage.HubState(database.dataSource()).put("deadlock.y", "0");
        BatchWriter one = new BatchWriter(database.dataSource());
        BatchWriter other = new BatchWriter(database.dataSource());
        try {
            // each write holds one row and then wants the row the other holds: one of them must be aborted
            var first = one.submitAsync(c -> touchBoth(c, "deadlock.x", "deadlock.y"));
            var second = other.submitAsync(c -> touchBoth(c, "deadlock.y", "deadlock.x"));
            assertEquals(2, first.get(30, java.util.concurrent.TimeUnit.SECONDS)
                    + second.get(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            one.close();
            other.close();
        }
    }

    private static int touchBoth(Connection c, String firstKey, String secondKey) throws java.sql.SQLException {
        int touched = 0;
        for (String key : List.of(firstKey, secondKey)) {
            try (var ps = c.prepareStatement("UPDATE hub_state SET state_value = state_value || '+' WHERE state_key = ?")) {
                ps.setString(1, key);
                touched += ps.executeUpdate();
            }
            try {
                Thread.sleep(300); // both writers hold their first row before either asks for its second
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return touched / 2;
    }

    @Test
    void tracking_lookups_read_an_index_not_the_whole_table() throws Exception {
        for (OrderQuery q : List.of(new OrderQuery(null, "a@b.c", null, null), new OrderQuery(null, null, "1234567", null),
                new OrderQuery(null, null, null, "REF"), new OrderQuery(7L, null, null, null))) {
            String plan = explain(OrderReads.lookupSql(q), OrderReads.lookupArgs(q, 50));
            assertTrue(!plan.contains("tableScan") && !plan.contains("Seq Scan on orders"),
                    "lookup " + q + " scans the table:\n" + plan);
        }
    }

    private static String explain(String sql, List<Object> args) throws Exception {
        try (Connection c = database.connection();
             var ps = c.prepareStatement("EXPLAIN " + sql)) {
            if (TestDatabase.postgres()) {
                // on a table this small PostgreSQL rightly prefers a scan; ask whether an index can serve it
                c.createStatement().execute("SET enable_seqscan = off");
            }
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<String> statuses(long id) throws Exception {
        return store.events(id).stream().map(e -> e.get("status").asText()).toList();
    }

    private static long count(String sql) throws Exception {
        try (Connection c = database.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
