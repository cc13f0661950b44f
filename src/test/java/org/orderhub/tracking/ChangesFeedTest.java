package org.orderhub.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;

/**
 * {@code GET /orders/changes} (issue 16): a receiver that polls the feed from the beginning while 1,000
 * orders are being written sees each of them exactly once, and nothing more once nothing changes.
 */
class ChangesFeedTest {

    static final String FLYT_TOKEN = "test-flyt-token-0123456789";
    static RunningHub hub;
    static String sample;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream in = ChangesFeedTest.class.getResourceAsStream("/flyt/collection-by-customer.json")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        hub = RunningHub.start(Map.of(
                "orderhub.tracking.rate-limit", "1000", "orderhub.tracking.burst", "1000"));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static String place(String reference) {
        HttpResponse<String> placed = hub.sendJson("POST", "/flyt/orders", FLYT_TOKEN,
                sample.replace("SKIP-12345678", reference));
        assertEquals(200, placed.statusCode(), placed.body());
        return RunningHub.json(placed).get("OrderId").asText();
    }

    private static JsonNode page(String query) {
        HttpResponse<String> r = hub.get("/orders/changes" + query, RunningHub.FEED_KEY);
        assertEquals(200, r.statusCode(), r.body());
        return RunningHub.json(r);
    }

    @Test
    void a_poller_from_the_beginning_sees_every_order_of_a_run_once_while_they_are_written() throws Exception {
        Set<String> placed = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                for (int i = 0; i < 125; i++) {
                    placed.add(place("FEED-" + writer + "-" + i + "-" + System.nanoTime()));
                }
            }));
        }
        List<String> seen = new ArrayList<>();
        String cursor = ""; // from the beginning: the other tests' orders come too, once each
        int emptyAfterWriting = 0;
        long deadline = System.currentTimeMillis() + 120_000;
        while (emptyAfterWriting < 3 && System.currentTimeMillis() < deadline) {
            if (writing.get() && done.stream().allMatch(Future::isDone)) {
                writing.set(false);
            }
            JsonNode answer = page("?limit=150" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            answer.get("orders").forEach(o -> seen.add(o.get("id").asText()));
            if (!answer.get("next_cursor").isNull()) {
                cursor = answer.get("next_cursor").asText();
            }
            if (!writing.get() && answer.get("orders").isEmpty()) {
                emptyAfterWriting++;
                Thread.sleep(400); // a receiver polling again a little later: a late commit would show now
            } else if (!answer.get("more").asBoolean()) {
                Thread.sleep(100);
            }
        }
        for (Future<?> f : done) {
            f.get(); // a writer's failure fails the test
        }
        writers.shutdown();
        assertTrue(writers.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(1000, placed.size());
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no order twice");
        assertTrue(new HashSet<>(seen).containsAll(placed), "every order of the run");

        JsonNode after = page("?cursor=" + cursor);
        assertEquals(0, after.get("orders").size(), "nothing more when nothing changed");
        assertEquals(cursor, after.get("next_cursor").asText(), "the same cursor again");
    }

    @Test
    void a_site_filter_a_changed_order_and_the_tracking_schema() throws Exception {
        String id = place("FEED-SITE-" + System.nanoTime());
        Thread.sleep(400);
        JsonNode all = page("?site_id=BBBBBBBBB&limit=1000");
        JsonNode mine = null;
        for (JsonNode o : all.get("orders")) {
            if (o.get("id").asText().equals(id)) {
                mine = o;
            }
        }
        assertTrue(mine != null, all.toString());
        assertEquals("pending", mine.get("status").asText(), "seed 002's status words");
        assertEquals(9.00, mine.get("total").asDouble(), 0.001);
        assertEquals(0, page("?site_id=NOSUCHSITE").get("orders").size());

        String cursor = all.get("next_cursor").asText();
        HttpResponse<String> moved = hub.sendJson("POST", "/admin/orders/" + id + "/status", RunningHub.ADMIN_KEY,
                "{\"status\": \"ready\"}");
        assertEquals(200, moved.statusCode(), moved.body());
        Thread.sleep(400);
        JsonNode next = page("?site_id=BBBBBBBBB&cursor=" + cursor);
        assertEquals(1, next.get("orders").size(), next.toString());
        assertEquals("shipped", next.get("orders").get(0).get("status").asText());
        assertEquals("ready", next.get("orders").get(0).get("fulfillment_status").asText());
    }

    @Test
    void a_bad_cursor_or_limit_is_400_and_no_key_401() {
        HttpResponse<String> bad = hub.get("/orders/changes?cursor=not-a-cursor", RunningHub.FEED_KEY);
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(RunningHub.json(bad).get("errorMessage").asText().startsWith("cursor is not one this hub gave out"));
        assertEquals(400, hub.get("/orders/changes?limit=0", RunningHub.FEED_KEY).statusCode());
        assertEquals(400, hub.get("/orders/changes?since=yesterday", RunningHub.FEED_KEY).statusCode());
        assertEquals(401, hub.get("/orders/changes", null).statusCode());
    }

    @Test
    void an_api_key_without_feed_rights_gets_403_and_a_site_key_reads_only_its_sites() {
        HttpResponse<String> api = hub.get("/orders/changes", RunningHub.API_KEY);
        assertEquals(403, api.statusCode(), api.body());
        assertTrue(RunningHub.json(api).get("errorMessage").asText().contains("orderhub.feed-keys"), api.body());
        assertEquals(401, hub.get("/orders/changes", "not-a-key-of-any-family-0123").statusCode());

        HttpResponse<String> everywhere = hub.get("/orders/changes", RunningHub.SITE_FEED_KEY);
        assertEquals(403, everywhere.statusCode(), everywhere.body());
        assertTrue(RunningHub.json(everywhere).get("errorMessage").asText().contains("BBBBBBBBB"), everywhere.body());
        assertEquals(403, hub.get("/orders/changes?site_id=OTHER", RunningHub.SITE_FEED_KEY).statusCode());
        assertEquals(200, hub.get("/orders/changes?site_id=BBBBBBBBB", RunningHub.SITE_FEED_KEY).statusCode());
    }
}
