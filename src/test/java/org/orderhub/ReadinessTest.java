package org.orderhub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orderhub.subscriber.FakeSubscriber;

/**
 * Readiness means "send me orders" (SPEC 4.6): event delivery that is stuck shows DOWN in the health
 * details, while /observe/health/ready stays 200 so a load balancer keeps sending Flyt and webhook orders.
 */
class ReadinessTest {

    @Test
    void stuck_event_delivery_shows_in_the_details_but_leaves_the_node_ready() throws Exception {
        try (FakeSubscriber receiver = new FakeSubscriber();
             RunningHub hub = RunningHub.start(Map.of("orderhub.routes-dir", ShippedRoutes.hubPayload(), "flybuy.url", receiver.url(), "flybuy.signing-secret", FakeSubscriber.SECRET,
                     "orderhub.subscribers.stuck-after", "1s"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> check(hub, "outbox").equals("UP")
                    && hub.get("/admin/subscribers", RunningHub.ADMIN_KEY).body().contains("flybuy"));
            // nobody delivers any more (removed rather than stopped: a stopped route is itself unready)
            hub.context().getRouteController().stopRoute("subscriber-flybuy");
            hub.context().removeRoute("subscriber-flybuy");
            hub.storeOrder("probe", "{\"order_id\":\"READY-1\",\"site_id\":\"BBBBBBBBB\",\"status\":\"created\","
                    + "\"updated_at\":\"2024-10-10T14:21:00Z\",\"customer\":{\"name\":\"A\",\"phone\":\"+14155550100\"},"
                    + "\"items\":[{\"plu\":\"1\",\"name\":\"x\",\"quantity\":1,\"price\":100}]}");
            await().atMost(Duration.ofSeconds(15)).until(() -> check(hub, "outbox").equals("DOWN"));
            assertEquals(200, hub.get("/observe/health/ready", null).statusCode());
            assertEquals(200, hub.get("/observe/health/live", null).statusCode());
        }
    }

    @Test
    void a_partner_api_that_is_down_and_a_receiver_answering_500_show_in_details_but_leave_the_node_ready()
            throws Exception {
        try (FakeSubscriber receiver = new FakeSubscriber();
             RunningHub hub = RunningHub.start(Map.of("orderhub.routes-dir", ShippedRoutes.hubPayload(), "flybuy.url", receiver.url(),
                     "flybuy.signing-secret", FakeSubscriber.SECRET,
                     "orderhub.subscribers.retry-schedule", "0s,200ms,200ms,1h",
                     "pollster.url", "http://127.0.0.1:" + RunningHub.freePort() + "/orders",
                     "pollster.api-token", "probe-token-0123456789", "pollster.cron", "0/1 * * * * ?",
                     "orderhub.poller.backoff", "10ms", "orderhub.poller.breaker-failed-runs", "1"))) {
            receiver.answer(body -> new FakeSubscriber.Answer(500, null));
            // a subscriber hears of orders stored after the hub first saw its file
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.get("/admin/subscribers", RunningHub.ADMIN_KEY).body()
                    .contains("flybuy"));
            hub.storeOrder("probe", "{\"order_id\":\"READY-2\",\"site_id\":\"BBBBBBBBB\",\"status\":\"created\","
                    + "\"updated_at\":\"2024-10-10T14:21:00Z\",\"customer\":{\"name\":\"A\",\"phone\":\"+14155550100\"},"
                    + "\"items\":[{\"plu\":\"1\",\"name\":\"x\",\"quantity\":1,\"price\":100}]}");
            await().atMost(Duration.ofSeconds(20)).until(() -> check(hub, "poller:pollster").equals("DOWN")
                    && check(hub, "outbox").equals("DOWN"));
            assertEquals(200, hub.get("/observe/health/ready", null).statusCode());
            assertEquals(200, hub.get("/observe/health/live", null).statusCode());
        }
    }

    private static String check(RunningHub hub, String name) {
        for (var c : RunningHub.json(hub.get("/observe/health?exposureLevel=full", RunningHub.ADMIN_KEY)).path("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c.get("status").asText();
            }
        }
        return "MISSING";
    }
}
