package org.orderhub.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;

/**
 * {@code POST /admin/mappings/{file}/try} (issue 16): an operator runs a mapping on a sample body and
 * sees the result and its problems; nothing is stored.
 */
class MappingTryOutTest {

    static RunningHub hub;
    static Path mappings;

    @BeforeAll
    static void start() throws IOException {
        mappings = Files.createTempDirectory("orderhub-mappings");
        Files.copy(Path.of("mappings/acme-eats.jsonata"), mappings.resolve("acme-eats.jsonata"));
        Files.writeString(mappings.resolve("no-phone.jsonata"),
                "{\"order_id\": data.id, \"site_id\": data.store.ref, \"status\": \"created\", \"total\": \"lots\"}");
        Files.writeString(mappings.resolve("typo.jsonata"), "{\"order_id\": $upper(data.id}");
        Files.writeString(mappings.resolve("forever.jsonata"), "($f := function($x) { $f($x + 1) }; {\"order_id\": $f(1)})");
        hub = RunningHub.start(Map.of("orderhub.mappings-dir", mappings.toString()));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static String acmeSample() {
        try (InputStream in = MappingTryOutTest.class.getResourceAsStream("/partners/acme-eats-order.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tryOut(String path, String body) {
        HttpResponse<String> r = hub.sendJson("POST", path, RunningHub.ADMIN_KEY, body);
        assertEquals(200, r.statusCode(), r.body());
        return RunningHub.json(r);
    }

    @Test
    void a_good_mapping_on_the_partners_sample_answers_the_canonical_order_and_no_problems() {
        JsonNode answer = tryOut("/admin/mappings/acme-eats.jsonata/try", acmeSample());
        assertEquals("AE-1001", answer.get("result").get("order_id").asText(), answer.toString());
        assertEquals("BBBBBBBBB", answer.get("result").get("site_id").asText());
        assertEquals(0, answer.get("problems").size(), answer.toString());
        assertEquals(0, answer.get("missing_required").size(), answer.toString());
        assertTrue(answer.get("ok").asBoolean());
        assertEquals("[]", hub.sendJson("GET", "/orders?ref_id=AE-1001", RunningHub.API_KEY, null).body(),
                "nothing was stored");
    }

    @Test
    void a_mapping_that_misses_fields_answers_each_problem_and_the_required_fields_it_lacks() {
        JsonNode answer = tryOut("/admin/mappings/no-phone.jsonata/try", acmeSample());
        assertEquals("[\"customer.phone\"]", answer.get("missing_required").toString());
        assertTrue(answer.get("problems").toString().contains("total"), answer.toString());
        assertFalse(answer.get("ok").asBoolean());
    }

    @Test
    void a_mapping_that_does_not_compile_answers_its_line_and_column() {
        JsonNode answer = tryOut("/admin/mappings/typo.jsonata/try", acmeSample());
        assertTrue(answer.get("result").isNull());
        String problem = answer.get("problems").get(0).asText();
        assertTrue(problem.startsWith("Mapping typo.jsonata failed: it does not compile: line 1, column"), problem);
    }

    @Test
    void an_outbound_mapping_answers_the_receivers_body_for_a_hub_event() {
        String event = """
                {"id": "evt_1", "type": "order.status_changed", "timestamp": "2026-12-01T10:00:00Z",
                 "data": {"id": "1", "order_id": "AE-1001", "site_id": "BBBBBBBBB", "status": "ready",
                          "customer": {"name": "Jane Doe", "phone": "+14158675309"},
                          "vehicle": {"make": "Volvo", "model": "XC40", "color": "red"}, "tags": ["fries"]}}
                """;
        JsonNode answer = tryOut("/admin/mappings/flybuy-out.jsonata/try?kind=outbound", event);
        JsonNode data = answer.get("result").get("data");
        assertEquals("ready", data.get("state").asText(), answer.toString());
        assertEquals("Volvo XC40", data.get("customer_car_type").asText());
        assertEquals("AE-1001", data.get("partner_identifier").asText());
        assertTrue(answer.get("ok").asBoolean());
    }

    @Test
    void an_unknown_mapping_is_404_and_a_bad_body_400() {
        HttpResponse<String> unknown = hub.sendJson("POST", "/admin/mappings/nobody.jsonata/try", RunningHub.ADMIN_KEY, "{}");
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(RunningHub.json(unknown).get("errorMessage").asText().contains("nobody.jsonata"));
        HttpResponse<String> bad = hub.sendJson("POST", "/admin/mappings/acme-eats.jsonata/try", RunningHub.ADMIN_KEY, "{oops");
        assertEquals(400, bad.statusCode(), bad.body());
        HttpResponse<String> noKey = hub.sendJson("POST", "/admin/mappings/acme-eats.jsonata/try", null, "{}");
        assertEquals(401, noKey.statusCode(), noKey.body());
    }

    @Test
    void a_mapping_that_recurses_for_ever_is_stopped_and_answered_as_a_problem_not_a_500() {
        HttpResponse<String> r = hub.sendJson("POST", "/admin/mappings/forever.jsonata/try", RunningHub.ADMIN_KEY,
                acmeSample());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = RunningHub.json(r);
        assertFalse(answer.get("ok").asBoolean(), r.body());
        assertTrue(answer.get("problems").get(0).asText().contains("forever.jsonata"), r.body());
        assertFalse(r.body().contains("at com.dashjoin"), "no stack trace: " + r.body());
    }
}
