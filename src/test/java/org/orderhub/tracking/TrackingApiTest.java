package org.orderhub.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orderhub.RunningHub;

/** GET /orders as an AI support tool calls it: SPEC 4.2 and seed 002, rule by rule. */
class TrackingApiTest {

    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of("orderhub.tracking.max-results", "5", "orderhub.tracking.burst", "10000",
                "orderhub.tracking.rate-limit", "10000"));

    /** A canonical order as a partner flow would store it; money in minor units. */
    static String order(String orderId, String refId, String email, String phone, String status, String createdAt) {
        return """
                {"order_id": "%s", "ref_id": %s, "site_id": "BBBBBBBBB", "status": "%s",
                 "customer": {"name": "Jane Doe", "email": %s, "phone": "%s"},
                 "shipping_address": {"line1": "123 Main Street", "city": "San Francisco", "postal_code": "94103",
                                      "country": "US"},
                 "items": [{"sku": "11212121", "name": "Fish and Chips", "quantity": 1, "price": 750,
                            "image_url": "https://img.example/fish.png",
                            "children": [{"sku": "11211", "name": "Extra Sauce", "price": 150}]}],
                 "total": 900, "currency": "GBP", "tracking_number": "1Z999999",
                 "created_at": "%s"}
                """.formatted(orderId, refId == null ? "null" : "\"" + refId + "\"",
                status, email == null ? "null" : "\"" + email + "\"", phone, createdAt);
    }

    private static HttpResponse<String> lookup(String query) {
        return hub.get("/orders?" + query, RunningHub.API_KEY);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode okArray(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        JsonNode body = RunningHub.json(response);
        assertTrue(body.isArray(), "answer is always an array: " + response.body());
        return body;
    }

    private static void assertError(int status, String messagePart, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = RunningHub.json(response);
        assertTrue(body.path("errorMessage").asText().contains(messagePart),
                "errorMessage should mention '" + messagePart + "': " + response.body());
    }

    @Test
    void finds_a_stored_order_by_each_filter_in_the_seed_schema() {
        long id = hub.storeOrder("shopfront", order("SF-1001", "EXT-77", "Jane.Doe@Example.com", "+14151234001",
                "created", "2024-10-10T14:21:00Z"));

        for (String query : List.of("order_id=" + id, "email=" + q("  jane.doe@EXAMPLE.com "),
                "phone=" + q("(415) 123-4001"), "ref_id=EXT-77", "ref_id=SF-1001")) {
            JsonNode found = okArray(lookup(query));
            assertEquals(1, found.size(), query + " -> " + found);
            JsonNode o = found.get(0);
            assertEquals(Long.toString(id), o.get("id").asText());
            assertTrue(o.get("id").isTextual(), "id is a string");
            assertEquals("pending", o.get("status").asText());
            assertEquals("created", o.get("fulfillment_status").asText());
            assertEquals("2024-10-10T14:21:00Z", o.get("created_at").asText());
            assertEquals("Jane.Doe@Example.com", o.at("/customer/email").asText());
            assertEquals("+14151234001", o.at("/customer/phone").asText());
            assertEquals("Jane Doe", o.at("/customer/name").asText());
            assertEquals("123 Main Street", o.at("/shipping_address/line1").asText());
            assertEquals("94103", o.at("/shipping_address/postal_code").asText());
            assertEquals(new BigDecimal("9.00"), o.get("total").decimalValue());
            assertEquals("GBP", o.get("currency").asText());
            assertEquals("1Z999999", o.get("tracking_number").asText());
            assertEquals("EXT-77", o.get("external_ref_id").asText());
            JsonNode item = o.at("/items/0");
            assertEquals("11212121", item.get("sku").asText());
            assertEquals("Fish and Chips", item.get("name").asText());
            assertEquals(1, item.get("quantity").asInt());
            assertEquals(new BigDecimal("7.50"), item.get("price").decimalValue());
            assertEquals("https://img.example/fish.png", item.get("image_url").asText());
            assertEquals("Extra Sauce", item.at("/children/0/name").asText());
            assertEquals(new BigDecimal("1.50"), item.at("/children/0/price").decimalValue());
        }
    }

    @Test
    void writes_money_as_decimal_major_units() {
        long id = hub.storeOrder("shopfront", order("SF-MONEY", null, null, "+14150000900", "created",
                "2024-10-11T10:00:00Z"));
        String body = lookup("order_id=" + id).body();
        assertTrue(body.contains("\"total\":9.00"), body);
        assertTrue(body.contains("\"price\":7.50"), body);
    }

    @ParameterizedTest(name = "{0} matches a query for {1}")
    @CsvSource(delimiter = '|', value = {
            "+1 (415) 867-5309 | 4158675309",
            "+1 (415) 867-5309 | 867-5309",
            "+49 151 2345 6789 | 0151 23456789",
            "+49 151 2345 6789 | 3456789",
            "4151234567        | +1 415 123 4567",
            "4151234567        | 1234567"})
    void compares_phones_on_their_last_seven_digits_as_in_seed_002(String stored, String asked) {
        String orderId = "PH-" + Math.abs((stored + asked).hashCode());
        long id = hub.storeOrder("phones", order(orderId, null, null, stored, "created", "2024-10-12T10:00:00Z"));
        JsonNode found = okArray(lookup("phone=" + q(asked)));
        assertTrue(idsOf(found).contains(Long.toString(id)), found.toString());
        found.forEach(o -> assertEquals(PhoneKeyOf.last7(stored), PhoneKeyOf.last7(o.at("/customer/phone").asText())));
    }

    /** Seed 002's table, literally: raw input to its last 7 digits. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"+1 (415) 867-5309 | 8675309", "+49 151 2345 6789 | 3456789",
            "4151234567 | 1234567"})
    void normalizes_the_seed_phone_table(String raw, String normalized) {
        assertEquals(normalized, org.orderhub.order.PhoneNumbers.key(raw));
    }

    @Test
    void answers_an_empty_array_when_nothing_matches() {
        assertEquals(0, okArray(lookup("email=nobody%40example.com")).size());
        assertEquals(0, okArray(lookup("order_id=987654321")).size());
        assertEquals(0, okArray(lookup("phone=0000000")).size());
        assertEquals(0, okArray(lookup("ref_id=NO-SUCH-REF")).size());
    }

    @Test
    void combines_several_filters_with_and() {
        long a = hub.storeOrder("and", order("AND-A", null, "a@and.example", "+15550001111", "created",
                "2024-10-13T10:00:00Z"));
        hub.storeOrder("and", order("AND-B", null, "b@and.example", "+15550002222", "created", "2024-10-13T11:00:00Z"));

        assertEquals(0, okArray(lookup("email=a%40and.example&phone=5550002222")).size());
        JsonNode both = okArray(lookup("email=a%40and.example&phone=5550001111"));
        assertEquals(List.of(Long.toString(a)), idsOf(both));
        assertEquals(0, okArray(lookup("order_id=" + a + "&ref_id=AND-B")).size());
    }

    @Test
    void ref_id_returns_every_matching_order_newest_first() {
        long older = hub.storeOrder("partner-one", order("SHARED-REF", null, null, "+15551110000", "created",
                "2024-10-14T09:00:00Z"));
        long newer = hub.storeOrder("partner-two", order("P2-1", "SHARED-REF", null, "+15552220000", "created",
                "2024-10-14T12:00:00Z"));
        assertEquals(List.of(Long.toString(newer), Long.toString(older)), idsOf(okArray(lookup("ref_id=SHARED-REF"))));
    }

    @Test
    void bounds_the_number_of_orders_in_one_answer_keeping_the_newest() {
        List<String> ids = new ArrayList<>();
        for (int day = 10; day < 17; day++) {
            ids.add(0, Long.toString(hub.storeOrder("bound", order("B-" + day, null, "many@bound.example",
                    "+15553330000", "created", "2024-11-" + day + "T10:00:00Z"))));
        }
        assertEquals(ids.subList(0, 5), idsOf(okArray(lookup("email=many%40bound.example"))));
    }

    @ParameterizedTest(name = "{0} is reported as {1}")
    @CsvSource({"created,pending", "accepted,pending", "preparing,processing", "delayed,processing",
            "ready,shipped", "out_for_delivery,shipped", "shipped,shipped", "delivered,delivered",
            "completed,delivered", "cancelled,cancelled"})
    void maps_canonical_statuses_to_the_seed_statuses(String canonical, String tracking) {
        long id = hub.storeOrder("statuses", order("ST-" + canonical, null, null, "+15554440000", canonical,
                "2024-10-15T10:00:00Z"));
        JsonNode o = okArray(lookup("order_id=" + id)).get(0);
        assertEquals(tracking, o.get("status").asText());
        assertEquals(canonical, o.get("fulfillment_status").asText());
    }

    @Test
    void refuses_requests_without_a_valid_api_key() {
        assertError(401, "Authorization", hub.get("/orders?email=a%40b.c", null));
        assertError(401, "orderhub.api-keys", hub.get("/orders?email=a%40b.c", "wrong-key"));
        assertError(401, "orderhub.api-keys", hub.get("/orders?email=a%40b.c", RunningHub.ADMIN_KEY));
    }

    @Test
    void refuses_a_request_without_any_filter() {
        assertError(400, "at least one filter", lookup(""));
        assertError(400, "at least one filter", hub.get("/orders", RunningHub.API_KEY));
    }

    @Test
    void refuses_a_phone_with_fewer_than_seven_digits() {
        assertError(400, "at least 7 digits", lookup("phone=" + q("+1 234-56")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "colour=red                         | Unknown query parameter 'colour'",
            "email=                             | 'email' is empty",
            "email=a%40b.c&email=d%40e.f        | more than once",
            "order_id=ORD-12345                 | numeric order id",
            "email=%27%20OR%20%271%27%3D%271    | email must be an email address",
            "ref_id=1%3B%20DROP%20TABLE%20orders| ref_id may contain only",
            "phone=5551234567%27%20OR%201%3D1   | phone may contain only",
            "order_id=1%20OR%201%3D1            | numeric order id",
            "ref_id=%24.orders%5B0%5D%7B%7D     | ref_id may contain only",
            "email=a%00b%40c.d                  | email must be an email address"})
    void refuses_malformed_or_hostile_filters_with_a_400(String query, String messagePart) {
        assertError(400, messagePart, lookup(query));
    }

    @Test
    void refuses_huge_values() {
        assertError(400, "longer than", lookup("ref_id=" + "A".repeat(5000)));
        assertError(400, "longer than", lookup("email=" + "a".repeat(400) + "%40example.com"));
    }

    @Test
    void leaks_no_request_or_internal_headers_into_the_answer() {
        HttpResponse<String> response = hub.send("GET", "/orders?ref_id=NOPE", RunningHub.API_KEY, null, null);
        for (String name : response.headers().map().keySet()) {
            assertTrue(List.of("content-type", "content-length", ":status").contains(name.toLowerCase()),
                    "unexpected response header " + name);
        }
        assertFalse(response.headers().firstValue("authorization").isPresent());
    }

    private static List<String> idsOf(JsonNode orders) {
        List<String> ids = new ArrayList<>();
        orders.forEach(o -> ids.add(o.get("id").asText()));
        return ids;
    }

    /** Reads a stored phone back to its lookup key, to check every match really shares it. */
    private static final class PhoneKeyOf {
        static String last7(String phone) {
            return org.orderhub.order.PhoneNumbers.key(phone);
        }
    }
}
