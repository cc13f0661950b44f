package org.orderhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an operator sees at 3 a.m.: refused orders with their reasons, counters per partner, health, route names. */
class OperationsTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of("acme-eats.webhook-secret", SECRET));
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void refused_flyt_and_webhook_orders_are_kept_with_reason_and_masked_body() throws Exception {
        HttpResponse<String> flyt = hub.sendJson("POST", "/flyt/orders", "test-flyt-token-0123456789",
                resource("/flyt/collection-by-customer.json").replace("SKIP-12345678", "OPS-REFUSED")
                        .replace("\"11212121\"", "\"99999999\""));
        assertEquals(422, flyt.statusCode(), flyt.body());
        HttpResponse<String> webhook = signed(resource("/partners/acme-eats-order.json")
                .replace("\"id\": \"AE-1001\"", "\"id\": \"AE-OPS-1\"")
                .replace("\"store\": {\"ref\": \"BBBBBBBBB\"},", ""));
        assertEquals(422, webhook.statusCode(), webhook.body());

        JsonNode rejected = RunningHub.json(hub.get("/admin/rejected-orders", RunningHub.ADMIN_KEY));
        JsonNode flytRejection = find(rejected, "flyt");
        assertEquals("OPS-REFUSED", flytRejection.get("order_id").asText());
        assertEquals("Could not find item 99999999", flytRejection.get("reason").asText());
        JsonNode acmeRejection = find(rejected, "acme-eats");
        assertEquals("AE-OPS-1", acmeRejection.get("order_id").asText());
        assertEquals("Missing required fields: site_id", acmeRejection.get("reason").asText());
        String all = rejected.toString();
        assertFalse(all.contains("7910575785") || all.contains("867-5309") || all.contains("jane@example.com")
                || all.contains("John"), "personal data must be masked: " + all);
        assertTrue(acmeRejection.get("received_at").asText().matches("\\d{4}-\\d{2}-\\d{2}T.*Z"), acmeRejection.toString());

        // one partner's, through the query step's bound parameter
        JsonNode acmeOnly = RunningHub.json(hub.get("/admin/rejected-orders?source=acme-eats", RunningHub.ADMIN_KEY));
        assertTrue(acmeOnly.size() >= 1, acmeOnly.toString());
        acmeOnly.forEach(r -> assertEquals("acme-eats", r.get("source").asText()));
        assertEquals(0, RunningHub.json(hub.get("/admin/rejected-orders?source=x'%20OR%20'1'='1", RunningHub.ADMIN_KEY)).size());
        assertEquals(400, hub.get("/admin/rejected-orders?source=" + "p".repeat(65), RunningHub.ADMIN_KEY).statusCode());
    }

    @Test
    void metrics_count_orders_received_and_refused_per_source_and_time_each_partner_route() throws Exception {
        assertEquals(200, hub.sendJson("POST", "/flyt/orders", "test-flyt-token-0123456789",
                resource("/flyt/collection-by-customer.json").replace("SKIP-12345678", "OPS-METRIC")).statusCode());
        assertEquals(200, signed(resource("/partners/acme-eats-order.json")
                .replace("\"id\": \"AE-1001\"", "\"id\": \"AE-OPS-M\"")).statusCode());
        hub.sendJson("POST", "/flyt/orders", "test-flyt-token-0123456789", "{\"type\": \"nope\"}");
        String metrics = hub.get("/observe/metrics", RunningHub.ADMIN_KEY).body();
        assertTrue(metrics.contains("orderhub_orders_received_total{outcome=\"created\",source=\"flyt\"}"), metrics);
        assertTrue(metrics.contains("orderhub_orders_received_total{outcome=\"created\",source=\"acme-eats\"}"), metrics);
        assertTrue(metrics.contains("orderhub_orders_rejected_total{reason=\"malformed\",source=\"flyt\"}")
                || metrics.contains("orderhub_orders_rejected_total{reason=\"invalid_order\",source=\"flyt\"}"), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("camel_exchanges_total") && l.contains("partner-acme-eats")),
                "per-partner route counters and timers come from Camel's route policy");
        assertTrue(metrics.lines().anyMatch(l -> l.contains("_seconds") && l.contains("routeId=\"partner-acme-eats\"")),
                metrics);
    }

    @Test
    void health_covers_database_outbox_and_every_route_has_a_readable_id() throws Exception {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(hub.uri("/observe/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        String full = hub.get("/observe/health?exposureLevel=full", RunningHub.ADMIN_KEY).body();
        assertTrue(full.contains("\"database\"") && full.contains("\"outbox\""), full);
        for (Route route : hub.context().getRoutes()) {
            assertFalse(route.getRouteId().matches("route[0-9]+"), "generated route id " + route.getRouteId()
                    + " from " + route.getEndpoint().getEndpointUri());
        }
    }

    private static JsonNode find(JsonNode rejected, String source) {
        for (JsonNode r : rejected) {
            if (r.get("source").asText().equals(source)) {
                return r;
            }
        }
        throw new AssertionError("no rejection of " + source + " in " + rejected);
    }

    private HttpResponse<String> signed(String body) {
        return hub.sendSigned("/webhooks/acme-eats", SECRET, "msg_ops_" + System.nanoTime(), body);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = OperationsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
