package org.orderhub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.orderhub.subscriber.FakeSubscriber;

/**
 * The changes feed across two hub JVMs on one PostgreSQL database (issue 16): orders written through
 * both nodes while a receiver polls one of them are each seen once; a commit held back for seconds is still
 * handed out by the feed and by an export running every second on both nodes (issue 24).
 */
class ChangesFeedClusterTest {

    private static final String FLYT = "cluster-flyt-token-0123456789";
    private static final String API = "cluster-api-key-0123456789";
    private static final String FEED = "cluster-feed-key-0123456789";

    @Test
    void a_poller_of_one_node_sees_every_order_written_through_both_once() throws Exception {
        String database = TestDatabase.createDatabase("feed_" + ProcessHandle.current().pid());
        List<String> settings = new ArrayList<>(TestDatabase.postgresSettings(database).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        try (FakeSubscriber exportReceiver = new FakeSubscriber()) {
            settings.addAll(List.of("orderhub.flyt.token=" + FLYT, "orderhub.api-keys=" + API, "orderhub.feed-keys=" + FEED,
                    "orderhub.admin-keys=" + RunningHub.ADMIN_KEY, "orderhub.tracking.rate-limit=1000",
                    "orderhub.tracking.burst=1000", "support-ai.export-url=" + exportReceiver.url(),
                    "support-ai.signing-secret=" + FakeSubscriber.SECRET, "support-ai.export-cron=0/1 * * * * ?"));
            writeAndReadThroughTwoNodes(settings, database, exportReceiver);
        }
    }

    private static void writeAndReadThroughTwoNodes(List<String> settings, String database, FakeSubscriber exports)
            throws Exception {
        int portA = RunningHub.freePort();
        int portB = RunningHub.freePort();
        try (HubProcess a = node(settings, portA); HubProcess b = node(settings, portB)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> HubProcess.healthStatus(portA) == 200
                    && HubProcess.healthStatus(portB) == 200);
            List<RunningHub> nodes = List.of(RunningHub.at(portA), RunningHub.at(portB));
            String sample;
            try (InputStream in = ChangesFeedClusterTest.class.getResourceAsStream("/flyt/collection-by-customer.json")) {
                sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Set<String> placed = ConcurrentHashMap.newKeySet();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                String body = sample;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        HttpResponse<String> r = nodes.get((writer + i) % 2).sendJson("POST", "/flyt/orders", FLYT,
                                body.replace("SKIP-12345678", "FEED-" + writer + "-" + i + "-" + System.nanoTime()));
                        assertEquals(200, r.statusCode(), r.body());
                        placed.add(RunningHub.json(r).get("OrderId").asText());
                    }
                }));
            }
            RunningHub reader = nodes.get(1);
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int emptyAfterWriting = 0;
            long deadline = System.currentTimeMillis() + 120_000;
            while (emptyAfterWriting < 3 && System.currentTimeMillis() < deadline) {
                boolean writing = !done.stream().allMatch(Future::isDone);
                HttpResponse<String> r = reader.get("/orders/changes?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), FEED);
                assertEquals(200, r.statusCode(), r.body());
                JsonNode page = RunningHub.json(r);
                page.get("orders").forEach(o -> seen.add(o.get("id").asText()));
                if (!page.get("next_cursor").isNull()) {
                    cursor = page.get("next_cursor").asText();
                }
                if (!writing && page.get("orders").isEmpty()) {
                    emptyAfterWriting++;
                    Thread.sleep(1200); // a receiver's polling interval
                } else if (!page.get("more").asBoolean()) {
                    Thread.sleep(100);
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
            writers.shutdown();
            assertEquals(400, placed.size());
            assertEquals(seen.size(), new HashSet<>(seen).size(), "no order twice");
            assertTrue(new HashSet<>(seen).containsAll(placed), "every order, whichever node took it");

            lateCommitIsHandedOutLate(nodes, database, sample, cursor, exports);
        }
    }

    /**
     * A commit held back (the test holds a lock on the order its change needs) while another node changes
     * another order: the reader, polling all along, still gets the held change once it commits, and so does the
     * export, whose runs (every second) moved its watermark past the other change meanwhile. With changes
     * ordered by the time they were stamped, the other node's later change went out first, the cursor moved
     * past the held one, and it was never handed out.
     */
    private static void lateCommitIsHandedOutLate(List<RunningHub> nodes, String database, String sample,
                                                  String cursor, FakeSubscriber exports) throws Exception {
        String held = RunningHub.json(nodes.get(0).sendJson("POST", "/flyt/orders", FLYT,
                sample.replace("SKIP-12345678", "LATE-A-" + System.nanoTime()))).get("OrderId").asText();
        String other = RunningHub.json(nodes.get(1).sendJson("POST", "/flyt/orders", FLYT,
                sample.replace("SKIP-12345678", "LATE-B-" + System.nanoTime()))).get("OrderId").asText();
        Map<String, String> db = TestDatabase.postgresSettings(database);
        ExecutorService changes = Executors.newFixedThreadPool(2);
        Map<String, String> seen = new java.util.HashMap<>();
        try (java.sql.Connection lock = java.sql.DriverManager.getConnection(db.get("orderhub.db.url"),
                db.get("orderhub.db.user"), db.get("orderhub.db.password"))) {
            lock.setAutoCommit(false);
            try (var ps = lock.prepareStatement("SELECT id FROM orders WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, Long.parseLong(held));
                ps.executeQuery().close();
            }
            Future<HttpResponse<String>> first = changes.submit(() -> nodes.get(0).sendJson("POST",
                    "/admin/orders/" + held + "/status", RunningHub.ADMIN_KEY, "{\"status\": \"ready\"}"));
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingOnALock(lock) >= 1);
            Future<HttpResponse<String>> second = changes.submit(() -> nodes.get(1).sendJson("POST",
                    "/admin/orders/" + other + "/status", RunningHub.ADMIN_KEY, "{\"status\": \"ready\"}"));
            // the reader polls all the while the first change is held (2.5 s; the export runs every second)
            long until = System.currentTimeMillis() + 2_500;
            while (System.currentTimeMillis() < until) {
                cursor = poll(nodes.get(1), cursor, seen);
            }
            lock.rollback();
            assertEquals(200, first.get().statusCode());
            assertEquals(200, second.get().statusCode());
        } finally {
            changes.shutdown();
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (!("ready".equals(seen.get(held)) && "ready".equals(seen.get(other)))
                && System.currentTimeMillis() < deadline) {
            cursor = poll(nodes.get(1), cursor, seen);
        }
        assertEquals("ready", seen.get(other), "the other node's change: " + seen);
        assertEquals("ready", seen.get(held), "the change that committed late was handed out: " + seen);
        await("the export sent both changes").atMost(Duration.ofSeconds(30)).until(() ->
                exportedReady(exports).containsAll(Set.of(held, other)));
    }

    /** The orders an export POSTed with fulfilment status ready. */
    private static Set<String> exportedReady(FakeSubscriber exports) {
        Set<String> ready = new HashSet<>();
        exports.accepted().forEach(post -> post.body().forEach(o -> {
            if ("ready".equals(o.path("fulfillment_status").asText())) {
                ready.add(o.get("id").asText());
            }
        }));
        return ready;
    }

    private static String poll(RunningHub reader, String cursor, Map<String, String> seen) throws Exception {
        HttpResponse<String> r = reader.get("/orders/changes?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), FEED);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode page = RunningHub.json(r);
        page.get("orders").forEach(o -> seen.put(o.get("id").asText(), o.get("fulfillment_status").asText()));
        if (!page.get("more").asBoolean()) {
            Thread.sleep(100); // a receiver's polling interval
        }
        return page.get("next_cursor").isNull() ? cursor : page.get("next_cursor").asText();
    }

    /** How many other sessions wait on a lock in this database (PostgreSQL's own view). */
    private static int waitingOnALock(java.sql.Connection c) throws java.sql.SQLException {
        try (var ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock'"); var rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static HubProcess node(List<String> settings, int port) throws IOException {
        List<String> own = new ArrayList<>(settings);
        own.add("camel.server.port=" + port);
        own.add("orderhub.data-dir=" + Files.createTempDirectory("orderhub-node"));
        return HubProcess.start(App.class, own);
    }
}
