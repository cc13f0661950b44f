package org.orderhub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.orderhub.flyt.FakeTerminal;
import org.orderhub.flyt.FlytEndpointTest;
import org.orderhub.partner.FakePartnerApi;
import org.orderhub.subscriber.FakeSubscriber;

/**
 * Two hub JVMs on one PostgreSQL database, as behind a load balancer: orders sent to both are
 * stored once (and a Flyt order reaches the terminal once), the poller runs on one node at a time, each event reaches the subscriber once, and
 * after kill -9 of the node that polled, the other takes over polling and delivery.
 */
class ClusterTest {

    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ADMIN = RunningHub.ADMIN_KEY;
    private static final String FLYT = "cluster-flyt-token-0123456789";
    private static final Instant T0 = Instant.parse("2024-10-10T10:00:00Z");

    @Test
    void two_nodes_share_the_work_and_the_survivor_takes_over_after_kill_minus_nine() throws Exception {
        String database = TestDatabase.createDatabase("cluster_" + ProcessHandle.current().pid());
        Map<String, String> db = TestDatabase.postgresSettings(database);
        try (FakePartnerApi partner = new FakePartnerApi(); FakeSubscriber receiver = new FakeSubscriber();
             FakeTerminal terminal = new FakeTerminal()) {
            for (int i = 1; i <= 5; i++) {
                partner.put(i, "new", T0.plusSeconds(i));
            }
            partner.answerMillis = 300; // a poll takes a while, so two overlapping runs would show
            List<String> settings = new ArrayList<>(db.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            settings.addAll(List.of("orderhub.flyt.token=" + FLYT, "orderhub.api-keys=cluster-api-key-0123456789",
                    "orderhub.admin-keys=" + ADMIN, "acme-eats.webhook-secret=" + WEBHOOK_SECRET,
                    "pollster.url=" + partner.url(), "pollster.api-token=" + FakePartnerApi.TOKEN,
                    "pollster.cron=0/1 * * * * ?", "orderhub.poller.backoff=20ms", "orderhub.runs.lease-time=10s",
                    "orderhub.routes-dir=" + ShippedRoutes.hubPayload(), "flybuy.url=" + receiver.url(), "flybuy.signing-secret=" + FakeSubscriber.SECRET,
                    "orderhub.subscribers.poll-interval=200", "orderhub.subscribers.request-timeout=2s",
                    "orderhub.subscribers.retry-schedule="
                            + IntStream.rangeClosed(0, 90).mapToObj(s -> s + "s").collect(Collectors.joining(",")),
                    "orderhub.scheduler.checkin-interval=2s"));
            int portA = RunningHub.freePort();
            int portB = RunningHub.freePort();
            // started together, as an orchestrator would: the schema, demo data and triggers are set up once
            try (HubProcess a = node(settings, portA); HubProcess b = node(settings, portB)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> HubProcess.healthStatus(portA) == 200
                        && HubProcess.healthStatus(portB) == 200);
                RunningHub nodeA = RunningHub.at(portA);
                RunningHub nodeB = RunningHub.at(portB);
                FlytEndpointTest.site(nodeA, "CLUSTERPOS", ", \"terminal_url\": \"" + terminal.url() + "\"");
                terminal.answerAfter(200); // a till that takes a moment, so the two attempts overlap

                // every order goes to both nodes at once, like a partner retrying through the load balancer
                for (int i = 0; i < 15; i++) {
                    // at a site with a terminal, and at one without
                    for (String flyt : List.of(flytBody("CLUSTER-FLYT-" + i).replace("BBBBBBBBB", "CLUSTERPOS"),
                            flytBody("CLUSTER-PLAIN-" + i))) {
                        List<HttpResponse<String>> answers = both(hub -> hub.sendJson("POST", "/flyt/orders", FLYT, flyt),
                                nodeA, nodeB);
                        answers.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
                        assertEquals(RunningHub.json(answers.get(0)).get("OrderId"),
                                RunningHub.json(answers.get(1)).get("OrderId"));
                    }

                    String deliveryId = "msg_cluster_" + i;
                    String webhook = resource("/partners/acme-eats-order.json")
                                    .replace("\"id\": \"AE-1001\"", "\"id\": \"AE-CLUSTER-" + i + "\"");
                    List<HttpResponse<String>> deliveries = both(hub -> hub.sendSigned("/webhooks/acme-eats",
                            WEBHOOK_SECRET, deliveryId, webhook), nodeA, nodeB);
                    deliveries.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
                    assertEquals(List.of("created", "duplicate"), deliveries.stream()
                            .map(r -> RunningHub.json(r).get("result").asText()).sorted().toList());
                }
                assertEquals(30, count(db, "SELECT COUNT(*) FROM orders WHERE source = 'flyt'"));
                for (int i = 0; i < 15; i++) {
                    String reference = "\"CLUSTER-FLYT-" + i + "\"";
                    assertEquals(1, terminal.received().stream().filter(body -> body.contains(reference)).count(),
                            "the terminal got " + reference + " more than once");
                }
                assertEquals(15, count(db, "SELECT COUNT(*) FROM orders WHERE source = 'acme-eats'"));

                // the poller: one run at a time across both nodes, about one a second, not two
                await().atMost(Duration.ofSeconds(30)).until(() -> count(db,
                        "SELECT COUNT(*) FROM orders WHERE source = 'pollster'") == 5);
                int before = partner.requests.get();
                // counted from the nodes' start: a run holds its lease in the database, so not even two nodes
                // starting together (each scheduling the job) overlap two runs
                long started = System.nanoTime();
                await().pollDelay(Duration.ofSeconds(6)).until(() -> true); // a window to count polls in
                double seconds = (System.nanoTime() - started) / 1e9;
                int polls = partner.requests.get() - before;
                assertTrue(polls >= seconds - 3 && polls <= seconds + 2, polls + " polls in " + seconds + " s");
                assertEquals(1, partner.mostAtOnce.get(), "two runs of the poller overlapped");

                // each event of the 50 new orders reached the subscriber once, whichever node sent it
                await().atMost(Duration.ofSeconds(30)).until(() -> distinctAccepted(receiver) == 50);
                assertNoEventAcceptedTwice(receiver);

                // kill -9 the node that polled last, while it holds undelivered events
                HubProcess victim = pollerRuns(nodeA) >= pollerRuns(nodeB) ? a : b;
                RunningHub victimNode = victim == a ? nodeA : nodeB;
                RunningHub survivor = victim == a ? nodeB : nodeA;
                receiver.answer(body -> new FakeSubscriber.Answer(503, null));
                for (int i = 0; i < 5; i++) {
                    assertEquals(200, victimNode.sendJson("POST", "/flyt/orders", FLYT, flytBody("CLUSTER-LATE-" + i))
                            .statusCode());
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.attempts().stream()
                        .filter(x -> x.body().path("data").path("ref_id").asText().startsWith("CLUSTER-LATE-"))
                        .map(FakeSubscriber.Attempt::webhookId).distinct().count() == 5);
                victim.kill();
                receiver.answer(body -> FakeSubscriber.Answer.OK);
                partner.put(6, "new", T0.plusSeconds(60));
                double survivorRuns = pollerRuns(survivor);

                // within a minute the survivor polls (order P-6 arrives) and delivers the dead node's events
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> count(db,
                        "SELECT COUNT(*) FROM orders WHERE source = 'pollster'") == 6 && distinctAccepted(receiver) == 56);
                assertTrue(pollerRuns(survivor) > survivorRuns, "the survivor did not poll");
                assertNoEventAcceptedTwice(receiver);
                assertEquals(200, survivor.sendJson("POST", "/flyt/orders", FLYT, flytBody("CLUSTER-AFTER")).statusCode());
                assertEquals(36, count(db, "SELECT COUNT(*) FROM orders WHERE source = 'flyt'"));
            }
        }
    }

    private static HubProcess node(List<String> settings, int port) throws IOException {
        List<String> own = new ArrayList<>(settings);
        own.add("camel.server.port=" + port);
        own.add("orderhub.data-dir=" + Files.createTempDirectory("orderhub-node"));
        return HubProcess.start(App.class, own);
    }

    /** Sends the same request to both nodes at the same moment; answers in node order. */
    private static List<HttpResponse<String>> both(Function<RunningHub, HttpResponse<String>> request,
                                                   RunningHub first, RunningHub second) {
        CompletableFuture<HttpResponse<String>> one = CompletableFuture.supplyAsync(() -> request.apply(first));
        CompletableFuture<HttpResponse<String>> two = CompletableFuture.supplyAsync(() -> request.apply(second));
        return List.of(one.join(), two.join());
    }

    /** How many times this node ran the poller, from its own metrics. */
    private static double pollerRuns(RunningHub node) {
        return node.get("/observe/metrics", ADMIN).body().lines()
                .filter(l -> l.startsWith("camel_exchanges_total{") && l.contains("routeId=\"partner-pollster\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static long distinctAccepted(FakeSubscriber receiver) {
        return receiver.accepted().stream().map(FakeSubscriber.Attempt::webhookId).distinct().count();
    }

    private static void assertNoEventAcceptedTwice(FakeSubscriber receiver) {
        Map<String, Long> times = receiver.accepted().stream()
                .collect(Collectors.groupingBy(FakeSubscriber.Attempt::webhookId, Collectors.counting()));
        times.forEach((id, n) -> assertEquals(1L, n, "event " + id + " was accepted " + n + " times"));
    }

    private static long count(Map<String, String> db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.get("orderhub.db.url"), db.get("orderhub.db.user"),
                db.get("orderhub.db.password")); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String flytBody(String reference) {
        return resource("/flyt/collection-by-customer.json").replace("SKIP-12345678", reference);
    }

    private static String resource(String name) {
        try (InputStream in = ClusterTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
