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

/** kill -9 of the real hub while Flyt posts orders: every acknowledged OrderId is there after the restart, once. */
class FlytCrashTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void every_order_flyt_got_an_order_id_for_survives_kill_minus_nine() throws Exception {
        Path data = Files.createTempDirectory("orderhub-flyt-crash");
        int port = RunningHub.freePort();
        List<String> settings = List.of("camel.server.port=" + port, "orderhub.data-dir=" + data,
                "orderhub.flyt.token=crash-token", "orderhub.api-keys=crash-api", "orderhub.admin-keys=crash-admin",
                "orderhub.tracking.rate-limit=100000", "orderhub.tracking.burst=100000");
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        try (HubProcess hub = HubProcess.start(App.class, settings)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> status(port) == 200);
            ExecutorService senders = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                senders.execute(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        String ref = "CRASH-" + next.incrementAndGet();
                        try {
                            HttpResponse<String> r = post(port, FlytEndpointTest.body("BBBBBBBBB", ref));
                            if (r.statusCode() == 200) {
                                acknowledged.put(ref, RunningHub.json(r).get("OrderId").asLong());
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
        try (HubProcess restarted = HubProcess.start(App.class, settings)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> status(port) == 200);
            Set<Long> ids = new java.util.HashSet<>();
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                JsonNode found = RunningHub.json(http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/orders?ref_id=" + ack.getKey()))
                        .header("Authorization", "Bearer crash-api").build(), HttpResponse.BodyHandlers.ofString()).body());
                assertTrue(found.isArray() && found.size() == 1,
                        ack.getKey() + " acknowledged as " + ack.getValue() + " but found " + found);
                assertEquals(Long.toString(ack.getValue()), found.get(0).get("id").asText());
                assertTrue(ids.add(ack.getValue()));
            }
            restarted.stop();
        }
    }

    private HttpResponse<String> post(int port, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flyt/orders"))
                .header("Authorization", "Bearer crash-token").header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int status(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }
}
