package org.orderhub.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderhub.RunningHub;

/** The admin API of SPEC 4.6 over HTTP: sites, catalog, order status, and what it refuses. */
class AdminApiTest {

    private static final String ADMIN = RunningHub.ADMIN_KEY;
    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of());

    private static JsonNode assertStatus(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        return RunningHub.json(r);
    }

    @Test
    void loads_the_demo_site_and_catalog_at_first_start() {
        JsonNode site = assertStatus(200, hub.get("/admin/sites/BBBBBBBBB", ADMIN));
        assertEquals("GBP", site.get("currency").asText());
        assertEquals("Europe/London", site.get("timezone").asText());
        assertTrue(site.get("hours").isNull(), "always open");
        assertEquals(false, site.get("closed").asBoolean());
        assertEquals(true, site.get("terminal_online").asBoolean());
        JsonNode fish = assertStatus(200, hub.get("/admin/sites/BBBBBBBBB/catalog/11212121", ADMIN));
        assertEquals("Fish and Chips", fish.get("name").asText());
        assertEquals(new BigDecimal("7.50"), fish.get("price").decimalValue());
        JsonNode sauce = assertStatus(200, hub.get("/admin/sites/BBBBBBBBB/catalog/11211", ADMIN));
        assertEquals("Extra Sauce", sauce.get("name").asText());
        assertEquals(new BigDecimal("1.50"), sauce.get("price").decimalValue());
    }

    @Test
    void creates_then_replaces_a_site_with_opening_hours_and_terminal() {
        String body = """
                {"name": "Camden", "timezone": "Europe/London", "currency": "GBP",
                 "hours": {"monday": ["11:00-14:30", "17:00-23:00"], "friday": ["18:00-02:00"]},
                 "closed": false, "terminal_online": true, "terminal_url": "http://127.0.0.1:9/pos"}
                """;
        JsonNode created = assertStatus(201, hub.sendJson("PUT", "/admin/sites/CAMDEN", ADMIN, body));
        assertEquals("18:00-02:00", created.at("/hours/friday/0").asText());
        JsonNode replaced = assertStatus(200, hub.sendJson("PUT", "/admin/sites/CAMDEN", ADMIN,
                "{\"timezone\": \"America/New_York\", \"currency\": \"USD\", \"closed\": true}"));
        assertEquals("CAMDEN", replaced.get("name").asText(), "name defaults to the site id");
        JsonNode read = assertStatus(200, hub.get("/admin/sites/CAMDEN", ADMIN));
        assertEquals("America/New_York", read.get("timezone").asText());
        assertEquals(true, read.get("closed").asBoolean());
        assertTrue(read.get("hours").isNull());
        assertTrue(read.get("terminal_url").isNull());
    }

    @Test
    void names_every_problem_of_an_invalid_site() {
        JsonNode error = assertStatus(400, hub.sendJson("PUT", "/admin/sites/BAD", ADMIN, """
                {"timezone": "Mars/Olympus", "currency": "pounds", "hours": {"funday": ["9-5"], "monday": ["9:00-17:00"]},
                 "closed": "yes", "terminal_url": "ftp://x", "colour": "red"}
                """));
        String message = error.get("errorMessage").asText();
        for (String part : new String[]{"colour", "timezone", "currency", "funday", "monday", "closed", "terminal_url"}) {
            assertTrue(message.contains(part), part + " should be named: " + message);
        }
        assertStatus(404, hub.get("/admin/sites/BAD", ADMIN));
    }

    @Test
    void sets_catalog_items_of_existing_sites_only() {
        hub.sendJson("PUT", "/admin/sites/SOHO", ADMIN, "{\"timezone\": \"Europe/London\", \"currency\": \"GBP\"}");
        JsonNode item = assertStatus(201, hub.sendJson("PUT", "/admin/sites/SOHO/catalog/555", ADMIN,
                "{\"name\": \"Cod\", \"price\": 8.25}"));
        assertEquals(true, item.get("available").asBoolean());
        assertStatus(200, hub.sendJson("PUT", "/admin/sites/SOHO/catalog/555", ADMIN,
                "{\"name\": \"Cod\", \"price\": 8.25, \"available\": false}"));
        assertEquals(false, assertStatus(200, hub.get("/admin/sites/SOHO/catalog/555", ADMIN)).get("available").asBoolean());

        JsonNode unknownSite = assertStatus(404, hub.sendJson("PUT", "/admin/sites/NOWHERE/catalog/1", ADMIN,
                "{\"name\": \"Cod\", \"price\": 8.25}"));
        assertEquals("Unknown store NOWHERE", unknownSite.get("errorMessage").asText());
        assertStatus(400, hub.sendJson("PUT", "/admin/sites/SOHO/catalog/556", ADMIN, "{\"name\": \"Cod\", \"price\": -1}"));
        assertStatus(400, hub.sendJson("PUT", "/admin/sites/SOHO/catalog/556", ADMIN, "{\"price\": \"cheap\"}"));
        assertStatus(404, hub.get("/admin/sites/SOHO/catalog/556", ADMIN));
    }

    @Test
    void moves_an_order_along_and_keeps_its_history() {
        long id = hub.storeOrder("flyt", """
                {"order_id": "ADM-1", "site_id": "BBBBBBBBB", "customer": {"phone": "+447910575785"},
                 "total": 900, "currency": "GBP", "created_at": "2024-10-10T14:21:00Z"}
                """);
        JsonNode moved = assertStatus(200, hub.sendJson("POST", "/admin/orders/" + id + "/status", ADMIN,
                "{\"status\": \"ready\", \"detail\": \"on the shelf\"}"));
        assertEquals("ready", moved.get("status").asText());

        JsonNode order = assertStatus(200, hub.get("/admin/orders/" + id, ADMIN));
        assertEquals("ready", order.get("status").asText());
        JsonNode events = order.get("events");
        assertEquals(2, events.size(), events.toString());
        assertEquals("created", events.get(0).get("status").asText());
        assertEquals("ready", events.get(1).get("status").asText());
        assertEquals("on the shelf", events.get(1).get("detail").asText());
        assertEquals("admin", events.get(1).get("source").asText());

        JsonNode tracked = RunningHub.json(hub.get("/orders?order_id=" + id, RunningHub.API_KEY)).get(0);
        assertEquals("shipped", tracked.get("status").asText(), "ready reads as shipped in the tracking schema");
    }

    @Test
    void refuses_unknown_statuses_and_orders() {
        long id = hub.storeOrder("flyt", """
                {"order_id": "ADM-2", "site_id": "BBBBBBBBB", "customer": {"phone": "+447910575785"}}
                """);
        JsonNode bad = assertStatus(400, hub.sendJson("POST", "/admin/orders/" + id + "/status", ADMIN,
                "{\"status\": \"teleported\"}"));
        assertTrue(bad.get("errorMessage").asText().contains("out_for_delivery"), "lists the allowed statuses");
        assertStatus(400, hub.sendJson("POST", "/admin/orders/" + id + "/status", ADMIN, "{}"));
        assertStatus(404, hub.sendJson("POST", "/admin/orders/99999999/status", ADMIN, "{\"status\": \"ready\"}"));
        assertStatus(404, hub.sendJson("POST", "/admin/orders/not-a-number/status", ADMIN, "{\"status\": \"ready\"}"));
        assertEquals(1, RunningHub.json(hub.get("/admin/orders/" + id, ADMIN)).get("events").size(),
                "refused changes leave no event behind");
    }

    @Test
    void needs_an_admin_key() {
        assertStatus(401, hub.get("/admin/sites/BBBBBBBBB", null));
        assertStatus(401, hub.get("/admin/sites/BBBBBBBBB", RunningHub.API_KEY));
        assertStatus(401, hub.sendJson("PUT", "/admin/sites/X", "nope", "{}"));
    }

    @Test
    void refuses_bodies_that_are_not_json_objects() {
        assertStatus(415, hub.send("PUT", "/admin/sites/FORM", ADMIN, "application/x-www-form-urlencoded",
                "{\"timezone\": \"Europe/London\"}"));
        assertStatus(400, hub.sendJson("PUT", "/admin/sites/FORM", ADMIN, "{\"timezone\": "));
        assertStatus(400, hub.sendJson("PUT", "/admin/sites/FORM", ADMIN, "[1, 2]"));
        assertStatus(400, hub.sendJson("PUT", "/admin/sites/FORM", ADMIN, ""));
        assertStatus(400, hub.sendJson("PUT", "/admin/sites/FORM", ADMIN,
                "{\"timezone\": \"Europe/London\", \"timezone\": \"UTC\", \"currency\": \"GBP\"}"));
        assertStatus(405, hub.sendJson("DELETE", "/admin/sites/BBBBBBBBB", ADMIN, null));
        assertStatus(404, hub.get("/admin/sites/FORM", ADMIN));
    }
}
