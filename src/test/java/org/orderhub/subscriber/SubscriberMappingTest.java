package org.orderhub.subscriber;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;

/**
 * Outbound mappings (issue 16): three subscribers of the same events — the shipped FlyBuy example as it is
 * (its FlyBuy mapping), one with none, one whose mapping fails — each on its own local receiver that checks the
 * Standard Webhooks signature of what it is sent.
 */
class SubscriberMappingTest {

    static final FakeSubscriber shaped = new FakeSubscriber();
    static final FakeSubscriber plain = new FakeSubscriber();
    static final FakeSubscriber broken = new FakeSubscriber();
    static Path mappings;
    static RunningHub hub;

    @BeforeAll
    static void start() throws IOException {
        Path routes = Files.createTempDirectory("orderhub-routes");
        mappings = Files.createTempDirectory("orderhub-mappings");
        Files.createDirectories(routes.resolve("subscribers"));
        // the shipped FlyBuy example as it is: only its two settings are set below
        Files.copy(Path.of("routes/subscribers/flybuy.camel.yaml"), routes.resolve("subscribers/flybuy.camel.yaml"));
        subscriber(routes, "plain", "");
        subscriber(routes, "broken", "&mapping=broken-out.jsonata");
        Files.copy(Path.of("mappings/flybuy-out.jsonata"), mappings.resolve("flybuy-out.jsonata"));
        Files.copy(Path.of("mappings/tags.json"), mappings.resolve("tags.json"));
        // an operator's slip: a function that does not exist, found only when an event is mapped
        Files.writeString(mappings.resolve("broken-out.jsonata"), "{\n  \"order\": $orderNumber(data.order_id)\n}\n");
        hub = RunningHub.start(Map.of("orderhub.routes-dir", routes.toString(),
                "orderhub.mappings-dir", mappings.toString(),
                "flybuy.url", shaped.url(), "flybuy.signing-secret", FakeSubscriber.SECRET,
                "plain.url", plain.url(), "broken.url", broken.url(),
                "test.signing-secret", FakeSubscriber.SECRET, "orderhub.subscribers.poll-interval", "100"));
    }

    private static void subscriber(Path routes, String name, String more) throws IOException {
        Files.writeString(routes.resolve("subscribers/" + name + ".camel.yaml"), """
                - route:
                    id: subscriber-%1$s
                    from:
                      uri: "timer:subscriber-%1$s?delay=0&period={{orderhub.subscribers.poll-interval}}"
                      steps:
                        - to: {id: subscriber-%1$s-call, uri: "kamelet:orderhub-subscriber?subscriber=%1$s&url={{?%1$s.url}}&secret={{?test.signing-secret}}%2$s"}
                """.formatted(name, more));
    }

    @AfterAll
    static void stop() {
        hub.close();
        shaped.close();
        plain.close();
        broken.close();
    }

    @Test
    void a_subscriber_with_a_mapping_receives_its_own_shape_signed_and_one_without_the_hub_event() {
        String id = SubscriberDeliveryTest.placeFlytOrder(hub, "MAP-" + System.nanoTime());
        SubscriberDeliveryTest.markReady(hub, id);

        await().atMost(Duration.ofSeconds(10)).until(() -> plain.acceptedFor(id).size() == 2);
        FakeSubscriber.Attempt created = plain.acceptedFor(id).get(0);
        JsonNode hubEvent = created.body().get("data");
        assertEquals("created", hubEvent.get("status").asText(), "without a mapping: the hub's event unchanged");

        await().atMost(Duration.ofSeconds(10)).until(() -> forEvent(shaped, created.webhookId()).isPresent()
                && forEvent(shaped, plain.acceptedFor(id).get(1).webhookId()).isPresent());
        JsonNode flybuy = forEvent(shaped, created.webhookId()).get().body().get("data");
        assertEquals(hubEvent.get("order_id").asText(), flybuy.get("partner_identifier").asText(), flybuy.toString());
        assertEquals("BBBBBBBBB", flybuy.get("site_partner_identifier").asText());
        assertEquals(hubEvent.path("customer").get("phone").asText(), flybuy.get("customer_phone").asText());
        assertEquals(hubEvent.path("customer").get("name").asText(), flybuy.get("customer_name").asText());
        assertEquals("created", flybuy.get("state").asText());
        assertEquals(2, flybuy.get("pickup_window").size(), flybuy.toString());
        assertTrue(flybuy.get("tags").toString().contains("fries"), flybuy.toString());
        assertFalse(flybuy.has("items"), "only what the mapping writes goes out");
        JsonNode ready = forEvent(shaped, plain.acceptedFor(id).get(1).webhookId()).get().body().get("data");
        assertEquals("ready", ready.get("state").asText());
        assertEquals(0, shaped.badSignatures(), "the signature covers the mapped body as sent");
        assertEquals(0, plain.badSignatures());
    }

    @Test
    void an_event_the_mapping_fails_for_is_dead_lettered_with_the_reason_and_replayed_after_the_fix() throws IOException {
        String id = SubscriberDeliveryTest.placeFlytOrder(hub, "BROKEN-" + System.nanoTime());

        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters().toString().contains("\"order\":\"" + id + "\""));
        JsonNode dead = deadLetters().get(0);
        String error = dead.get("last_error").asText();
        assertTrue(error.startsWith("Mapping broken-out.jsonata failed: line 2, column"), error);
        assertEquals(1, dead.get("attempts").asInt(), "not retried: the file has to change first");
        assertTrue(broken.attempts().isEmpty(), "nothing was sent");
        await().atMost(Duration.ofSeconds(10)).until(() -> plain.acceptedFor(id).size() == 1);

        Files.writeString(mappings.resolve("broken-out.jsonata"), "{\"order\": data.order_id, \"status\": data.status}\n");
        HttpResponse<String> replay = hub.sendJson("POST", "/admin/subscribers/broken/dead-letters/replay",
                RunningHub.ADMIN_KEY, "");
        assertEquals(200, replay.statusCode(), replay.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> !broken.accepted().isEmpty());
        JsonNode sent = broken.accepted().get(0).body();
        assertEquals(plain.acceptedFor(id).get(0).body().path("data").get("order_id").asText(), sent.get("order").asText());
        assertEquals("created", sent.get("status").asText());
        assertEquals(0, broken.badSignatures());
    }

    private static Optional<FakeSubscriber.Attempt> forEvent(FakeSubscriber receiver, String webhookId) {
        return receiver.accepted().stream().filter(a -> webhookId.equals(a.webhookId())).findFirst();
    }

    private static JsonNode deadLetters() {
        HttpResponse<String> r = hub.sendJson("GET", "/admin/subscribers/broken/dead-letters", RunningHub.ADMIN_KEY, null);
        assertEquals(200, r.statusCode(), r.body());
        return RunningHub.json(r);
    }
}
