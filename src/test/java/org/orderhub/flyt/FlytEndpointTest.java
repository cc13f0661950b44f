package org.orderhub.flyt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orderhub.RunningHub;

/** POST /flyt/orders as Flyt calls it: seed 001's bodies verbatim, its error messages word for word. */
public class FlytEndpointTest {

    static final String TOKEN = "test-flyt-token-0123456789";
    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of());

    /** A seed 001 sample body exactly as the seed prints it (comments included). */
    static String seedBody(String type) {
        try (InputStream in = FlytEndpointTest.class.getResourceAsStream("/flyt/" + type + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The collection sample placed at another store under another reference. */
    static String body(String storeId, String reference) {
        return seedBody("collection-by-customer").replace("\"BBBBBBBBB\"", "\"" + storeId + "\"")
                .replace("SKIP-12345678", reference);
    }

    static HttpResponse<String> post(RunningHub hub, String body) {
        return hub.sendJson("POST", "/flyt/orders", TOKEN, body);
    }

    /** A site with the seed's two PLUs, set up through the admin API. */
    public static void site(RunningHub hub, String storeId, String extraJson) {
        assertTrue(hub.sendJson("PUT", "/admin/sites/" + storeId, RunningHub.ADMIN_KEY,
                "{\"timezone\": \"Europe/London\", \"currency\": \"GBP\"" + extraJson + "}").statusCode() < 300);
        for (String item : List.of("11212121|Fish and Chips|7.50", "11211|Extra Sauce|1.50")) {
            String[] f = item.split("\\|");
            hub.sendJson("PUT", "/admin/sites/" + storeId + "/catalog/" + f[0], RunningHub.ADMIN_KEY,
                    "{\"name\": \"" + f[1] + "\", \"price\": " + f[2] + "}");
        }
    }

    private static void assertError(int status, String message, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(message, RunningHub.json(r).get("errorMessage").asText());
    }

    private static void assertErrorMentions(int status, String part, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(RunningHub.json(r).get("errorMessage").asText().contains(part), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"delivery-by-delivery-partner", "delivery-by-merchant", "collection-by-customer"})
    void accepts_each_seed_body_as_it_stands_and_tracks_it(String type) {
        HttpResponse<String> placed = post(hub, seedBody(type));
        assertEquals(200, placed.statusCode(), placed.body());
        JsonNode answer = RunningHub.json(placed);
        assertEquals(1, answer.size(), "only OrderId: " + placed.body());
        long id = answer.get("OrderId").asLong();
        assertTrue(id > 0);

        JsonNode order = RunningHub.json(hub.get("/orders?order_id=" + id, RunningHub.API_KEY)).get(0);
        assertEquals(Long.toString(id), order.get("id").asText());
        assertEquals(new BigDecimal("9.00"), order.get("total").decimalValue());
        assertEquals("GBP", order.get("currency").asText());
        assertEquals("pending", order.get("status").asText());
        assertEquals("SKIP-12345678", order.get("external_ref_id").asText());
        assertEquals("Fish and Chips", order.at("/items/0/name").asText());
        assertEquals(new BigDecimal("7.50"), order.at("/items/0/price").decimalValue());
        assertEquals("Extra Sauce", order.at("/items/0/children/0/name").asText());
        assertEquals("11211", order.at("/items/0/children/0/sku").asText());
        boolean collection = type.equals("collection-by-customer");
        assertEquals(collection ? "John Smith" : "Hannah Customer", order.at("/customer/name").asText());
        assertEquals(collection ? "+447910575785" : "28 05 2003", order.at("/customer/phone").asText());
        assertEquals(collection ? "pickup" : "delivery", order.get("pickup_type").asText());

        JsonNode stored = RunningHub.json(hub.get("/admin/orders/" + id, RunningHub.ADMIN_KEY));
        assertEquals(type, stored.get("source_type").asText(), "Flyt's own type is kept");
        assertEquals("SkipTheDishes", stored.get("origin").asText());
        assertEquals("2019-03-25T06:30:41Z", stored.get("created_at").asText());
        assertEquals("Notes for the kitchen", stored.at("/notes/kitchen").asText());
        assertEquals("fries", stored.at("/tags/0").asText(), "Fish and Chips is tagged by mappings/tags.json");
        assertEquals(1117, stored.at("/payment/final/inc_tax").asInt());
        if (!collection) {
            assertEquals("WC1X 0BL", stored.at("/delivery/postal_code").asText());
            assertEquals("partner".equals(stored.path("delivery_by").asText()),
                    type.equals("delivery-by-delivery-partner"));
        }
    }

    @Test
    void a_retry_of_the_same_order_returns_the_same_order_id_and_creates_nothing() {
        String body = body("BBBBBBBBB", "RETRY-1");
        long first = RunningHub.json(post(hub, body)).get("OrderId").asLong();
        long second = RunningHub.json(post(hub, body)).get("OrderId").asLong();
        assertEquals(first, second);
        assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=RETRY-1", RunningHub.API_KEY)).size());
        assertEquals(1, RunningHub.json(hub.get("/admin/orders/" + first, RunningHub.ADMIN_KEY)).get("events").size());
    }

    @Test
    void a_numeric_third_party_reference_and_numeric_times_are_accepted() {
        String body = seedBody("collection-by-customer").replace("\"SKIP-12345678\"", "987654321")
                .replace("\"created_at\": \"1553495441\"", "\"created_at\": 1553495441");
        HttpResponse<String> r = post(hub, body);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=987654321", RunningHub.API_KEY)).size());
    }

    @Test
    void fifty_concurrent_copies_make_one_order_and_reach_the_terminal_once() throws Exception {
        try (FakeTerminal terminal = new FakeTerminal()) {
            site(hub, "CONCURRENT", ", \"terminal_url\": \"" + terminal.url() + "\"");
            String body = body("CONCURRENT", "RACE-50");
            ExecutorService pool = Executors.newFixedThreadPool(50);
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Callable<HttpResponse<String>> send = () -> post(hub, body);
                    answers.add(pool.submit(send));
                }
                Set<Long> ids = new HashSet<>();
                for (Future<HttpResponse<String>> a : answers) {
                    assertEquals(200, a.get().statusCode(), a.get().body());
                    ids.add(RunningHub.json(a.get()).get("OrderId").asLong());
                }
                assertEquals(1, ids.size(), "one OrderId: " + ids);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=RACE-50", RunningHub.API_KEY)).size());
            assertEquals(1, terminal.received().size(), "the terminal got the order once");
            assertTrue(terminal.received().get(0).contains("\"order_id\":\"CONCURRENT/SkipTheDishes/"));
        }
    }

    @Test
    void refuses_an_unknown_plu_with_the_seed_message() {
        assertError(422, "Could not find item 99999999",
                post(hub, body("BBBBBBBBB", "PLU-1").replace("\"11212121\"", "\"99999999\"")));
        assertError(422, "Could not find item 77777", post(hub, body("BBBBBBBBB", "PLU-2").replace("\"11211\"", "\"77777\"")));
    }

    @Test
    void refuses_an_unknown_store() {
        assertError(404, "Unknown store NOSUCHSTORE", post(hub, body("NOSUCHSTORE", "X-1")));
    }

    @Test
    void refuses_when_the_store_is_closed_by_an_operator_or_by_its_hours() {
        site(hub, "CLOSEDBYOP", ", \"closed\": true");
        assertError(409, "The store CLOSEDBYOP is currently closed", post(hub, body("CLOSEDBYOP", "C-1")));
        site(hub, "NOHOURS", ", \"hours\": {}");
        assertError(409, "The store NOHOURS is currently closed", post(hub, body("NOHOURS", "C-2")));
        assertEquals(0, RunningHub.json(hub.get("/orders?ref_id=C-1", RunningHub.API_KEY)).size());
    }

    @Test
    void refuses_when_the_terminal_is_off_or_unreachable() {
        site(hub, "TERMOFF", ", \"terminal_online\": false");
        assertError(503, "The terminal is off at TERMOFF and cannot be connected to at this time",
                post(hub, body("TERMOFF", "T-1")));
        site(hub, "TERMGONE", ", \"terminal_url\": \"http://127.0.0.1:" + RunningHub.freePort() + "/pos\"");
        assertError(503, "The terminal is off at TERMGONE and cannot be connected to at this time",
                post(hub, body("TERMGONE", "T-2")));
        assertEquals(0, RunningHub.json(hub.get("/orders?ref_id=T-2", RunningHub.API_KEY)).size());
    }

    @Test
    void refuses_an_item_out_of_stock_naming_it() {
        site(hub, "NOFISH", "");
        hub.sendJson("PUT", "/admin/sites/NOFISH/catalog/11212121", RunningHub.ADMIN_KEY,
                "{\"name\": \"Fish and Chips\", \"price\": 7.50, \"available\": false}");
        assertError(409, "NOFISH is currently out of stock for Fish and Chips: 11212121",
                post(hub, body("NOFISH", "S-1")));
    }

    @Test
    void refuses_malformed_and_incomplete_bodies_naming_the_field() {
        assertErrorMentions(400, "Malformed JSON", post(hub, "{\"type\": \"collection-by-customer\", "));
        assertErrorMentions(400, "type must be one of",
                post(hub, seedBody("collection-by-customer").replace("\"collection-by-customer\"", "\"teleport\"")));
        assertErrorMentions(400, "posLocationId is required",
                post(hub, seedBody("collection-by-customer").replace("\"posLocationId\"", "\"storeId\"")));
        assertErrorMentions(400, "collector is required",
                post(hub, seedBody("collection-by-customer").replace("\"collector\"", "\"picker\"")));
        assertErrorMentions(400, "items[0].price",
                post(hub, seedBody("collection-by-customer").replace("\"price\": 750", "\"price\": \"7.50\"")));
        assertErrorMentions(400, "created_at must be Unix seconds",
                post(hub, seedBody("collection-by-customer").replace("\"created_at\": \"1553495441\"",
                        "\"created_at\": \"yesterday\"")));
        assertErrorMentions(400, "third_party_order_reference",
                post(hub, seedBody("collection-by-customer").replace("\"SKIP-12345678\"", "{\"id\": 1}")));
        HttpResponse<String> form = hub.send("POST", "/flyt/orders", TOKEN, "application/x-www-form-urlencoded",
                seedBody("collection-by-customer"));
        assertTrue(form.statusCode() == 400 || form.statusCode() == 415, form.body());
        assertTrue(RunningHub.json(form).get("errorMessage").asText().contains("application/json"), form.body());
        assertErrorMentions(415, "application/json",
                hub.send("POST", "/flyt/orders", TOKEN, "text/plain", seedBody("collection-by-customer")));
    }

    @Test
    void needs_the_flyt_token() {
        assertEquals(401, hub.sendJson("POST", "/flyt/orders", null, seedBody("collection-by-customer")).statusCode());
        assertEquals(401, hub.sendJson("POST", "/flyt/orders", "wrong", seedBody("collection-by-customer")).statusCode());
        assertEquals(401, hub.sendJson("POST", "/flyt/orders", RunningHub.API_KEY,
                seedBody("collection-by-customer")).statusCode());
    }
}
