package org.orderhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Credentials come only from the one Authorization header of the request; each key opens its own
 * family of endpoints; wrong keys from one address are slowed down; secrets stay out of Jolokia.
 */
class CredentialsTest {

    private static final String FLYT = "test-flyt-token-0123456789";
    private static final String METRICS_KEY = "test-metrics-key-0123456789";
    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of("orderhub.metrics-keys", METRICS_KEY,
            "acme-eats.webhook-secret", WEBHOOK_SECRET));

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "GET  | /orders?phone=5550001234&Authorization= | API",
            "GET  | /admin/sites/BBBBBBBBB?Authorization=   | ADMIN",
            "POST | /flyt/orders?Authorization=             | FLYT",
            "GET  | /observe/metrics?Authorization=         | ADMIN",
            "GET  | /observe/jolokia/version?Authorization= | ADMIN"})
    void a_key_in_the_query_string_is_no_credential(String method, String target, String which) throws Exception {
        String key = switch (which) {
            case "API" -> RunningHub.API_KEY;
            case "ADMIN" -> RunningHub.ADMIN_KEY;
            default -> FLYT;
        };
        String url = target + URLEncoder.encode("Bearer " + key, StandardCharsets.UTF_8);
        RawHttp.Answer a = RawHttp.request(hub.port(), method, url, "Content-Type: application/json\r\n",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, a.status(), url + ": " + a.body());
        assertTrue(RunningHub.json(a.body()).get("errorMessage").asText().startsWith("Missing credentials"), a.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/orders?phone=5550001234", "/admin/sites/BBBBBBBBB", "/observe/metrics"})
    void two_authorization_headers_are_refused(String target) throws Exception {
        String admin = "Authorization: Bearer " + RunningHub.ADMIN_KEY + "\r\n";
        String api = "Authorization: Bearer " + RunningHub.API_KEY + "\r\n";
        RawHttp.Answer a = RawHttp.request(hub.port(), "GET", target, admin + api, new byte[0]);
        assertEquals(401, a.status(), a.body());
        assertEquals("Send exactly one Authorization header", RunningHub.json(a.body()).get("errorMessage").asText());
    }

    @Test
    void a_metrics_key_opens_the_metrics_and_nothing_else() {
        HttpResponse<String> metrics = hub.get("/observe/metrics", METRICS_KEY);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("camel_exchanges_total"), "Prometheus text");
        for (String path : List.of("/observe/jolokia/version", "/admin/sites/BBBBBBBBB", "/orders?phone=5550001234",
                "/observe/health?exposureLevel=full")) {
            assertEquals(401, hub.get(path, METRICS_KEY).statusCode(), path);
        }
    }

    @Test
    void health_tells_anyone_the_status_and_only_admins_the_details() {
        JsonNode plain = RunningHub.json(hub.get("/observe/health", null));
        assertEquals("UP", plain.get("status").asText());
        assertFalse(plain.has("checks"), "status only: " + plain);
        for (String query : List.of("?exposureLevel=full", "?exposureLevel=default", "?data=true", "?stackTrace=true")) {
            assertEquals(401, hub.get("/observe/health" + query, null).statusCode(), query);
        }
        JsonNode full = RunningHub.json(hub.get("/observe/health?exposureLevel=full", RunningHub.ADMIN_KEY));
        assertTrue(full.get("checks").size() > 3, full.toString());
    }

    @Test
    void jolokia_never_shows_the_command_line_the_system_properties_or_any_secret() throws Exception {
        for (String attribute : List.of("InputArguments", "SystemProperties")) {
            JsonNode read = RunningHub.json(hub.get("/observe/jolokia/read/java.lang:type=Runtime/" + attribute,
                    RunningHub.ADMIN_KEY));
            assertEquals(403, read.get("status").asInt(), read.toString());
        }
        // everything an admin can read, MBean by MBean: no configured secret in it
        JsonNode names = RunningHub.json(hub.get("/observe/jolokia/search/*:*", RunningHub.ADMIN_KEY)).get("value");
        assertTrue(names.size() > 50, names.toString());
        StringBuilder everything = new StringBuilder();
        for (JsonNode name : names) {
            String escaped = name.asText().replace("!", "!!").replace("/", "!/");
            everything.append(hub.get("/observe/jolokia/read/" + URLEncoder.encode(escaped, StandardCharsets.UTF_8)
                    .replace("+", "%20") + "?ignoreErrors=true", RunningHub.ADMIN_KEY).body());
        }
        assertTrue(everything.toString().contains("OpenJDK") || everything.toString().contains("VmName"),
                "the scan read attributes");
        for (String secret : List.of(RunningHub.ADMIN_KEY, RunningHub.API_KEY, FLYT, METRICS_KEY,
                WEBHOOK_SECRET.substring("whsec_".length()))) {
            assertFalse(everything.toString().contains(secret), "a secret is readable through Jolokia");
        }
    }

    @Test
    void repeated_wrong_keys_from_one_address_get_429_while_right_keys_from_it_still_pass() {
        try (RunningHub hub = RunningHub.start(Map.of("orderhub.auth.failure-allowance", "3",
                "orderhub.auth.failures-per-minute", "30"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(401, hub.get("/admin/sites/BBBBBBBBB", "wrong-admin-key-guess-" + i).statusCode());
            }
            HttpResponse<String> slowed = hub.get("/admin/sites/BBBBBBBBB", "wrong-admin-key-guess-4");
            assertEquals(429, slowed.statusCode(), slowed.body());
            assertTrue(slowed.headers().firstValue("Retry-After").isPresent());
            // the guesser shares this address with everyone else: every valid key of every family still passes
            assertEquals(200, hub.get("/orders?phone=5550001234", RunningHub.API_KEY).statusCode());
            assertEquals(200, hub.get("/admin/sites/BBBBBBBBB", RunningHub.ADMIN_KEY).statusCode());
            assertEquals(200, hub.get("/observe/metrics", RunningHub.ADMIN_KEY).statusCode());
            assertEquals(400, hub.sendJson("POST", "/flyt/orders", FLYT, "{}").statusCode(), "past the key check");
            assertEquals(429, hub.get("/orders?phone=5550001234", "wrong-api-key-guess-5").statusCode());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> hub.get("/admin/sites/BBBBBBBBB", "wrong-admin-key-guess-6").statusCode() == 401);
        }
    }

    @Test
    void behind_a_trusted_proxy_each_forwarded_client_is_counted_on_its_own_and_others_cannot_pick_theirs() {
        try (RunningHub hub = RunningHub.start(Map.of("orderhub.auth.failure-allowance", "3",
                "orderhub.auth.failures-per-minute", "1", "orderhub.http.trusted-proxies", "127.0.0.0/8,::1"))) {
            for (int i = 0; i < 4; i++) {
                hub.getWith("/admin/sites/BBBBBBBBB", "wrong-admin-key-guess-" + i,
                        Map.of("X-Forwarded-For", "203.0.113.9"));
            }
            assertEquals(429, hub.getWith("/admin/sites/BBBBBBBBB", "wrong-admin-key-guess-5",
                    Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.9")).statusCode(), "the nearest hop counts");
            assertEquals(401, hub.getWith("/admin/sites/BBBBBBBBB", "wrong-admin-key-guess-6",
                    Map.of("X-Forwarded-For", "203.0.113.10")).statusCode(), "another client behind the proxy");
            assertEquals(401, hub.get("/admin/sites/BBBBBBBBB", "wrong-admin-key-guess-7").statusCode(),
                    "the proxy itself");
        }
        try (RunningHub hub = RunningHub.start(Map.of("orderhub.auth.failure-allowance", "3",
                "orderhub.auth.failures-per-minute", "1"))) {
            for (int i = 0; i < 4; i++) {
                hub.getWith("/admin/sites/BBBBBBBBB", "wrong-admin-key-guess-" + i,
                        Map.of("X-Forwarded-For", "203.0.113." + i));
            }
            assertEquals(429, hub.getWith("/admin/sites/BBBBBBBBB", "wrong-admin-key-guess-5",
                    Map.of("X-Forwarded-For", "203.0.113.99")).statusCode(), "no trusted proxy: the header is ignored");
        }
    }

    @Test
    void inbound_orders_refused_at_the_door_are_still_counted_per_source() {
        assertEquals(401, hub.sendJson("POST", "/webhooks/acme-eats", null, "{}").statusCode());
        assertEquals(401, hub.sendJson("POST", "/flyt/orders", null, "{}").statusCode());
        String metrics = hub.get("/observe/metrics", RunningHub.ADMIN_KEY).body();
        assertTrue(metrics.contains("orderhub_orders_rejected_total{reason=\"401\",source=\"acme-eats\"}"), metrics);
        assertTrue(metrics.contains("orderhub_orders_rejected_total{reason=\"401\",source=\"flyt\"}"), metrics);
    }

    @Test
    void a_configured_key_shorter_than_sixteen_characters_stops_the_start() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RunningHub.start(Map.of("orderhub.admin-keys", "admin123")).close());
        Throwable cause = refused;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("orderhub.admin-keys: every key must be at least 16 characters"),
                cause.getMessage());
    }
}
