package org.orderhub.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderhub.RunningHub;
import org.orderhub.security.WebhookSignature;

/** The shipped Shopwave partner: HMAC-SHA256 base64 of the raw body in X-Shopwave-Hmac-Sha256. */
class ShopwaveWebhookTest {

    private static final String SECRET = "shopwave-test-secret";
    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of("shopwave.webhook-secret", SECRET));
    private final HttpClient http = HttpClient.newHttpClient();

    static String sample() {
        try (InputStream in = ShopwaveWebhookTest.class.getResourceAsStream("/partners/shopwave-order.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> deliver(String body, String signature, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.uri("/webhooks/shopwave"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Shopwave-Hmac-Sha256", signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sign(String body) {
        return Base64.getEncoder().encodeToString(
                WebhookSignature.hmac(SECRET.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_signed_order_is_stored_with_decimal_prices_as_exact_minor_units() throws Exception {
        HttpResponse<String> r = deliver(sample(), sign(sample()), "application/json");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode order = RunningHub.json(hub.get("/orders?email=bob.norman%40example.com", RunningHub.API_KEY)).get(0);
        assertEquals(RunningHub.json(r).get("id").asText(), order.get("id").asText());
        assertEquals(new BigDecimal("12.50"), order.get("total").decimalValue());
        assertEquals("GBP", order.get("currency").asText());
        assertEquals("pending", order.get("status").asText());
        assertEquals("accepted", order.get("fulfillment_status").asText(), "paid maps to accepted");
        assertEquals("820982911946154508", RunningHub.json(hub.get("/admin/orders/" + order.get("id").asText(),
                RunningHub.ADMIN_KEY)).get("order_id").asText(), "large numeric ids survive the mapping exactly");
        assertEquals("Blue T-shirt (M)", order.at("/items/0/name").asText());
        assertEquals("1 High Street", order.at("/shipping_address/line1").asText());
        assertEquals("1Z999AA10123456784", order.get("tracking_number").asText());
        assertEquals("#1001", order.get("external_ref_id").asText());
        assertEquals("2024-10-10T13:21:00Z", order.get("created_at").asText(), "times are stored in UTC");

        HttpResponse<String> again = deliver(sample(), sign(sample()), "application/json");
        assertEquals("duplicate", RunningHub.json(again).get("result").asText(), "same partner, order and body");
    }

    @Test
    void a_price_that_is_not_a_number_is_the_partners_422_naming_the_field_never_a_parked_503() throws Exception {
        String body = sample().replace("820982911946154508", "5002").replace("\"total_price\": \"12.50\"",
                "\"total_price\": \"seven\"");
        HttpResponse<String> r = deliver(body, sign(body), "application/json");
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(r.body().contains("total_price"), r.body());
        assertTrue(r.body().contains("cannot convert your data"), r.body());
        assertEquals(0, RunningHub.json(hub.get("/admin/parked-deliveries/shopwave", RunningHub.ADMIN_KEY))
                .path("deliveries").size(), "nothing parked");
    }

    @Test
    void a_fulfilment_updates_the_order_and_an_older_event_does_not() throws Exception {
        String paid = sample().replace("820982911946154508", "5001").replace("Bob.Norman@", "upd@");
        String shipped = paid.replace("\"financial_status\": \"paid\"", "\"financial_status\": \"fulfilled\"")
                .replace("\"updated_at\": \"2024-10-10T14:21:00+01:00\"", "\"updated_at\": \"2024-10-11T09:00:00+01:00\"");
        String olderPending = paid.replace("\"financial_status\": \"paid\"", "\"financial_status\": \"pending\"")
                .replace("\"updated_at\": \"2024-10-10T14:21:00+01:00\"", "\"updated_at\": \"2024-10-10T14:00:00+01:00\"");
        String id = RunningHub.json(deliver(paid, sign(paid), "application/json")).get("id").asText();
        assertEquals("updated", RunningHub.json(deliver(shipped, sign(shipped), "application/json")).get("result").asText());
        assertEquals("stale", RunningHub.json(deliver(olderPending, sign(olderPending), "application/json"))
                .get("result").asText());
        JsonNode tracked = RunningHub.json(hub.get("/orders?order_id=" + id, RunningHub.API_KEY)).get(0);
        assertEquals("shipped", tracked.get("status").asText());
        assertEquals(3, RunningHub.json(hub.get("/admin/orders/" + id, RunningHub.ADMIN_KEY)).get("events").size());
    }

    @Test
    void refuses_incomplete_malformed_and_oversize_bodies_storing_nothing() throws Exception {
        String incomplete = sample().replace("820982911946154508", "6001").replace("\"location_id\": \"BBBBBBBBB\",", "")
                .replace("\"phone\": \"+44 7700 900123\",", "").replace(", \"phone\": \"+44 7700 900123\"}", "}");
        HttpResponse<String> missing = deliver(incomplete, sign(incomplete), "application/json");
        assertEquals(422, missing.statusCode(), missing.body());
        assertEquals("Missing required fields: site_id, customer.phone",
                RunningHub.json(missing).get("errorMessage").asText());
        String malformed = "{\"id\": 6002, ";
        assertEquals(400, deliver(malformed, sign(malformed), "application/json").statusCode());
        String huge = sample().replace("820982911946154508", "6003").replace("Blue T-shirt (M)", "x".repeat(1_100_000));
        assertEquals(413, deliver(huge, sign(huge), "application/json").statusCode());
        for (String ref : new String[]{"6001", "6002", "6003"}) {
            assertEquals(0, RunningHub.json(hub.get("/orders?ref_id=" + ref, RunningHub.API_KEY)).size());
        }
    }

    @Test
    void refuses_a_missing_or_wrong_signature_and_a_wrong_content_type() throws Exception {
        String body = sample().replace("820982911946154508", "77");
        assertEquals(401, deliver(body, null, "application/json").statusCode());
        assertEquals(401, deliver(body, sign(sample()), "application/json").statusCode());
        assertEquals(415, deliver(body, sign(body), "text/plain").statusCode());
        assertEquals(0, RunningHub.json(hub.get("/orders?ref_id=77", RunningHub.API_KEY)).size());
    }
}
