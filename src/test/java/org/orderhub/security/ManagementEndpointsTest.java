package org.orderhub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderhub.RunningHub;

/** /observe: health open to load balancers, metrics and Jolokia for operators only, Jolokia read-only. */
class ManagementEndpointsTest {

    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of());

    @Test
    void health_answers_anyone_and_includes_the_database() {
        for (String path : new String[]{"/observe/health", "/observe/health/live", "/observe/health/ready"}) {
            HttpResponse<String> r = hub.get(path, null);
            assertEquals(200, r.statusCode(), path);
            assertEquals("UP", RunningHub.json(r).get("status").asText());
        }
        JsonNode full = RunningHub.json(hub.get("/observe/health?exposureLevel=full", RunningHub.ADMIN_KEY));
        boolean database = false;
        for (JsonNode check : full.get("checks")) {
            database |= check.get("name").asText().equals("database") && check.get("status").asText().equals("UP");
        }
        assertTrue(database, "database check present and UP: " + full);
    }

    @Test
    void metrics_need_an_admin_key() {
        HttpResponse<String> anonymous = hub.get("/observe/metrics", null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(RunningHub.json(anonymous).get("errorMessage").asText().contains("orderhub.admin-keys"));
        assertEquals(401, hub.get("/observe/metrics", RunningHub.API_KEY).statusCode());

        HttpResponse<String> admin = hub.get("/observe/metrics", RunningHub.ADMIN_KEY);
        assertEquals(200, admin.statusCode());
        assertTrue(admin.body().contains("camel_exchanges_total"), "Prometheus text with Camel metrics");
    }

    @Test
    void jolokia_needs_an_admin_key_and_only_reads() {
        assertEquals(401, hub.get("/observe/jolokia/version", null).statusCode());

        HttpResponse<String> read = hub.get("/observe/jolokia/read/org.apache.camel:context=orderhub,type=context,"
                + "name=%22orderhub%22/State", RunningHub.ADMIN_KEY);
        assertEquals(200, read.statusCode(), read.body());
        assertEquals("Started", RunningHub.json(read).get("value").asText(), read.body());

        JsonNode stop = RunningHub.json(hub.get("/observe/jolokia/exec/org.apache.camel:context=orderhub,type=context,"
                + "name=%22orderhub%22/stop()", RunningHub.ADMIN_KEY));
        assertEquals(403, stop.get("status").asInt(), "operations are forbidden: " + stop);
        assertEquals(200, hub.get("/observe/health", null).statusCode(), "still running");
    }

    @Test
    void unknown_paths_answer_json() {
        HttpResponse<String> r = hub.get("/no/such/thing", null);
        assertEquals(404, r.statusCode());
        assertEquals("No such endpoint", RunningHub.json(r).get("errorMessage").asText());
    }
}
