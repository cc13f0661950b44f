package org.orderhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests no proper client sends: always a 4xx with a JSON errorMessage, never a 500, and the hub keeps answering. */
class HostileRequestsTest {

    private static final String API = "Authorization: Bearer " + RunningHub.API_KEY + "\r\n";
    private static final String ADMIN = "Authorization: Bearer " + RunningHub.ADMIN_KEY + "\r\n";
    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of("acme-eats.webhook-secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

    private static void assertJsonError(RawHttp.Answer a) throws Exception {
        assertTrue(a.status() >= 400 && a.status() < 500, "4xx expected, got " + a.status() + ": " + a.body());
        JsonNode body = RunningHub.json(a.body());
        assertTrue(body.hasNonNull("errorMessage"), a.body());
        assertTrue(a.head().toLowerCase().contains("content-type: application/json"), a.head());
    }

    @ParameterizedTest(name = "GET {0}")
    @CsvSource(delimiter = '|', value = {
            "/orders?email=%zz",
            "/orders?email=%",
            "/orders?phone=%E2%82",
            "/orders?%00=1",
            "/orders?ref_id=a%00b",
            "/orders?email=a@b.c&&&&=",
            "/orders?=x",
            "/orders?order_id=99999999999999999999999999",
            "/orders?order_id=-1",
            "/orders?email=%F0%9F%92%A9%40example.com%27--",
            "/admin/sites/%00",
            "/admin/orders/1%27%20OR%201=1/status"})
    void malformed_urls_get_a_json_4xx(String target) throws Exception {
        String auth = target.startsWith("/admin") ? ADMIN : API;
        assertJsonError(RawHttp.request(hub.port(), "GET", target, auth, new byte[0]));
    }

    @ParameterizedTest(name = "PUT site body #{index}")
    @CsvSource(delimiter = '|', value = {
            "application/json           | {\"timezone\": \"Europe/London\", ",
            "application/json           | {\"timezone\": \"Europe/London\", \"currency\": \"GBP\", \"name\": \"\\u0000\\u0000\"} trailing",
            "application/json           | [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]",
            "application/json           | {\"timezone\": 1e999999, \"currency\": -1}",
            "application/json           | {\"timezone\": {\"$where\": \"1==1\"}, \"currency\": [\"GBP\"]}",
            "text/plain                 | {\"timezone\": \"Europe/London\", \"currency\": \"GBP\"}",
            "application/x-www-form-urlencoded | {\"timezone\": \"Europe/London\"}",
            "multipart/form-data; boundary=x   | --x--"})
    void malformed_bodies_get_a_json_4xx(String contentType, String body) throws Exception {
        assertJsonError(RawHttp.request(hub.port(), "PUT", "/admin/sites/HOSTILE",
                ADMIN + "Content-Type: " + contentType + "\r\n", body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(404, hub.get("/admin/sites/HOSTILE", RunningHub.ADMIN_KEY).statusCode(), "nothing stored");
    }

    @Test
    void invalid_utf8_and_oversize_bodies_get_a_json_4xx() throws Exception {
        byte[] invalidUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertJsonError(RawHttp.request(hub.port(), "PUT", "/admin/sites/HOSTILE",
                ADMIN + "Content-Type: application/json\r\n", invalidUtf8));
        byte[] huge = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        RawHttp.Answer tooBig = RawHttp.request(hub.port(), "PUT", "/admin/sites/HOSTILE",
                ADMIN + "Content-Type: application/json\r\n", huge);
        assertEquals(413, tooBig.status());
        assertJsonError(tooBig);
        assertEquals(200, hub.get("/observe/health", null).statusCode(), "the hub keeps answering");
    }

    @ParameterizedTest(name = "price {0}")
    @CsvSource({"1E+2147483647", "1E-2147483647", "-1E+400", "123456789012345678901234567890"})
    void absurd_numbers_get_a_json_400(String price) throws Exception {
        RawHttp.Answer a = RawHttp.request(hub.port(), "PUT", "/admin/sites/BBBBBBBBB/catalog/ABSURD",
                ADMIN + "Content-Type: application/json\r\n",
                ("{\"name\": \"x\", \"price\": " + price + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals(400, a.status(), a.body());
        assertJsonError(a);
        assertEquals(404, hub.get("/admin/sites/BBBBBBBBB/catalog/ABSURD", RunningHub.ADMIN_KEY).statusCode());
    }

    @Test
    void an_over_long_webhook_id_gets_a_json_400() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        RawHttp.Answer a = RawHttp.request(hub.port(), "POST", "/webhooks/acme-eats",
                "Content-Type: application/json\r\nwebhook-id: " + "x".repeat(129) + "\r\nwebhook-timestamp: " + now
                        + "\r\nwebhook-signature: v1,Zm9yZ2Vk\r\n", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, a.status(), a.body());
        assertJsonError(a);
    }
}
