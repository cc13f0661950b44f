package org.orderhub.partner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;
import org.orderhub.order.OrderStore;
import org.orderhub.storage.HubState;

/** The shipped Pollster poller against a fake partner API: pages, watermark, changes, a failing run. */
class PartnerPollerTest {

    private static final Instant T0 = Instant.parse("2024-10-10T10:00:00Z");

    @Test
    void imports_every_page_once_follows_changes_and_keeps_the_watermark_when_a_run_fails() throws Exception {
        try (FakePartnerApi api = new FakePartnerApi();
             RunningHub hub = RunningHub.start(Map.of("pollster.url", api.url(), "pollster.api-token", FakePartnerApi.TOKEN,
                     "pollster.cron", "0/1 * * * * ?", "orderhub.poller.backoff", "20ms",
                     "orderhub.poller.breaker-failed-runs", "50"))) {
            OrderStore orders = hub.orderStore();
            HubState state = hub.bean("hubState", HubState.class);
            for (int i = 1; i <= 350; i++) {
                api.put(i, "open", T0.plusSeconds(i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(orders, 1, 350));
            await().atMost(Duration.ofSeconds(10)).until(() -> watermark(state).equals(Optional.of(T0.plusSeconds(350).toString())));

            // five orders change upstream: updated in place, not duplicated
            for (int i = 1; i <= 5; i++) {
                api.put(i, "ready_for_pickup", T0.plusSeconds(1000 + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> status(hub, orders, 5).equals("ready"));
            assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=P-5", RunningHub.API_KEY)).size());

            // 150 new orders, and the API fails on their second page: page one is stored, the watermark stays
            String before = watermark(state).orElseThrow();
            api.failAtCursor = "100";
            for (int i = 351; i <= 500; i++) {
                api.put(i, "open", T0.plusSeconds(2000 + i));
            }
            int failures = api.failures.get();
            org.apache.camel.builder.NotifyBuilder failedRun = new org.apache.camel.builder.NotifyBuilder(hub.context())
                    .fromRoute("partner-pollster").whenFailed(1).create();
            assertTrue(failedRun.matches(30, java.util.concurrent.TimeUnit.SECONDS), "a run that cannot fetch a page fails");
            int tries = api.failures.get() - failures;
            assertTrue(tries >= 3 && tries <= 4, "the page is tried 3 times per run (the route's retries): " + tries);
            // the first page (the 5 changed orders and P-351..P-445) is stored, the second keeps failing
            await().atMost(Duration.ofSeconds(30)).until(() -> api.failures.get() >= failures + 3 && stored(orders, 351, 445));
            assertEquals(before, watermark(state).orElseThrow(), "a failed run leaves the watermark");

            api.failAtCursor = null;
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(orders, 351, 500));
            await().atMost(Duration.ofSeconds(10)).until(() -> watermark(state).equals(Optional.of(T0.plusSeconds(2500).toString())));
        }
    }

    @Test
    void a_bad_order_among_good_ones_is_listed_as_rejected_and_the_run_completes() throws Exception {
        try (FakePartnerApi api = new FakePartnerApi()) {
            // the partner's page is complete before the hub starts: its first run may fire at once, and
            // must not find P-2 with its store still in place
            for (int i = 1; i <= 3; i++) {
                api.put(i, "open", T0.plusSeconds(i));
            }
            api.breakStoreCode(2); // order P-2 arrives without a store: the seed's Site Identifier is missing
            try (RunningHub hub = RunningHub.start(Map.of("pollster.url", api.url(), "pollster.api-token",
                    FakePartnerApi.TOKEN, "pollster.cron", "0/1 * * * * ?"))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> stored(hub.orderStore(), 3, 3)
                        && hub.orderStore().idOf("pollster", "P-1").isPresent());
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.bean("hubState", HubState.class)
                        .get("poller.pollster.watermark").equals(Optional.of(T0.plusSeconds(3).toString())));
                var rejected = RunningHub.json(hub.get("/admin/rejected-orders?source=pollster", RunningHub.ADMIN_KEY));
                assertEquals("Missing required fields: site_id", rejected.get(0).get("reason").asText(), rejected.toString());
                assertEquals("P-2", rejected.get(0).at("/body/order_number").asText());
                assertEquals("B***", rejected.get(0).at("/body/buyer/name").asText(), "personal data is masked");
                assertEquals(401, hub.get("/admin/rejected-orders", null).statusCode());
            }
        }
    }

    @Test
    void malformed_pages_fail_the_run_without_moving_the_watermark_and_import_once_fixed() throws Exception {
        try (FakePartnerApi api = new FakePartnerApi();
             RunningHub hub = RunningHub.start(Map.of("pollster.url", api.url(), "pollster.api-token", FakePartnerApi.TOKEN,
                     "pollster.cron", "0/1 * * * * ?", "orderhub.poller.backoff", "10ms",
                     "orderhub.poller.breaker-failed-runs", "50"))) {
            HubState state = hub.bean("hubState", HubState.class);
            api.put(1, "open", T0.plusSeconds(1));
            for (String garbage : new String[]{"<html>busy</html>", "{\"results\": []}"}) {
                api.garbage = garbage;
                int requests = api.requests.get();
                await().atMost(Duration.ofSeconds(15)).until(() -> api.requests.get() >= requests + 2);
                assertEquals(Optional.empty(), watermark(state), "no watermark after a malformed page: " + garbage);
            }
            // a failed run ends its exchange failed, where operators look (hawtio's Failed column, JMX)
            var run = hub.context().getCamelContextExtension().getContextPlugin(org.apache.camel.api.management.ManagedCamelContext.class)
                    .getManagedRoute("partner-poll");
            assertTrue(run.getExchangesFailed() >= 2, "failed runs counted: " + run.getExchangesFailed());
            api.garbage = null;
            await().atMost(Duration.ofSeconds(15)).until(() -> hub.orderStore().idOf("pollster", "P-1").isPresent()
                    && watermark(state).isPresent());
        }
    }

    @Test
    void a_poller_file_dropped_in_while_the_hub_runs_starts_polling() throws Exception {
        java.nio.file.Path routes = java.nio.file.Files.createTempDirectory("orderhub-routes");
        java.nio.file.Path partners = java.nio.file.Files.createDirectories(routes.resolve("partners"));
        try (FakePartnerApi api = new FakePartnerApi();
             RunningHub hub = RunningHub.start(Map.of(
                     "orderhub.routes-dir", routes.toString(),
                     "latecomer.url", api.url(), "latecomer.api-token", FakePartnerApi.TOKEN))) {
            api.put(1, "open", T0);
            String pollster = java.nio.file.Files.readString(java.nio.file.Path.of("routes/partners/pollster.camel.yaml"));
            // dropped in whole (written aside, then moved), as a deployment tool would: the watcher may
            // otherwise read the file while it is still empty or half written
            java.nio.file.Path aside = routes.resolve("latecomer.yaml.part");
            java.nio.file.Files.writeString(aside, pollster
                    .replace("partner-pollster", "partner-latecomer").replace("pollers/pollster", "pollers/latecomer")
                    .replace("{{pollster.cron:0 * * * * ?}}", "0/1 * * * * ?")
                    .replace("partner=pollster", "partner=latecomer&mapping=pollster.jsonata")
                    .replace("pollster.url", "latecomer.url").replace("pollster.api-token", "latecomer.api-token"));
            java.nio.file.Files.move(aside, partners.resolve("latecomer.camel.yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.orderStore().idOf("latecomer", "P-1").isPresent());
        }
    }

    @Test
    void a_partner_that_keeps_failing_trips_the_breaker_shows_down_and_recovers() throws Exception {
        try (FakePartnerApi api = new FakePartnerApi();
             RunningHub hub = RunningHub.start(Map.of("pollster.url", api.url(), "pollster.api-token", FakePartnerApi.TOKEN,
                     "pollster.cron", "0/1 * * * * ?", "orderhub.poller.backoff", "10ms",
                     "orderhub.poller.breaker-failed-runs", "3", "orderhub.poller.breaker-open", "3s"))) {
            api.put(1, "open", T0);
            api.failAtCursor = "0";
            await().atMost(Duration.ofSeconds(30)).until(() -> pollerHealth(hub).equals("DOWN"));
            // readiness means "send me orders": a partner's API being down does not take the node out
            assertEquals(200, hub.get("/observe/health/ready", null).statusCode());
            int requests = api.requests.get();
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> api.requests.get() == requests); // open: no calls to the partner

            api.failAtCursor = null;
            await().atMost(Duration.ofSeconds(30)).until(() -> pollerHealth(hub).equals("UP")
                    && hub.orderStore().idOf("pollster", "P-1").isPresent());
        }
    }

    private static String pollerHealth(RunningHub hub) {
        for (var check : RunningHub.json(hub.get("/observe/health?exposureLevel=full", RunningHub.ADMIN_KEY)).path("checks")) {
            if (check.get("name").asText().equals("poller:pollster")) {
                return check.get("status").asText();
            }
        }
        return "MISSING";
    }

    private static boolean stored(OrderStore orders, int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            if (orders.idOf("pollster", "P-" + i).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String status(RunningHub hub, OrderStore orders, int number) throws Exception {
        long id = orders.idOf("pollster", "P-" + number).orElseThrow();
        return orders.get(id).orElseThrow().get("status").asText();
    }

    private static Optional<String> watermark(HubState state) throws Exception {
        return state.get("poller.pollster.watermark");
    }
}
