package org.orderhub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.orderhub.api.ApiException;

/** Signature schemes of SPEC 4.3, including the Standard Webhooks reference libraries' known answer. */
class WebhookSignatureTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String KNOWN_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static Map<String, String> headers(String id, String timestamp, String signature) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("webhook-id", id);
        h.put("webhook-timestamp", timestamp);
        h.put("webhook-signature", signature);
        return h;
    }

    @Test
    void signs_the_reference_message_like_the_reference_libraries() {
        assertEquals(KNOWN_SIGNATURE, WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY));
    }

    @Test
    void accepts_the_reference_message_and_returns_its_delivery_id() {
        WebhookSignature s = new WebhookSignature("standard-webhooks", SECRET, null);
        assertEquals(ID, s.verify(BODY, headers(ID, "1614265330", KNOWN_SIGNATURE)::get, TIMESTAMP + 10));
    }

    @Test
    void accepts_one_good_signature_among_several_and_a_rotated_secret() {
        WebhookSignature s = new WebhookSignature("standard-webhooks", "whsec_" + Base64.getEncoder()
                .encodeToString("old-secret".getBytes(StandardCharsets.UTF_8)) + "," + SECRET, null);
        String header = "v1,bm9wZQ== v2,whatever " + KNOWN_SIGNATURE;
        assertEquals(ID, s.verify(BODY, headers(ID, "1614265330", header)::get, TIMESTAMP));
    }

    @Test
    void refuses_a_timestamp_outside_five_minutes_on_either_side() {
        WebhookSignature s = new WebhookSignature("standard-webhooks", SECRET, null);
        var h = headers(ID, "1614265330", KNOWN_SIGNATURE);
        assertEquals(401, assertThrows(ApiException.class, () -> s.verify(BODY, h::get, TIMESTAMP + 301)).status());
        assertEquals(401, assertThrows(ApiException.class, () -> s.verify(BODY, h::get, TIMESTAMP - 301)).status());
        assertEquals(ID, s.verify(BODY, h::get, TIMESTAMP + 299));
        assertEquals(ID, s.verify(BODY, h::get, TIMESTAMP - 299));
    }

    @Test
    void refuses_a_changed_body_id_or_missing_headers() {
        WebhookSignature s = new WebhookSignature("standard-webhooks", SECRET, null);
        byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThrows(ApiException.class, () -> s.verify(changed, headers(ID, "1614265330", KNOWN_SIGNATURE)::get, TIMESTAMP));
        assertThrows(ApiException.class, () -> s.verify(BODY, headers("msg_other", "1614265330", KNOWN_SIGNATURE)::get, TIMESTAMP));
        assertThrows(ApiException.class, () -> s.verify(BODY, headers(ID, null, KNOWN_SIGNATURE)::get, TIMESTAMP));
        assertThrows(ApiException.class, () -> s.verify(BODY, headers(ID, "1614265330", "v1,not-base64!")::get, TIMESTAMP));
    }

    @Test
    void checks_hex_and_base64_hmacs_of_the_raw_body_in_a_named_header() {
        byte[] mac = WebhookSignature.hmac("shop-secret".getBytes(StandardCharsets.UTF_8), BODY);
        WebhookSignature hex = new WebhookSignature("hmac-sha256-hex", "shop-secret", "X-Signature");
        WebhookSignature b64 = new WebhookSignature("hmac-sha256-base64", "shop-secret", "X-Shop-Hmac-Sha256");
        hex.verify(BODY, Map.of("X-Signature", HexFormat.of().formatHex(mac))::get, 0);
        b64.verify(BODY, Map.of("X-Shop-Hmac-Sha256", Base64.getEncoder().encodeToString(mac))::get, 0);
        assertThrows(ApiException.class, () -> hex.verify(BODY, Map.of("X-Signature", "00ff")::get, 0));
        assertThrows(ApiException.class, () -> b64.verify(BODY, Map.<String, String>of()::get, 0));
    }

    @Test
    void refuses_configurations_that_cannot_verify_anything() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature("md5", "x", null));
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature("standard-webhooks", " ", null));
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature("hmac-sha256-hex", "x", null));
        assertEquals(null, new WebhookSignature("none", null, null).verify(BODY, Map.<String, String>of()::get, 0));
    }
}
