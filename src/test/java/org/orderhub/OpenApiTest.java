package org.orderhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The public API is what rest.camel.yaml declares plus the partner webhooks that run: GET /openapi.json
 * (no key) describes exactly those operations, each described operation is answered by its route, and a
 * method the declaration does not name is a 405 that says which ones it does.
 */
class OpenApiTest {

    private static final String FLYT_TOKEN = "openapi-flyt-token-0123456789";

    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of("orderhub.flyt.token", FLYT_TOKEN));

    private static JsonNode document() {
        HttpResponse<String> answer = hub.get("/openapi.json", null);
        assertEquals(200, answer.statusCode(), answer.body());
        return RunningHub.json(answer);
    }

    /** "POST /flyt/orders", ... as the OpenAPI document lists them. */
    private static TreeSet<String> documented(JsonNode doc) {
        TreeSet<String> operations = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
        return operations;
    }

    @Test
    void the_document_is_served_without_a_key_and_lists_exactly_the_declared_operations_and_webhooks() {
        JsonNode doc = document();
        assertTrue(doc.get("openapi").asText().startsWith("3."), doc.toString());
        assertEquals("orderhub", doc.at("/info/title").asText());

        TreeSet<String> declared = new TreeSet<>();
        Model model = hub.context().getCamelContextExtension().getContextPlugin(Model.class);
        for (RestDefinition rest : model.getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                declared.add(verb.asVerb().toUpperCase() + " " + (rest.getPath() == null ? "" : rest.getPath())
                        + (verb.getPath() == null ? "" : verb.getPath()));
            }
        }
        // the partner webhook routes running now (routes/partners/*.camel.yaml of the repository)
        hub.context().getRoutes().stream().map(r -> r.getEndpoint().getEndpointUri())
                .filter(uri -> uri.contains("/webhooks/"))
                .forEach(uri -> declared.add("POST " + uri.substring(uri.indexOf("/webhooks/")).replaceAll("[?].*", "")));
        assertTrue(declared.contains("POST /webhooks/acme-eats"), declared.toString());
        assertEquals(declared, documented(doc));
        // the public contract (SPEC 4.1, 4.2, 4.6)
        assertTrue(declared.containsAll(java.util.List.of("POST /flyt/orders", "GET /orders", "PUT /admin/sites/{siteId}",
                "PUT /admin/sites/{siteId}/catalog/{plu}", "POST /admin/orders/{id}/status")), declared.toString());
        // tracking's filters are described as query parameters
        TreeSet<String> filters = new TreeSet<>();
        doc.at("/paths/~1orders/get/parameters").forEach(p -> filters.add(p.get("in").asText() + ":" + p.get("name").asText()));
        assertEquals(new TreeSet<>(java.util.List.of("query:email", "query:order_id", "query:phone", "query:ref_id")), filters);
    }

    @Test
    void every_documented_operation_is_answered_by_its_route() {
        for (String operation : documented(document())) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "NO-SUCH-THING");
            String key = path.startsWith("/flyt") ? FLYT_TOKEN : path.startsWith("/admin") ? RunningHub.ADMIN_KEY : RunningHub.API_KEY;
            HttpResponse<String> answer = hub.sendJson(method, path, key, "GET".equals(method) || "DELETE".equals(method) ? null : "{}");
            assertNotEquals(405, answer.statusCode(), operation + " → " + answer.body());
            assertFalse(answer.body().contains("No such endpoint"), operation + " → " + answer.body());
            // a webhook partner whose secret this test does not set answers 503 "not configured" (its route ran)
            boolean unconfiguredPartner = answer.statusCode() == 503 && answer.body().contains("not configured");
            assertTrue(answer.statusCode() < 500 || unconfiguredPartner, operation + " → " + answer.statusCode() + " " + answer.body());
            assertTrue(RunningHub.json(answer).isContainerNode(), operation + " answers JSON: " + answer.body());
        }
    }

    @Test
    void a_method_the_declaration_does_not_name_is_a_405_naming_the_ones_it_does() {
        HttpResponse<String> flyt = hub.sendJson("GET", "/flyt/orders", FLYT_TOKEN, null);
        assertEquals(405, flyt.statusCode());
        assertEquals("POST", flyt.headers().firstValue("Allow").orElse(""));
        assertEquals("Use POST on /flyt/orders", RunningHub.json(flyt).get("errorMessage").asText());

        HttpResponse<String> site = hub.sendJson("DELETE", "/admin/sites/BBBBBBBBB", RunningHub.ADMIN_KEY, null);
        assertEquals(405, site.statusCode());
        assertEquals("GET, PUT", site.headers().firstValue("Allow").orElse(""));

        HttpResponse<String> unknown = hub.get("/no/such/path", RunningHub.API_KEY);
        assertEquals(404, unknown.statusCode());
        assertEquals("No such endpoint", RunningHub.json(unknown).get("errorMessage").asText());
    }
}
