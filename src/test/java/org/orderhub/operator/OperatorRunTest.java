package org.orderhub.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.orderhub.App;
import org.orderhub.HubProcess;
import org.orderhub.RunningHub;
import org.orderhub.security.WebhookSignature;

/**
 * The hub as an operator runs it (its own JVM, in a folder with application.properties, routes/ and no
 * mappings/): JSON 503 with Retry-After from the first answer until it is ready, a file dropped in during
 * start-up live afterwards, one log line for a refused file, and a partner's secret added to
 * application.properties used without a restart.
 */
class OperatorRunTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ADMIN = "run-admin-key-0123456789";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String partnerFile(String partner) {
        return "- route:\n    id: partner-" + partner + "\n    from:\n      uri: platform-http:/webhooks/" + partner
                + "\n      steps:\n        - to: \"kamelet:orderhub-webhook-partner?partner=" + partner + "&secret={{?"
                + partner + ".webhook-secret}}&mapping=acme-eats.jsonata\"\n";
    }

    private HttpResponse<String> deliver(int port, String partner, String id) throws Exception {
        String body = OperatorMistakesTest.sample("RUN-" + id);
        long now = System.currentTimeMillis() / 1000;
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/" + partner))
                .header("Content-Type", "application/json").header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", WebhookSignature.sign(SECRET, id, now, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void start_up_answers_json_503_loads_late_files_and_picks_up_a_new_secret_without_a_restart() throws Exception {
        Path dir = Files.createTempDirectory("orderhub-run");
        Path partners = Files.createDirectories(dir.resolve("routes/partners"));
        Files.writeString(dir.resolve("application.properties"), "orderhub.demo-data = true\n");
        Files.writeString(partners.resolve("typo.camel.yaml"), partnerFile("typo").replace("&mapping=", "&mappin="));
        Files.writeString(partners.resolve("fresh.camel.yaml"), partnerFile("fresh"));
        int port = RunningHub.freePort();
        try (HubProcess process = HubProcess.startIn(dir, List.of("-Xmx256m"), App.class, List.of(),
                Map.of("CAMEL_SERVER_PORT", Integer.toString(port), "ORDERHUB_ADMIN_KEYS", ADMIN,
                        "ORDERHUB_API_KEYS", "run-api-key-0123456789", "ORDERHUB_FLYT_TOKEN", "run-flyt-token-0123456789",
                        "LATECOMER_WEBHOOK_SECRET", SECRET))) {
            // every answer from the first one on, until the routes answer: JSON, never Vert.x's HTML 404
            List<String> early = new ArrayList<>();
            boolean dropped = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r;
                try {
                    r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notListening) {
                    if (!dropped && process.outputLinesContaining("is starting") > 0) {
                        // dropped in while the hub starts, written aside and moved in
                        Path aside = dir.resolve("latecomer.part");
                        Files.writeString(aside, partnerFile("latecomer"));
                        Files.move(aside, partners.resolve("latecomer.camel.yaml"), StandardCopyOption.ATOMIC_MOVE);
                        dropped = true;
                    }
                    Thread.sleep(10);
                    continue;
                }
                if (r.statusCode() == 401) {
                    break;
                }
                early.add(r.statusCode() + " " + r.headers().firstValue("Retry-After").orElse("-") + " "
                        + r.headers().firstValue("Content-Type").orElse("-") + " " + r.body());
                Thread.sleep(5);
            }
            assertTrue(dropped, "the file was dropped in during start-up");
            assertTrue(!early.isEmpty(), "the hub answered while it started");
            for (String answer : early) {
                assertTrue(answer.startsWith("503 2 application/json {\"errorMessage\":\"The hub is starting"), answer);
            }

            // the file dropped in during start-up is live; the refused one is named in one log line
            assertEquals(200, deliver(port, "latecomer", "msg_late_1").statusCode());
            await().atMost(Duration.ofSeconds(5)).until(() -> process.outputLinesContaining("typo.camel.yaml") > 0);
            assertEquals(1, process.output().stream().filter(l -> l.contains("typo.camel.yaml")
                    && l.contains("parameter mappin") && l.contains("did you mean mapping?")).count(), process.output().toString());

            // five deliveries signed with a wrong secret: refused 401, said in one log line (at most one a minute)
            for (int i = 0; i < 5; i++) {
                String body = OperatorMistakesTest.sample("RUN-BAD-" + i);
                long now = System.currentTimeMillis() / 1000;
                HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/webhooks/latecomer")).header("Content-Type", "application/json").header("webhook-id", "msg_bad_" + i)
                        .header("webhook-timestamp", Long.toString(now)).header("webhook-signature", WebhookSignature.sign(
                                "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]), "msg_bad_" + i, now,
                                body.getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, forged.statusCode(), forged.body());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> process.outputLinesContaining("Source latecomer: delivery refused 401") > 0);
            assertEquals(1, process.outputLinesContaining("Source latecomer: delivery refused 401"), process.output().toString());
            // Camel's HTTP endpoint summary once, at start; each file's load line names its path instead
            assertEquals(1, process.outputLinesContaining("HTTP endpoints summary"), process.output().toString());
            assertEquals(1, process.outputLinesContaining("Loaded partners/latecomer.camel.yaml (POST /webhooks/latecomer)"));

            // a new partner's secret, set in application.properties while the hub runs
            HttpResponse<String> before = deliver(port, "fresh", "msg_fresh_1");
            assertEquals(503, before.statusCode(), before.body());
            Files.writeString(dir.resolve("application.properties"), "fresh.webhook-secret = " + SECRET + "\n",
                    StandardOpenOption.APPEND);
            long set = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> deliver(port, "fresh", "msg_fresh_2").statusCode() == 200);
            assertTrue(Duration.ofNanos(System.nanoTime() - set).toSeconds() < 30);
            // the delivery refused while the secret was missing was not kept (nothing proved who sent it): the
            // partner's retry of it is stored now
            HttpResponse<String> parked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/admin/parked-deliveries/fresh")).header("Authorization", "Bearer " + ADMIN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(0, RunningHub.json(parked).get("deliveries").size(), parked.body());
            HttpResponse<String> retry = deliver(port, "fresh", "msg_fresh_1");
            assertEquals(200, retry.statusCode(), retry.body());
            assertEquals("created", RunningHub.json(retry).get("result").asText(), retry.body());
            HttpResponse<String> tracked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/orders?ref_id=RUN-msg_fresh_1")).header("Authorization", "Bearer run-api-key-0123456789").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(1, RunningHub.json(tracked).size(), tracked.body());
        }
    }
}
