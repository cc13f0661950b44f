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
        try (RunningHub hub = RunningHub.start(Map.of(
                "camel.main.routes-include-pattern", "classpath:routes/api/*.camel.yaml,file:" + routes + "/**/*.camel.yaml",
                "camel.main.routes-reload-directory", routes.toString(),
                "acme-eats.webhook-secret", SECRET, "fresh-eats.webhook-secret", SECRET))) {
            assertEquals(200, deliver(hub, "acme-eats", "AE-ONB-1").statusCode());
            assertEquals(404, deliver(hub, "fresh-eats", "FE-ONB-1").statusCode());

            Files.writeString(partners.resolve("fresh-eats.camel.yaml"), acme
                    .replace("partner-acme-eats", "partner-fresh-eats")
                    .replace("/webhooks/acme-eats", "/webhooks/fresh-eats")
                    .replace("{name: partner, constant: acme-eats}", "{name: partner, constant: fresh-eats}")
                    .replace("acme-eats.webhook-secret", "fresh-eats.webhook-secret"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> deliver(hub, "fresh-eats", "FE-ONB-1").statusCode() == 200);
            assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=FE-ONB-1", RunningHub.API_KEY)).size());

            Files.writeString(partners.resolve("broken.camel.yaml"), "- route:\n    id: [unclosed\n   from: nowhere\n");
            // give the watcher time to see (and refuse) the broken file, while the others keep working
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> deliver(hub, "acme-eats", "AE-ONB-" + System.nanoTime()).statusCode() == 200
                            && deliver(hub, "fresh-eats", "FE-ONB-" + System.nanoTime()).statusCode() == 200);
        }
    }

    @Test
    void a_partner_file_instantiating_the_shipped_template_works_from_the_start() throws Exception {
        Path routes = Files.createTempDirectory("orderhub-routes");
        Files.writeString(Files.createDirectories(routes.resolve("partners")).resolve("tmpl-eats.camel.yaml"), """
                # Tmpl Eats: the template form of a partner file
                - templatedRoute:
                    routeTemplateRef: partner-webhook
                    routeId: partner-tmpl-eats
                    parameters:
                      - {name: partner, value: tmpl-eats}
                      - {name: secret, value: "{{tmpl-eats.webhook-secret}}"}
                      - {name: signatureScheme, value: standard-webhooks}
                      - {name: mapping, value: acme-eats.jsonata}
                """);
        try (RunningHub hub = RunningHub.start(Map.of(
                "camel.main.routes-include-pattern", "classpath:routes/api/*.camel.yaml,file:" + routes + "/**/*.camel.yaml",
                "camel.main.routes-reload-directory", routes.toString(), "tmpl-eats.webhook-secret", SECRET))) {
            HttpResponse<String> r = deliver(hub, "tmpl-eats", "TE-1");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("tmpl-eats", RunningHub.json(hub.get("/admin/orders/" + RunningHub.json(r).get("id").asText(),
                    RunningHub.ADMIN_KEY)).get("source").asText());
            // the template's steps carry readable ids made from the partner's name, in hawtio and JMX (Camel
            // puts the instance's prefix in front: route-1partner-tmpl-eats-call)
            List<String> ids = hub.context().getRoute("partner-tmpl-eats").filter("*").stream()
                    .map(p -> ((org.apache.camel.spi.IdAware) p).getId()).toList();
            assertTrue(ids.stream().anyMatch(id -> id.endsWith("partner-tmpl-eats-call")), ids.toString());
            assertTrue(ids.stream().anyMatch(id -> id.endsWith("partner-tmpl-eats-set-signatureSecret")), ids.toString());
            assertTrue(ids.stream().noneMatch(id -> id.matches("[a-zA-Z]+[0-9]+")), "generated ids: " + ids);
        }
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
