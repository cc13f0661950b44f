package org.orderhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an operator sees in JMX / hawtio: every step of the hub's own routes has a readable id, the
 * steps an order passed count it, a refusal counts as a failure on the step that refused it, and the
 * read-only operations hawtio draws routes with are open to an admin while nothing that changes state is.
 */
class StepsInJmxTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String CONTEXT = "org.apache.camel:context=orderhub,type=context,name=%22orderhub%22";
    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of("acme-eats.webhook-secret", SECRET));

    private static String resource(String name) {
        try (InputStream in = StepsInJmxTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * processor id → {exchanges, refusals}, as Jolokia reads them. A refused order is answered (4xx) by
     * the shared error handler, so Camel counts it as a failure handled, on the step that refused it.
     */
    private static Map<String, long[]> steps(String routeId) {
        JsonNode all = RunningHub.json(hub.get("/observe/jolokia/read/org.apache.camel:context=orderhub,"
                + "type=processors,name=*/RouteId,ExchangesTotal,FailuresHandled", RunningHub.ADMIN_KEY)).get("value");
        Map<String, long[]> steps = new HashMap<>();
        all.fields().forEachRemaining(e -> {
            if (e.getValue().get("RouteId").asText().equals(routeId)) {
                String id = e.getKey().replaceAll(".*name=\"?([^\",]+)\"?.*", "$1");
                steps.put(id, new long[]{e.getValue().get("ExchangesTotal").asLong(),
                        e.getValue().get("FailuresHandled").asLong()});
            }
        });
        return steps;
    }

    private static long passed(Map<String, long[]> steps) {
        return steps.values().stream().filter(s -> s[0] > 0).count();
    }

    @Test
    void a_flyt_order_and_a_webhook_delivery_pass_named_steps_each_counted() {
        assertEquals(200, hub.sendJson("POST", "/flyt/orders", "test-flyt-token-0123456789",
                resource("/flyt/collection-by-customer.json")).statusCode());
        assertEquals(200, hub.sendSigned("/webhooks/acme-eats", SECRET, "msg_steps",
                resource("/partners/acme-eats-order.json")).statusCode());

        Map<String, long[]> flyt = steps("flyt-orders");
        assertTrue(passed(flyt) >= 5, "Flyt steps with exchanges: " + flyt.keySet());
        assertTrue(flyt.containsKey("flyt-map-to-canonical") && flyt.get("flyt-map-to-canonical")[0] >= 1);
        Map<String, long[]> webhook = steps("partner-webhook-intake");
        assertTrue(passed(webhook) >= 6, "webhook steps with exchanges: " + webhook.keySet());
        assertTrue(webhook.get("webhook-store-once")[0] >= 1);
        // the hub's own routes (src/main/resources/routes/api, the REST DSL's rest-* ones), not the
        // operator's files; Camel's own OpenAPI route excepted
        Set<String> hubRoutes = new java.util.TreeSet<>();
        hub.context().getRoutes().stream().filter(r -> r.getRouteId().startsWith("rest-")
                || r.getSourceLocation() != null && r.getSourceLocation().contains("routes/api/"))
                .forEach(r -> hubRoutes.add(r.getRouteId()));
        assertTrue(hubRoutes.containsAll(Set.of("flyt-orders", "rest-flyt-orders", "partner-webhook-intake",
                "partner-poll", "subscriber-post", "order-export", "admin-rejected-orders")), hubRoutes.toString());
        for (String route : hubRoutes) {
            for (String id : steps(route).keySet()) {
                assertFalse(id.matches("[a-zA-Z]+[0-9]+"), "generated id " + id + " in route " + route);
            }
        }
    }

    @Test
    void a_mapping_that_fails_counts_a_refusal_on_the_mapping_step() {
        long before = steps("partner-webhook-intake").getOrDefault("webhook-map-to-canonical", new long[2])[1];
        // a number where the mapping joins names: the JSONata evaluation itself fails
        assertEquals(422, hub.sendSigned("/webhooks/acme-eats", SECRET, "msg_unmappable",
                "{\"data\": {\"id\": \"AE-X\", \"customer\": {\"first_name\": 5, \"last_name\": true}}}").statusCode());
        Map<String, long[]> after = steps("partner-webhook-intake");
        assertEquals(before + 1, after.get("webhook-map-to-canonical")[1], "refusals on the mapping step");
        assertEquals(0, after.get("webhook-store-once")[1], "the order never reached the store");
        String metrics = hub.get("/observe/metrics", RunningHub.ADMIN_KEY).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("camel_exchanges_failures_handled_total")
                && l.contains("routeId=\"partner-webhook-intake\"") && !l.endsWith(" 0.0")), metrics);
    }

    @Test
    void hawtio_can_draw_routes_and_their_statistics_but_change_nothing() {
        JsonNode routes = RunningHub.json(hub.get("/observe/jolokia/exec/" + CONTEXT + "/dumpRoutesAsXml()",
                RunningHub.ADMIN_KEY));
        assertTrue(routes.path("value").asText().contains("id=\"flyt-place-order\""), routes.toString());
        String route = "org.apache.camel:context=orderhub,type=routes,name=%22flyt-orders%22";
        JsonNode stats = RunningHub.json(hub.get("/observe/jolokia/exec/" + route
                + "/dumpRouteStatsAsXml(boolean,boolean)/true/true", RunningHub.ADMIN_KEY));
        assertTrue(stats.path("value").asText().contains("<processorStat id=\"flyt-check-token\""), stats.toString());

        for (String forbidden : new String[]{route + "/stop()", CONTEXT + "/dumpRoutesAsXml(boolean)/true",
                "java.lang:type=Memory/gc()", CONTEXT + "/suspend()"}) {
            JsonNode answer = RunningHub.json(hub.get("/observe/jolokia/exec/" + forbidden, RunningHub.ADMIN_KEY));
            assertEquals(403, answer.get("status").asInt(), forbidden + ": " + answer);
        }
        // hawtio names an operation without its signature when it has no overloads
        String byName = "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=orderhub,type=routes,name=\\\"flyt-orders\\\"\","
                + "\"operation\":\"dumpRouteStatsAsXml\",\"arguments\":[true,true]}";
        assertEquals(200, RunningHub.json(hub.sendJson("POST", "/observe/jolokia", RunningHub.ADMIN_KEY, byName))
                .get("status").asInt());
        String resolving = "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=orderhub,type=context,name=\\\"orderhub\\\"\","
                + "\"operation\":\"dumpRoutesAsXml\",\"arguments\":[true]}";
        assertEquals(403, RunningHub.json(hub.sendJson("POST", "/observe/jolokia", RunningHub.ADMIN_KEY, resolving))
                .get("status").asInt(), "no dump that resolves placeholders, by any name");
        assertEquals("Started", RunningHub.json(hub.get("/observe/jolokia/read/" + route + "/State",
                RunningHub.ADMIN_KEY)).get("value").asText());
        assertEquals(401, hub.get("/observe/jolokia/exec/" + URLEncoder.encode(CONTEXT, StandardCharsets.UTF_8)
                + "/dumpRoutesAsXml()", null).statusCode(), "and only for admins");
    }
}
