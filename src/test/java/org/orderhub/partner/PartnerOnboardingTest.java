package org.orderhub.partner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;
import org.orderhub.security.WebhookSignature;

/** Onboarding without a restart: a partner file dropped into routes/partners/ answers within seconds. */
class PartnerOnboardingTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_partner_file_copied_in_while_the_hub_runs_is_live_and_a_broken_one_harms_nobody() throws Exception {
        Path routes = Files.createTempDirectory("orderhub-routes");
        Path partners = Files.createDirectories(routes.resolve("partners"));
        String acme = Files.readString(Path.of("routes/partners/acme-eats.camel.yaml"));
        Files.writeString(partners.resolve("acme-eats.camel.yaml"), acme);
        try (RunningHub hub = RunningHub.start(Map.of("orderhub.routes-dir", routes.toString(),
                "acme-eats.webhook-secret", SECRET, "fresh-eats.webhook-secret", SECRET))) {
            assertEquals(200, deliver(hub, "acme-eats", "AE-ONB-1").statusCode());
            assertEquals(404, deliver(hub, "fresh-eats", "FE-ONB-1").statusCode());

            String fresh = acme.replace("partner-acme-eats", "partner-fresh-eats")
                    .replace("/webhooks/acme-eats", "/webhooks/fresh-eats")
                    .replace("partner=acme-eats", "partner=fresh-eats&mapping=acme-eats.jsonata")
                    .replace("acme-eats.webhook-secret", "fresh-eats.webhook-secret");
            Files.writeString(partners.resolve("fresh-eats.camel.yaml"), fresh);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> deliver(hub, "fresh-eats", "FE-ONB-1").statusCode() == 200);
            assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=FE-ONB-1", RunningHub.API_KEY)).size());

            // changed three times while it serves: each version is live after a reload (an action Kamelet
            // reloads cleanly where a source Kamelet holding the HTTP consumer would not)
            for (String scheme : List.of("none", "standard-webhooks", "none")) {
                Files.writeString(partners.resolve("fresh-eats.camel.yaml"),
                        fresh.replace("signatureScheme=standard-webhooks", "signatureScheme=" + scheme));
                int expected = scheme.equals("none") ? 200 : 401;
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    HttpResponse<String> r = unsigned(hub, "fresh-eats", "FE-ONB-" + System.nanoTime());
                    assertEquals(expected, r.statusCode(), scheme + ": " + r.body());
                });
            }

            Files.writeString(partners.resolve("broken.camel.yaml"), "- route:\n    id: [unclosed\n   from: nowhere\n");
            // give the watcher time to see (and refuse) the broken file, while the others keep working
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> deliver(hub, "acme-eats", "AE-ONB-" + System.nanoTime()).statusCode() == 200
                            && unsigned(hub, "fresh-eats", "FE-ONB-" + System.nanoTime()).statusCode() == 200);

            // removed: the partner's path is gone
            Files.delete(partners.resolve("fresh-eats.camel.yaml"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> deliver(hub, "fresh-eats", "FE-ONB-" + System.nanoTime()).statusCode() == 404);
        }
    }

    @Test
    void the_kamelet_steps_carry_readable_ids_made_from_the_partner() throws Exception {
        Path routes = Files.createTempDirectory("orderhub-routes");
        Files.copy(Path.of("routes/partners/acme-eats.camel.yaml"),
                Files.createDirectories(routes.resolve("partners")).resolve("acme-eats.camel.yaml"));
        try (RunningHub hub = RunningHub.start(Map.of("orderhub.routes-dir", routes.toString(),
                "acme-eats.webhook-secret", SECRET))) {
            HttpResponse<String> r = deliver(hub, "acme-eats", "AE-IDS-1");
            assertEquals(200, r.statusCode(), r.body());
            List<String> ids = new java.util.ArrayList<>();
            for (org.apache.camel.Route route : hub.context().getRoutes()) {
                if (route.getRouteId().startsWith("orderhub-webhook-partner") || route.getRouteId().equals("partner-acme-eats")) {
                    route.filter("*").forEach(p -> ids.add(((org.apache.camel.spi.IdAware) p).getId()));
                }
            }
            assertTrue(ids.stream().anyMatch(id -> id.endsWith("acme-eats-intake")), ids.toString());
            assertTrue(ids.stream().anyMatch(id -> id.endsWith("acme-eats-signature-secret")), ids.toString());
            assertTrue(ids.contains("partner-acme-eats-call"), ids.toString());
            assertTrue(ids.stream().noneMatch(id -> id.matches("[a-zA-Z]+[0-9]+")), "generated ids: " + ids);
        }
    }

    private HttpResponse<String> unsigned(RunningHub hub, String partner, String orderId) throws Exception {
        return http.send(HttpRequest.newBuilder(hub.uri("/webhooks/" + partner)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PartnerWebhookTest.sample().replace("AE-1001", orderId))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> deliver(RunningHub hub, String partner, String orderId) throws Exception {
        String body = PartnerWebhookTest.sample().replace("AE-1001", orderId);
        long now = System.currentTimeMillis() / 1000;
        String id = "msg_" + orderId;
        HttpRequest request = HttpRequest.newBuilder(hub.uri("/webhooks/" + partner))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", WebhookSignature.sign(SECRET, id, now, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
