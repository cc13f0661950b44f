package org.orderhub.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;
import org.orderhub.security.WebhookSignature;

/** Deliveries as real senders make them: redelivered after a restart, racing, oversized, or badly mapped. */
class WebhookDeliveryTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private final HttpClient http = HttpClient.newHttpClient();

    private static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("orderhub.api-keys", RunningHub.API_KEY);
        s.put("orderhub.admin-keys", RunningHub.ADMIN_KEY);
        s.put("orderhub.flyt.token", "test-flyt-token-0123456789");
        s.put("acme-eats.webhook-secret", SECRET);
        return s;
    }

    private HttpResponse<String> deliver(RunningHub hub, String id, String body) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return http.send(HttpRequest.newBuilder(hub.uri("/webhooks/acme-eats"))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", WebhookSignature.sign(SECRET, id, now, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_redelivery_after_a_restart_is_still_one_order() throws Exception {
        Path data = Files.createTempDirectory("orderhub-redelivery");
        String body = PartnerWebhookTest.sample().replace("AE-1001", "AE-RESTART");
        String firstId;
        try (RunningHub hub = RunningHub.startWith(settings(), data)) {
            firstId = RunningHub.json(deliver(hub, "msg_restart", body)).get("id").asText();
        }
        try (RunningHub hub = RunningHub.startWith(settings(), data)) {
            HttpResponse<String> again = deliver(hub, "msg_restart", body);
            assertEquals(200, again.statusCode());
            assertEquals(firstId, RunningHub.json(again).get("id").asText());
            assertEquals("duplicate", RunningHub.json(again).get("result").asText());
            assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=AE-RESTART", RunningHub.API_KEY)).size());
        }
    }

    @Test
    void four_hundred_racing_deliveries_of_a_hundred_orders_make_a_hundred_orders() throws Exception {
        try (RunningHub hub = RunningHub.start(Map.of("acme-eats.webhook-secret", SECRET))) {
            List<Callable<HttpResponse<String>>> sends = new ArrayList<>();
            for (int order = 0; order < 100; order++) {
                String body = PartnerWebhookTest.sample().replace("AE-1001", "AE-RACE-" + order)
                        .replace("+1 (415) 867-5309", "+1 (555) 400-0000");
                for (int copy = 0; copy < 4; copy++) {
                    String id = "msg_race_" + order;
                    sends.add(() -> deliver(hub, id, body));
                }
            }
            Collections.shuffle(sends);
            ExecutorService pool = Executors.newFixedThreadPool(32);
            Set<String> ids = new HashSet<>();
            try {
                for (Future<HttpResponse<String>> f : pool.invokeAll(sends)) {
                    assertEquals(200, f.get().statusCode(), f.get().body());
                    ids.add(RunningHub.json(f.get()).get("id").asText());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(100, ids.size());
            // 100 orders share the phone; tracking answers are bounded, so count through the admin API
            int stored = 0;
            for (String id : ids) {
                JsonOrder o = JsonOrder.of(hub, id);
                stored += o.events() == 1 ? 1 : 0;
            }
            assertEquals(100, stored, "each order once, with exactly one event");
        }
    }

    @Test
    void an_oversize_body_gets_413_and_a_failing_mapping_422_naming_it() throws Exception {
        try (RunningHub hub = RunningHub.start(Map.of("acme-eats.webhook-secret", SECRET))) {
            String huge = PartnerWebhookTest.sample().replace("No ketchup", "x".repeat(1_100_000));
            HttpResponse<String> tooBig = deliver(hub, "msg_huge", huge);
            assertEquals(413, tooBig.statusCode());
            assertTrue(RunningHub.json(tooBig).has("errorMessage"));

            // a number where the mapping joins names: the JSONata evaluation itself fails
            HttpResponse<String> unmappable = deliver(hub, "msg_unmappable",
                    "{\"data\": {\"id\": \"AE-X\", \"customer\": {\"first_name\": 5, \"last_name\": true}}}");
            assertEquals(422, unmappable.statusCode(), unmappable.body());
            assertTrue(RunningHub.json(unmappable).get("errorMessage").asText().startsWith("Mapping acme-eats.jsonata"),
                    unmappable.body());
        }
    }

    /** An order read back through the admin API. */
    private record JsonOrder(int events) {
        static JsonOrder of(RunningHub hub, String id) {
            return new JsonOrder(RunningHub.json(hub.get("/admin/orders/" + id, RunningHub.ADMIN_KEY)).get("events").size());
        }
    }
}
