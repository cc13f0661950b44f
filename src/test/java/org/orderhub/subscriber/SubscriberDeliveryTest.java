package org.orderhub.subscriber;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderhub.RunningHub;

/**
 * The shipped FlyBuy subscriber (routes/subscribers/flybuy.camel.yaml, without its FlyBuy mapping: ShippedRoutes) pointed at a receiver on
 * 127.0.0.1: Flyt orders and admin status changes arrive signed, in order, retried, dead-lettered and
 * replayed. Retry waits are shortened to 300 ms steps by property.
 */
class SubscriberDeliveryTest {

    static final String FLYT_TOKEN = "test-flyt-token-0123456789";
    static final FakeSubscriber receiver = new FakeSubscriber();

    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of(
            "orderhub.routes-dir", org.orderhub.ShippedRoutes.hubPayload(), "flybuy.url", receiver.url(),
            "flybuy.signing-secret", FakeSubscriber.SECRET,
            "orderhub.subscribers.poll-interval", "100",
            "orderhub.subscribers.retry-schedule", "0s,300ms,600ms,900ms"));

    private static final AtomicInteger refs = new AtomicInteger();

    @AfterEach
    void receiverAcceptsAgain() {
        receiver.answer(body -> FakeSubscriber.Answer.OK);
    }

    /** Seed 001's collection order, under a fresh reference: its hub id. */
    static String placeFlytOrder(RunningHub hub, String reference) {
        String body = seedBody().replace("SKIP-12345678", reference);
        HttpResponse<String> placed = hub.sendJson("POST", "/flyt/orders", FLYT_TOKEN, body);
        assertEquals(200, placed.statusCode(), placed.body());
        return RunningHub.json(placed).get("OrderId").asText();
    }

    static String seedBody() {
        try (InputStream in = SubscriberDeliveryTest.class.getResourceAsStream("/flyt/collection-by-customer.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void markReady(RunningHub hub, String orderId) {
        HttpResponse<String> r = hub.sendJson("POST", "/admin/orders/" + orderId + "/status", RunningHub.ADMIN_KEY,
                "{\"status\": \"ready\", \"detail\": \"bagged\"}");
        assertEquals(200, r.statusCode(), r.body());
    }

    private static String newRef() {
        return "SUB-" + refs.incrementAndGet() + "-" + System.nanoTime();
    }

    @Test
    void a_flyt_order_made_ready_reaches_the_subscriber_as_created_then_ready_correctly_signed() {
        String id = placeFlytOrder(hub, newRef());
        markReady(hub, id);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedFor(id).size() >= 2);
        assertEquals(List.of("order.created", "order.status_changed"), receiver.acceptedTypesFor(id));
        assertEquals(0, receiver.badSignatures());
        FakeSubscriber.Attempt created = receiver.acceptedFor(id).get(0);
        FakeSubscriber.Attempt ready = receiver.acceptedFor(id).get(1);
        assertEquals(created.webhookId(), created.body().get("id").asText());
        assertTrue(created.body().get("id").asText().startsWith("evt_"), created.body().toString());
        assertTrue(created.body().get("timestamp").asText().endsWith("Z"));

        JsonNode order = created.body().get("data");
        assertEquals("created", order.get("status").asText());
        assertEquals("flyt", order.get("source").asText());
        assertEquals("BBBBBBBBB", order.get("site_id").asText());
        assertEquals("pickup", order.get("pickup_type").asText());
        assertTrue(order.path("customer").hasNonNull("phone"), order.toString());
        assertTrue(order.path("customer").hasNonNull("name"), order.toString());
        assertEquals("Fish and Chips", order.get("items").get(0).get("name").asText());
        assertEquals("Extra Sauce", order.get("items").get(0).get("children").get(0).get("name").asText());
        assertTrue(order.get("tags").toString().contains("fries"), order.toString());
        assertTrue(order.path("pickup_window").has("start"), order.toString());

        JsonNode changed = ready.body().get("data");
        assertEquals("ready", changed.get("status").asText());
        assertEquals("created", changed.get("previous_status").asText());
        assertEquals(order.get("order_id"), changed.get("order_id"));
    }

    @Test
    void failed_deliveries_are_retried_until_the_receiver_takes_them() {
        AtomicInteger failures = new AtomicInteger();
        receiver.answer(body -> failures.getAndIncrement() < 2
                ? new FakeSubscriber.Answer(500, null) : FakeSubscriber.Answer.OK);
        String id = placeFlytOrder(hub, newRef());

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedFor(id).size() == 1);
        List<FakeSubscriber.Attempt> tries = receiver.attempts().stream().filter(a -> a.orderId().equals(id)).toList();
        assertEquals(List.of(500, 500, 200), tries.stream().map(FakeSubscriber.Attempt::status).toList());
        assertEquals(1, tries.stream().map(FakeSubscriber.Attempt::webhookId).distinct().count(),
                "every retry carries the same webhook-id");
        assertTrue(tries.get(1).arrivedMillis() - tries.get(0).arrivedMillis() >= 250, "waited before the retry");
    }

    @Test
    void a_failing_order_holds_back_only_its_own_events_then_is_dead_lettered_and_replayed() {
        String stuck = placeFlytOrder(hub, newRef());
        receiver.answer(body -> body.path("data").path("id").asText().equals(stuck)
                ? new FakeSubscriber.Answer(500, null) : FakeSubscriber.Answer.OK);
        markReady(hub, stuck);
        String flowing = placeFlytOrder(hub, newRef());
        markReady(hub, flowing);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedFor(flowing).size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters().size() >= 1
                && deadLetters().toString().contains("\"order\":\"" + stuck + "\""));
        JsonNode dead = deadLetters();
        assertEquals("HTTP 500", dead.get(0).get("last_error").asText());
        assertEquals(4, dead.get(0).get("attempts").asInt());

        receiver.answer(body -> FakeSubscriber.Answer.OK);
        HttpResponse<String> replay = hub.sendJson("POST", "/admin/subscribers/flybuy/dead-letters/replay",
                RunningHub.ADMIN_KEY, "");
        assertEquals(200, replay.statusCode(), replay.body());
        assertTrue(RunningHub.json(replay).get("replayed").asInt() >= 1, replay.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedTypesFor(stuck)
                .equals(List.of("order.created", "order.status_changed")));
        assertEquals(0, deadLetters().size());
    }

    @Test
    void gone_stops_at_once_and_one_dead_letter_can_be_replayed_alone() {
        receiver.answer(body -> new FakeSubscriber.Answer(410, null));
        String id = placeFlytOrder(hub, newRef());
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters().toString().contains("\"order\":\"" + id + "\""));
        JsonNode dead = deadLetters().get(0);
        assertEquals(1, dead.get("attempts").asInt(), dead.toString());
        assertTrue(dead.get("last_error").asText().startsWith("HTTP 410"), dead.toString());

        receiver.answer(body -> FakeSubscriber.Answer.OK);
        assertEquals(404, hub.sendJson("POST", "/admin/subscribers/flybuy/dead-letters/evt_999999999/replay",
                RunningHub.ADMIN_KEY, "").statusCode());
        HttpResponse<String> replay = hub.sendJson("POST", "/admin/subscribers/flybuy/dead-letters/"
                + dead.get("event_id").asText() + "/replay", RunningHub.ADMIN_KEY, "");
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals(1, RunningHub.json(replay).get("replayed").asInt());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedFor(id).size() == 1);
    }

    @Test
    void retry_after_on_429_is_honoured() {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(body -> calls.getAndIncrement() == 0
                ? new FakeSubscriber.Answer(429, "2") : FakeSubscriber.Answer.OK);
        String id = placeFlytOrder(hub, newRef());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedFor(id).size() == 1);
        List<FakeSubscriber.Attempt> tries = receiver.attempts().stream().filter(a -> a.orderId().equals(id)).toList();
        assertEquals(2, tries.size());
        long waited = tries.get(1).arrivedMillis() - tries.get(0).arrivedMillis();
        assertTrue(waited >= 1_900, "waited " + waited + " ms, the schedule says 300 ms, Retry-After 2 s");
    }

    @Test
    void the_admin_api_lists_subscribers_with_their_backlog_and_refuses_strangers() {
        HttpResponse<String> list = hub.get("/admin/subscribers", RunningHub.ADMIN_KEY);
        assertEquals(200, list.statusCode(), list.body());
        JsonNode flybuy = RunningHub.json(list).get(0);
        assertEquals("flybuy", flybuy.get("name").asText());
        assertEquals("[\"order.created\",\"order.status_changed\"]", flybuy.get("event_types").toString());
        assertTrue(flybuy.has("pending") && flybuy.has("dead"), flybuy.toString());
        assertEquals(401, hub.get("/admin/subscribers", RunningHub.API_KEY).statusCode());
        HttpResponse<String> unknown = hub.get("/admin/subscribers/nobody/dead-letters", RunningHub.ADMIN_KEY);
        assertEquals(404, unknown.statusCode());
        assertEquals("Unknown subscriber nobody", RunningHub.json(unknown).get("errorMessage").asText());
        assertEquals(405, hub.sendJson("POST", "/admin/subscribers/flybuy/dead-letters", RunningHub.ADMIN_KEY, "{}")
                .statusCode());
    }

    @Test
    void metrics_count_deliveries_per_subscriber() {
        String id = placeFlytOrder(hub, newRef());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedFor(id).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String metrics = hub.get("/observe/metrics", RunningHub.ADMIN_KEY).body();
            return metrics.contains("orderhub_subscriber_delivered_total{subscriber=\"flybuy\"")
                    && metrics.contains("orderhub_subscriber_pending{subscriber=\"flybuy\"");
        });
    }

    private static JsonNode deadLetters() {
        HttpResponse<String> r = hub.get("/admin/subscribers/flybuy/dead-letters", RunningHub.ADMIN_KEY);
        assertEquals(200, r.statusCode(), r.body());
        return RunningHub.json(r);
    }
}
