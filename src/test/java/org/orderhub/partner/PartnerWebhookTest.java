package org.orderhub.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderhub.RunningHub;
import org.orderhub.security.WebhookSignature;

/** The shipped Acme Eats partner (Standard Webhooks) over HTTP: signed deliveries in, orders out. */
class PartnerWebhookTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of("acme-eats.webhook-secret", SECRET));
    private final HttpClient http = HttpClient.newHttpClient();

    static String sample() {
        try (InputStream in = PartnerWebhookTest.class.getResourceAsStream("/partners/acme-eats-order.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> deliver(String id, long timestamp, String body, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(hub.uri("/webhooks/acme-eats"))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signed(String id, String body) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return deliver(id, now, body, WebhookSignature.sign(SECRET, id, now, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode track(String ref) {
        return RunningHub.json(hub.get("/orders?ref_id=" + ref, RunningHub.API_KEY));
    }

    @Test
    void a_value_the_partner_sent_that_cannot_be_converted_is_their_422_naming_the_field_and_nothing_is_parked()
            throws Exception {
        String body = sample().replace("AE-1001", "AE-SEVEN").replace("\"grand_cents\": 700", "\"grand_cents\": \"seven\"");
        HttpResponse<String> r = signed("msg_seven_1", body);
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(r.body().contains("total"), r.body());
        assertEquals(0, track("AE-SEVEN").size(), "nothing stored");
        JsonNode parked = RunningHub.json(hub.get("/admin/parked-deliveries/acme-eats", RunningHub.ADMIN_KEY));
        assertTrue(!parked.toString().contains("msg_seven_1"), parked.toString());
    }

    @Test
    void a_signed_delivery_is_stored_mapped_and_tracked() throws Exception {
        HttpResponse<String> r = signed("msg_created_1", sample());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = RunningHub.json(r);
        assertEquals("created", answer.get("result").asText());

        JsonNode order = track("AE-1001").get(0);
        assertEquals(answer.get("id").asText(), order.get("id").asText());
        assertEquals(new BigDecimal("7.00"), order.get("total").decimalValue());
        assertEquals("USD", order.get("currency").asText());
        assertEquals("Jane Doe", order.at("/customer/name").asText());
        assertEquals("Large fries", order.at("/items/0/name").asText());
        assertEquals(2, order.at("/items/0/quantity").asInt());
        assertEquals("curbside", order.get("pickup_type").asText());
        JsonNode stored = RunningHub.json(hub.get("/admin/orders/" + order.get("id").asText(), RunningHub.ADMIN_KEY));
        assertEquals("7ABC123", stored.at("/vehicle/plate").asText());
        assertEquals("[\"fries\"]", stored.get("tags").toString(), "Large fries is tagged by mappings/tags.json");
        assertEquals("mobile app", stored.get("origin").asText());
        assertTrue(RunningHub.json(hub.get("/orders?phone=8675309", RunningHub.API_KEY)).toString()
                .contains("\"id\":\"" + order.get("id").asText() + "\""), "found by the customer's phone");
    }

    @Test
    void the_same_delivery_twice_is_one_order_and_one_event() throws Exception {
        String body = sample().replace("AE-1001", "AE-DUP");
        JsonNode first = RunningHub.json(signed("msg_dup", body));
        JsonNode second = RunningHub.json(signed("msg_dup", body));
        assertEquals(first.get("id"), second.get("id"));
        assertEquals("duplicate", second.get("result").asText());
        assertEquals(1, track("AE-DUP").size());
        assertEquals(1, RunningHub.json(hub.get("/admin/orders/" + first.get("id").asText(), RunningHub.ADMIN_KEY))
                .get("events").size());
    }

    @Test
    void a_later_event_updates_the_order_and_an_older_one_does_not() throws Exception {
        String created = sample().replace("AE-1001", "AE-UPD");
        String ready = created.replace("\"status\": \"placed\"", "\"status\": \"ready\"")
                .replace("\"updated_at\": \"2024-10-10T14:21:00Z\"", "\"updated_at\": \"2024-10-10T14:45:00Z\"");
        String late = created.replace("\"status\": \"placed\"", "\"status\": \"in_progress\"")
                .replace("\"updated_at\": \"2024-10-10T14:21:00Z\"", "\"updated_at\": \"2024-10-10T14:30:00Z\"");
        String id = RunningHub.json(signed("msg_upd_1", created)).get("id").asText();
        assertEquals("updated", RunningHub.json(signed("msg_upd_2", ready)).get("result").asText());
        assertEquals("stale", RunningHub.json(signed("msg_upd_3", late)).get("result").asText());

        JsonNode stored = RunningHub.json(hub.get("/admin/orders/" + id, RunningHub.ADMIN_KEY));
        assertEquals("ready", stored.get("status").asText(), "the older event did not overwrite newer state");
        assertEquals(3, stored.get("events").size(), "but it is in the history: " + stored.get("events"));
    }

    @Test
    void refuses_bad_signatures_stale_timestamps_and_incomplete_orders_storing_nothing() throws Exception {
        String body = sample().replace("AE-1001", "AE-BAD");
        long now = System.currentTimeMillis() / 1000;
        assertEquals(401, deliver("msg_bad", now, body, "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").statusCode());
        long old = now - 600;
        assertEquals(401, deliver("msg_old", old, body,
                WebhookSignature.sign(SECRET, "msg_old", old, body.getBytes(StandardCharsets.UTF_8))).statusCode());
        HttpResponse<String> incomplete = signed("msg_incomplete",
                body.replace("\"mobile\": \"+1 (415) 867-5309\",", "").replace("\"store\": {\"ref\": \"BBBBBBBBB\"},", ""));
        assertEquals(422, incomplete.statusCode());
        assertEquals("Missing required fields: site_id, customer.phone",
                RunningHub.json(incomplete).get("errorMessage").asText());
        HttpResponse<String> wrongTypes = signed("msg_types", body.replace("\"qty\": 2", "\"qty\": \"two\"")
                .replace("\"grand_cents\": 700", "\"grand_cents\": 7.5"));
        assertEquals(422, wrongTypes.statusCode());
        String problems = RunningHub.json(wrongTypes).get("errorMessage").asText();
        assertTrue(problems.contains("items[0].quantity") && problems.contains("total"), problems);
        HttpResponse<String> malformed = signed("msg_malformed", "{\"data\": ");
        assertEquals(400, malformed.statusCode());
        assertTrue(RunningHub.json(malformed).has("errorMessage"));
        assertEquals(0, track("AE-BAD").size());
    }
}
