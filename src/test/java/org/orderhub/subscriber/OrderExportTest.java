package org.orderhub.subscriber;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;

/** The shipped support-ai export (routes/exports/support-ai.camel.yaml), run every second against a receiver. */
class OrderExportTest {

    @Test
    void each_run_carries_only_the_orders_changed_since_the_last_successful_one() throws Exception {
        try (FakeSubscriber receiver = new FakeSubscriber();
             RunningHub hub = RunningHub.start(Map.of("support-ai.export-url", receiver.url(),
                     "support-ai.signing-secret", FakeSubscriber.SECRET,
                     "support-ai.export-cron", "0/1 * * * * ?"))) {
            String a = SubscriberDeliveryTest.placeFlytOrder(hub, "EXPORT-A");
            String b = SubscriberDeliveryTest.placeFlytOrder(hub, "EXPORT-B");
            String c = SubscriberDeliveryTest.placeFlytOrder(hub, "EXPORT-C");
            await().atMost(Duration.ofSeconds(10)).until(() -> exported(receiver.accepted()).containsAll(Set.of(a, b, c)));
            JsonNode first = receiver.accepted().get(0).body();
            assertTrue(first.isArray(), first.toString());
            JsonNode order = first.get(0);
            // the tracking schema of SPEC 4.2
            assertEquals(a, order.get("id").asText());
            assertEquals("pending", order.get("status").asText());
            assertEquals("created", order.get("fulfillment_status").asText());
            assertEquals("EXPORT-A", order.get("external_ref_id").asText());
            assertEquals(9.00, order.get("total").asDouble());

            int before = receiver.accepted().size();
            SubscriberDeliveryTest.markReady(hub, b);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() > before);
            List<FakeSubscriber.Attempt> later = receiver.accepted().subList(before, receiver.accepted().size());
            assertEquals(Set.of(b), exported(later));
            assertEquals("ready", later.get(0).body().get(0).get("fulfillment_status").asText());
            assertEquals(0, receiver.badSignatures());
        }
    }

    @Test
    void a_failed_run_keeps_the_watermark_and_the_batch_is_sent_again() throws Exception {
        AtomicBoolean down = new AtomicBoolean(false);
        try (FakeSubscriber receiver = new FakeSubscriber();
             RunningHub hub = RunningHub.start(Map.of("support-ai.export-url", receiver.url(),
                     "support-ai.signing-secret", FakeSubscriber.SECRET,
                     "support-ai.export-cron", "0/1 * * * * ?"))) {
            receiver.answer(body -> down.get() ? new FakeSubscriber.Answer(500, null) : FakeSubscriber.Answer.OK);
            String a = SubscriberDeliveryTest.placeFlytOrder(hub, "EXPORT-FAIL-A");
            await().atMost(Duration.ofSeconds(10)).until(() -> exported(receiver.accepted()).contains(a));

            // two runs refused by the receiver, each ending failed (hawtio's Failed column, camel_exchanges_failed_total)
            NotifyBuilder twoFailedRuns = new NotifyBuilder(hub.context()).fromRoute("export-support-ai").whenFailed(2).create();
            down.set(true);
            String b = SubscriberDeliveryTest.placeFlytOrder(hub, "EXPORT-FAIL-B");
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.attempts().stream()
                    .filter(t -> t.status() == 500).count() >= 2);
            assertTrue(twoFailedRuns.matches(5, TimeUnit.SECONDS), "two failed export runs");
            down.set(false);
            int before = receiver.accepted().size();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() > before);
            assertEquals(Set.of(b), exported(receiver.accepted().subList(before, receiver.accepted().size())));
        }
    }

    private static Set<String> exported(List<FakeSubscriber.Attempt> posts) {
        Set<String> ids = new HashSet<>();
        posts.forEach(p -> p.body().forEach(o -> ids.add(o.get("id").asText())));
        return ids;
    }
}
