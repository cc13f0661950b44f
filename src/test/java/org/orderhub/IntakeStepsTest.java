package org.orderhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orderhub.api.ApiException;
import org.orderhub.api.JsonRequest;
import org.orderhub.api.RequireMethod;
import org.orderhub.api.SchemaStep;
import org.orderhub.mapping.JsonataMappings;
import org.orderhub.mapping.MappingStep;
import org.orderhub.partner.CanonicalOrderCheck;
import org.orderhub.partner.SignatureStep;
import org.orderhub.security.WebhookSignature;

/**
 * The small processors the inbound routes are made of, each on its own route in a bare Camel context
 * (camel-test-junit5): what each one leaves for the next step, and what it refuses with which status.
 */
class IntakeStepsTest extends CamelTestSupport {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final long NOW = 1_733_000_000L;

    private static String resource(String name) {
        try (InputStream in = IntakeStepsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The routes, added as a lambda: a named RouteBuilder class under org.orderhub would be found by the
     * hub's own route scanning (Main(App.class)) and loaded into every hub the other tests start.
     */
    @BeforeEach
    void addRoutes() throws Exception {
        RouteBuilder.addRoutes(context, rb -> {
            rb.from("direct:post-only").process(new RequireMethod("POST"));
            rb.from("direct:parse-strict").process(JsonRequest.strict());
            rb.from("direct:parse-with-comments").process(JsonRequest.withComments())
                    .process(new SchemaStep("/schemas/flyt-order.schema.json", JsonRequest.VARIABLE, 400));
            JsonataMappings mappings = new JsonataMappings(Path.of("mappings"));
            rb.from("direct:map").process(JsonRequest.strict())
                    .process(new MappingStep(mappings))
                    .process(new CanonicalOrderCheck(mappings));
            rb.from("direct:signature").process(new SignatureStep(
                    Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC)));
        });
    }

    private Exchange send(String route, String method, String body) {
        return template.send(route, e -> {
            e.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            e.getMessage().setHeader(Exchange.HTTP_PATH, "/webhooks/acme-eats");
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setBody(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
            e.setVariable("partner", "acme-eats");
        });
    }

    private static ApiException refusal(Exchange exchange) {
        return assertInstanceOf(ApiException.class, exchange.getException());
    }

    @Test
    void require_post_answers_405_with_allow() {
        ApiException refused = refusal(send("direct:post-only", "GET", null));
        assertEquals(405, refused.status());
        assertEquals("Use POST /webhooks/acme-eats", refused.getMessage());
        assertEquals("POST", refused.headers().get("Allow"));
        assertNull(send("direct:post-only", "POST", "{}").getException());
    }

    @Test
    void parse_leaves_the_json_in_a_variable_and_the_raw_bytes_in_the_body() {
        Exchange parsed = send("direct:parse-with-comments", "POST", resource("/flyt/collection-by-customer.json"));
        assertNull(parsed.getException());
        assertEquals("BBBBBBBBB", parsed.getVariable(JsonRequest.VARIABLE, JsonNode.class).get("posLocationId").asText());
        assertTrue(parsed.getMessage().getBody(String.class).contains("// etc."), "the body as it came");

        ApiException strict = refusal(send("direct:parse-strict", "POST", resource("/flyt/collection-by-customer.json")));
        assertEquals(400, strict.status(), "partners' JSON has no comments");
        assertTrue(strict.getMessage().startsWith("Malformed JSON"), strict.getMessage());
        assertEquals(400, refusal(send("direct:parse-with-comments", "POST", "{\"type\": \"nope\"}")).status());
    }

    @Test
    void mapping_turns_the_partner_body_into_the_canonical_order() {
        Exchange mapped = send("direct:map", "POST", resource("/partners/acme-eats-order.json"));
        assertNull(mapped.getException());
        ObjectNode order = mapped.getVariable(MappingStep.ORDER, ObjectNode.class);
        assertEquals("AE-1001", order.get("order_id").asText());
        assertEquals("BBBBBBBBB", order.get("site_id").asText());

        ApiException missing = refusal(send("direct:map", "POST", "{\"data\": {\"id\": \"AE-2\"}}"));
        assertEquals(422, missing.status());
        assertEquals("Missing required fields: site_id, customer.phone", missing.getMessage());
    }

    /** A delivery signed over {@code signedBody} that carries {@code sentBody}. */
    private Exchange signedDelivery(String signedBody, String sentBody) {
        return template.send("direct:signature", e -> {
            e.setVariable("partner", "acme-eats");
            e.setVariable("signatureSecret", SECRET);
            e.getMessage().setHeader("webhook-id", "msg_1");
            e.getMessage().setHeader("webhook-timestamp", Long.toString(NOW));
            e.getMessage().setHeader("webhook-signature", WebhookSignature.sign(SECRET, "msg_1", NOW,
                    signedBody.getBytes(StandardCharsets.UTF_8)));
            e.getMessage().setBody(sentBody.getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void signature_settings_the_hub_cannot_use_are_a_503_to_retry_never_a_500() {
        String body = resource("/partners/acme-eats-order.json");
        for (String[] settings : new String[][]{{"standard-webhooks", "whsec_not*base64!"},
                {"standard-webhook", SECRET}}) {
            Exchange refused = template.send("direct:signature", e -> {
                e.setVariable("partner", "acme-eats");
                e.setVariable("signatureScheme", settings[0]);
                e.setVariable("signatureSecret", settings[1]);
                e.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
            });
            ApiException answer = refusal(refused);
            assertEquals(503, answer.status(), answer.getMessage());
            assertEquals("60", answer.headers().get("Retry-After"));
            assertTrue(answer.getMessage().startsWith("Partner acme-eats is not configured to receive webhooks: "),
                    answer.getMessage());
            assertTrue(!answer.getMessage().contains("not*base64"), "the secret is never echoed: " + answer.getMessage());
        }
    }

    @Test
    void signature_is_checked_on_the_raw_bytes_and_gives_the_delivery_id() {
        String body = resource("/partners/acme-eats-order.json");
        Exchange signed = signedDelivery(body, body);
        assertNull(signed.getException());
        assertEquals("msg_1", signed.getVariable(SignatureStep.DELIVERY_ID));

        Exchange tampered = signedDelivery(body, body + " ");
        assertEquals(401, refusal(tampered).status());

        Exchange unconfigured = template.send("direct:signature", e -> {
            e.setVariable("partner", "acme-eats");
            e.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        });
        assertEquals(503, refusal(unconfigured).status());
    }
}
