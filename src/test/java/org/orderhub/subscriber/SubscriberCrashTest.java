package org.orderhub.subscriber;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.orderhub.App;
import org.orderhub.HubProcess;
import org.orderhub.RunningHub;

/**
 * kill -9 of the real hub (a child JVM) with events not yet delivered: after the restart all arrive.
 * Events the dead hub had claimed wait for their claim to lapse (request timeout + 10 s, 12 s here).
 */
class SubscriberCrashTest {

    private static final int ORDERS = 40;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void undelivered_events_survive_kill_minus_nine_and_are_delivered_after_the_restart() throws Exception {
        Path data = Files.createTempDirectory("orderhub-outbox-crash");
        int port = RunningHub.freePort();
        try (FakeSubscriber receiver = new FakeSubscriber()) {
            List<String> settings = List.of("camel.server.port=" + port, "orderhub.data-dir=" + data,
                    "orderhub.flyt.token=crash-flyt-token-0123456789", "orderhub.api-keys=crash-api-key-0123456789", "orderhub.admin-keys=crash-admin-key-0123456789",
                    "orderhub.routes-dir=" + org.orderhub.ShippedRoutes.hubPayload(), "flybuy.url=" + receiver.url(), "flybuy.signing-secret=" + FakeSubscriber.SECRET,
                    "orderhub.subscribers.poll-interval=200", "orderhub.subscribers.request-timeout=2s",
                    "orderhub.subscribers.retry-schedule="
                            + IntStream.rangeClosed(0, 60).mapToObj(s -> s + "s").collect(Collectors.joining(",")));
            // orders with an even id get through before the crash; the others wait
            receiver.answer(body -> Long.parseLong(body.path("data").path("id").asText()) % 2 == 0
                    ? FakeSubscriber.Answer.OK : new FakeSubscriber.Answer(503, null));
            Set<String> orderIds = new HashSet<>();
            try (HubProcess hub = HubProcess.start(App.class, settings)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> HubProcess.healthStatus(port) == 200);
                for (int i = 0; i < ORDERS; i++) {
                    HttpResponse<String> placed = send(port, "/flyt/orders", "crash-flyt-token-0123456789", SubscriberDeliveryTest
                            .seedBody().replace("SKIP-12345678", "OUTBOX-CRASH-" + i));
                    assertEquals(200, placed.statusCode(), placed.body());
                    String id = RunningHub.json(placed).get("OrderId").asText();
                    assertEquals(200, send(port, "/admin/orders/" + id + "/status", "crash-admin-key-0123456789",
                            "{\"status\": \"ready\"}").statusCode());
                    orderIds.add(id);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() >= ORDERS / 2
                        && receiver.attempts().size() > receiver.accepted().size());
                hub.kill();
                assertTrue(hub.outputLinesContaining("Subscriber flybuy receives") > 0, "the hub's log was read");
                assertTrue(hub.output().stream().noneMatch(line -> line.contains(FakeSubscriber.SECRET)),
                        "the signing secret appeared in the log");
            }
            receiver.answer(body -> FakeSubscriber.Answer.OK);
            try (HubProcess restarted = HubProcess.start(App.class, settings)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> receiver
                        .accepted().stream().map(FakeSubscriber.Attempt::webhookId).distinct().count() == 2L * ORDERS);
                restarted.stop();
            }
            Map<String, List<String>> typesPerOrder = new HashMap<>();
            for (FakeSubscriber.Attempt a : receiver.accepted()) {
                List<String> types = typesPerOrder.computeIfAbsent(a.orderId(), k -> new ArrayList<>());
                if (!types.contains(a.type())) {
                    types.add(a.type());
                }
            }
            assertEquals(orderIds, typesPerOrder.keySet());
            typesPerOrder.values().forEach(types -> assertEquals(List.of("order.created", "order.status_changed"), types));
        }
    }

    private HttpResponse<String> send(int port, String path, String bearer, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
