package org.orderhub.flyt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.orderhub.App;
import org.orderhub.HubProcess;
import org.orderhub.RunningHub;

/**
 * kill -9 of the real hub while Flyt and a signed webhook partner post orders: every acknowledged
 * order is there after the restart, once. Each Flyt order is sent twice at once, as Flyt retries an order whose
 * answer it did not get in time, so at the kill some retries are in the first one's commit window: a retry
 * answered 200 ("already stored", or joined to the attempt still committing) must find its order after the
 * restart too, under the same id. Runs three times in the suite.
 */
class FlytCrashTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @org.junit.jupiter.api.RepeatedTest(3)
    void every_acknowledged_flyt_and_webhook_order_survives_kill_minus_nine_once() throws Exception {
        Path data = Files.createTempDirectory("orderhub-flyt-crash");
        int port = RunningHub.freePort();
        List<String> settings = List.of("camel.server.port=" + port, "orderhub.data-dir=" + data,
                "orderhub.flyt.token=crash-flyt-token-0123456789", "orderhub.api-keys=crash-api-key-0123456789", "orderhub.admin-keys=crash-admin-key-0123456789",
                "orderhub.tracking.rate-limit=100000", "orderhub.tracking.burst=100000",
                "acme-eats.webhook-secret=" + SECRET);
        String acme = new String(FlytCrashTest.class.getResourceAsStream("/partners/acme-eats-order.json").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        List<String> twoIds = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        try (HubProcess hub = HubProcess.start(App.class, settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> HubProcess.healthStatus(port) == 200);
            ExecutorService senders = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                boolean webhooks = t % 2 == 1;
                senders.execute(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        String ref = "CRASH-" + next.incrementAndGet();
                        try {
                            if (webhooks) {
                                HttpResponse<String> r = webhook(port, acme.replace("\"id\": \"AE-1001\"", "\"id\": \"" + ref + "\""));
                                if (r.statusCode() == 200) {
                                    acknowledged.put(ref, RunningHub.json(r).get("id").asLong());
                                }
                                continue;
                            }
                            String body = FlytEndpointTest.body("BBBBBBBBB", ref);
                            var first = postAsync(port, body);
                            var retry = postAsync(port, body);
                            for (HttpResponse<String> r : List.of(first.join(), retry.join())) {
                                if (r.statusCode() == 200) {
                                    long id = RunningHub.json(r).get("OrderId").asLong();
                                    Long earlier = acknowledged.putIfAbsent(ref, id);
                                    if (earlier != null && earlier != id) {
                                        twoIds.add(ref + " answered " + earlier + " and " + id);
                                    }
                                }
                            }
                        } catch (Exception hubGone) {
                            return;
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300);
            hub.kill();
            senders.shutdownNow();
            senders.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertTrue(twoIds.isEmpty(), "an order and its retry answered with different ids: " + twoIds);
        try (HubProcess restarted = HubProcess.start(App.class, settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> HubProcess.healthStatus(port) == 200);
            Set<Long> ids = new java.util.HashSet<>();
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                JsonNode found = RunningHub.json(http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/orders?ref_id=" + ack.getKey()))
                        .header("Authorization", "Bearer crash-api-key-0123456789").build(), HttpResponse.BodyHandlers.ofString()).body());
                assertTrue(found.isArray() && found.size() == 1,
                        ack.getKey() + " acknowledged as " + ack.getValue() + " but found " + found);
                assertEquals(Long.toString(ack.getValue()), found.get(0).get("id").asText());
                assertTrue(ids.add(ack.getValue()));
            }
            restarted.stop();
        }
    }

    private HttpResponse<String> webhook(int port, String body) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String id = "msg_crash_" + System.nanoTime();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/acme-eats"))
                .header("Content-Type", "application/json").header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", org.orderhub.security.WebhookSignature.sign(SECRET, id, now,
                        body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> postAsync(int port, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flyt/orders"))
                .header("Authorization", "Bearer crash-flyt-token-0123456789").header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
