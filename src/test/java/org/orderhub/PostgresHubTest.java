package org.orderhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub on a real PostgreSQL server (embedded binaries, no Docker) instead of H2: the same
 * migrations, and the main flows — Flyt, signed webhooks once per delivery, tracking, admin status.
 */
class PostgresHubTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static EmbeddedPostgres postgres;
    private static RunningHub hub;

    @BeforeAll
    static void startPostgresAndHub() throws IOException {
        postgres = EmbeddedPostgres.start();
        hub = RunningHub.start(Map.of("orderhub.db.url", postgres.getJdbcUrl("postgres", "postgres"),
                "orderhub.db.user", "postgres", "orderhub.db.password", "postgres",
                "acme-eats.webhook-secret", SECRET));
    }

    @AfterAll
    static void stop() throws IOException {
        if (hub != null) {
            hub.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void flyt_orders_are_stored_tracked_and_moved_along_on_postgresql() throws Exception {
        HttpResponse<String> placed = hub.sendJson("POST", "/flyt/orders", "test-flyt-token",
                resource("/flyt/collection-by-customer.json").replace("SKIP-12345678", "PG-FLYT-1"));
        assertEquals(200, placed.statusCode(), placed.body());
        String id = RunningHub.json(placed).get("OrderId").asText();
        JsonNode tracked = RunningHub.json(hub.get("/orders?ref_id=PG-FLYT-1", RunningHub.API_KEY));
        assertEquals(1, tracked.size(), tracked.toString());
        assertEquals(id, tracked.get(0).get("id").asText());
        assertEquals("9.00", tracked.get(0).get("total").decimalValue().toPlainString());
        JsonNode byPhone = RunningHub.json(hub.get("/orders?phone=%2B447910575785", RunningHub.API_KEY));
        assertTrue(byPhone.size() >= 1, byPhone.toString());

        assertEquals(200, hub.sendJson("POST", "/admin/orders/" + id + "/status", RunningHub.ADMIN_KEY,
                "{\"status\": \"ready\"}").statusCode());
        JsonNode order = RunningHub.json(hub.get("/admin/orders/" + id, RunningHub.ADMIN_KEY));
        assertEquals("ready", order.get("status").asText());
        assertEquals(2, order.get("events").size(), order.toString());
    }

    @Test
    void a_webhook_delivery_is_applied_once_and_an_older_update_is_stale_on_postgresql() throws Exception {
        String body = resource("/partners/acme-eats-order.json").replace("\"id\": \"AE-1001\"", "\"id\": \"AE-PG-1\"");
        HttpResponse<String> first = deliver("msg_pg_1", body);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("created", RunningHub.json(first).get("result").asText());
        HttpResponse<String> again = deliver("msg_pg_1", body);
        assertEquals("duplicate", RunningHub.json(again).get("result").asText());
        assertEquals(RunningHub.json(first).get("id"), RunningHub.json(again).get("id"));
        String older = body.replace("\"updated_at\": \"2024-10-10T14:21:00Z\"", "\"updated_at\": \"2024-10-10T14:00:00Z\"");
        assertEquals("stale", RunningHub.json(deliver("msg_pg_2", older)).get("result").asText());
        assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=AE-PG-1", RunningHub.API_KEY)).size());
    }

    private HttpResponse<String> deliver(String id, String body) {
        return hub.sendSigned("/webhooks/acme-eats", SECRET, id, body);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PostgresHubTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
