package org.orderhub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** A newcomer's first start: the hub answers within seconds, with the demo site and keys generated and shown once. */
class FirstStartTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void generates_each_secret_once_prints_it_once_and_keeps_it_across_restarts() throws Exception {
        Path dataDir = Files.createTempDirectory("orderhub-first-start");
        int port = RunningHub.freePort();
        List<String> settings = List.of("camel.server.port=" + port, "orderhub.data-dir=" + dataDir);

        Properties secrets = new Properties();
        try (HubProcess first = HubProcess.start(App.class, settings)) {
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(port, "/observe/health", null) == 200);
            assertTrue(System.nanoTime() - started < 10_000_000_000L, "answers within 10 s of starting");

            try (FileInputStream in = new FileInputStream(dataDir.resolve("secrets.properties").toFile())) {
                secrets.load(in);
            }
            for (String name : List.of("orderhub.api-keys", "orderhub.admin-keys", "orderhub.flyt.token")) {
                String value = secrets.getProperty(name);
                assertTrue(value != null && value.length() >= 40, name + " generated: " + value);
                assertEquals(1, first.outputLinesContaining(value), name + " printed exactly once");
            }
            assertEquals(200, status(port, "/orders?phone=5550001234", secrets.getProperty("orderhub.api-keys")));
            assertEquals(200, status(port, "/admin/sites/BBBBBBBBB", secrets.getProperty("orderhub.admin-keys")));
            assertEquals(401, status(port, "/orders?phone=5550001234", "guess"));
            first.stop();
        }

        try (HubProcess second = HubProcess.start(App.class, settings)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> status(port, "/observe/health", null) == 200);
            for (String name : List.of("orderhub.api-keys", "orderhub.admin-keys", "orderhub.flyt.token")) {
                assertEquals(0, second.outputLinesContaining(secrets.getProperty(name)), name + " not printed again");
            }
            assertEquals(200, status(port, "/orders?phone=5550001234", secrets.getProperty("orderhub.api-keys")),
                    "the generated key still opens the API after a restart");
            second.stop();
        }
    }

    @Test
    void settings_come_from_the_environment_too_and_a_configured_secret_replaces_the_generated_one()
            throws Exception {
        Path dataDir = Files.createTempDirectory("orderhub-configured");
        int port = RunningHub.freePort();
        try (HubProcess hub = HubProcess.start(App.class, List.of(), Map.of("CAMEL_SERVER_PORT", Integer.toString(port),
                "ORDERHUB_DATA_DIR", dataDir.toString(), "ORDERHUB_API_KEYS", "operator-key-0000001,operator-key-0000002"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> status(port, "/observe/health", null) == 200);
            assertEquals(200, status(port, "/orders?phone=5550001234", "operator-key-0000002"));
            Properties secrets = new Properties();
            try (FileInputStream in = new FileInputStream(dataDir.resolve("secrets.properties").toFile())) {
                secrets.load(in);
            }
            assertEquals(null, secrets.getProperty("orderhub.api-keys"), "a configured key is never written");
            assertEquals(0, hub.outputLinesContaining("operator-key-0000001"), "a configured key is never printed");
            hub.stop();
        }
    }

    private int status(int port, String path, String bearer) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5));
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }
}
