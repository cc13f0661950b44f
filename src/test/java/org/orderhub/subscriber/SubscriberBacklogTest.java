package org.orderhub.subscriber;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;
import org.orderhub.api.Json;
import org.orderhub.order.OrderStatus;
import org.orderhub.order.OrderStore;
import org.orderhub.order.UpsertResult;

/** Subscribers under load and under change: a receiver down during 1,000 orders, a file added while running. */
class SubscriberBacklogTest {

    /** Retries every second for half a minute: long enough to outlive the outage below. */
    private static final String SCHEDULE = IntStream.rangeClosed(0, 30).mapToObj(s -> s + "s")
            .collect(Collectors.joining(","));

    @Test
    void a_thousand_orders_changed_while_the_receiver_is_down_all_arrive_in_order_per_order() throws Exception {
        try (FakeSubscriber receiver = new FakeSubscriber();
             RunningHub hub = RunningHub.start(Map.of("orderhub.routes-dir", org.orderhub.ShippedRoutes.hubPayload(), "flybuy.url", receiver.url(),
                     "flybuy.signing-secret", FakeSubscriber.SECRET,
                     "orderhub.subscribers.poll-interval", "200",
                     "orderhub.subscribers.retry-schedule", SCHEDULE))) {
            receiver.answer(body -> new FakeSubscriber.Answer(503, null));
            OrderStore store = hub.orderStore();
            await().atMost(Duration.ofSeconds(10)).until(() -> registered(hub));
            List<CompletableFuture<UpsertResult>> created = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                created.add(store.upsertAsync("backlog", null, order("BL-" + i)));
            }
            List<Long> ids = new ArrayList<>();
            for (CompletableFuture<UpsertResult> c : created) {
                ids.add(c.get().id());
            }
            for (long id : ids) {
                assertTrue(store.changeStatus(id, OrderStatus.READY, "admin", "ready for pickup"));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.attempts().size() >= 100);
            assertEquals(0, receiver.accepted().size());

            receiver.answer(body -> FakeSubscriber.Answer.OK);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> receiver.accepted().stream().map(FakeSubscriber.Attempt::webhookId).distinct().count() == 2_000);

            Map<String, List<String>> typesPerOrder = new HashMap<>();
            for (FakeSubscriber.Attempt a : receiver.accepted()) {
                List<String> types = typesPerOrder.computeIfAbsent(a.orderId(), k -> new ArrayList<>());
                if (!types.contains(a.type())) {
                    types.add(a.type());
                }
            }
            assertEquals(1_000, typesPerOrder.size());
            typesPerOrder.forEach((order, types) -> assertEquals(List.of("order.created", "order.status_changed"),
                    types, "order " + order + " events out of order"));
            assertEquals(0, receiver.badSignatures());
        }
    }

    @Test
    void a_subscriber_file_added_while_the_hub_runs_receives_events() throws Exception {
        Path routes = Files.createTempDirectory("orderhub-routes");
        Path subscribers = Files.createDirectories(routes.resolve("subscribers"));
        try (FakeSubscriber receiver = new FakeSubscriber();
             RunningHub hub = RunningHub.start(Map.of(
                     "orderhub.routes-dir", routes.toString(),
                     "late.url", receiver.url(), "late.signing-secret", FakeSubscriber.SECRET))) {
            String flybuy = Files.readString(Path.of("routes/subscribers/flybuy.camel.yaml"));
            Files.writeString(subscribers.resolve("late.camel.yaml"), flybuy
                    .replace("subscriber-flybuy", "subscriber-late")
                    .replace("subscriber=flybuy", "subscriber=late")
                    .replace("flybuy.url", "late.url").replace("flybuy.signing-secret", "late.signing-secret")
                    .replace(org.orderhub.ShippedRoutes.FLYBUY_MAPPING, ""));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> registered(hub));

            long id = hub.storeOrder("late-partner", order("LATE-1").toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedFor(Long.toString(id)).size() == 1);
            assertEquals("order.created", receiver.acceptedFor(Long.toString(id)).get(0).type());
        }
    }

    private static boolean registered(RunningHub hub) {
        return RunningHub.json(hub.get("/admin/subscribers", RunningHub.ADMIN_KEY)).size() == 1;
    }

    private static ObjectNode order(String orderId) {
        ObjectNode o = (ObjectNode) RunningHub.json("""
                {"site_id": "S1", "status": "created", "pickup_type": "curbside",
                 "customer": {"phone": "+447910575785", "name": "Hannah Customer"},
                 "vehicle": {"make": "Volvo", "color": "red"},
                 "items": [{"sku": "11212121", "name": "Fish and Chips", "price": 750}],
                 "created_at": "2024-10-10T14:21:00Z", "updated_at": "2024-10-10T14:21:00Z"}
                """);
        o.put("order_id", orderId);
        return o.deepCopy();
    }
}
