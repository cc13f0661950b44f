package org.orderhub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The packaged jar, as the README runs it (failsafe runs this after `package`): the unit tests use the
 * classes, so only this notices a fat jar that lost a merged service file (the JDBC driver, Flyway's
 * database support) or its default settings.
 */
class RunnableJarIT {

    @Test
    void the_fat_jar_starts_from_another_directory_and_takes_a_flyt_order() throws Exception {
        Path jar = Path.of("target", "orderhub.jar").toAbsolutePath();
        assertTrue(Files.exists(jar), "package the jar first");
        Path workDir = Files.createTempDirectory("orderhub-jar");
        int port = RunningHub.freePort();
        HttpClient http = HttpClient.newHttpClient();
        Process hub = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dcamel.server.port=" + port, "-Dorderhub.flyt.token=jar-flyt-token-0123456789",
                "-Dorderhub.api-keys=jar-api-key-0123456789", "-Dorderhub.admin-keys=jar-admin-key-0123456789", "-jar", jar.toString())
                .directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("hub.log").toFile()).start();
        try { // nothing between start() and here may throw, or the hub outlives the test
            await().atMost(Duration.ofSeconds(60)).until(() -> HubProcess.healthStatus(port) == 200);
            String body = new String(RunnableJarIT.class.getResourceAsStream("/flyt/collection-by-customer.json")
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            HttpResponse<String> placed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/flyt/orders")).header("Authorization", "Bearer jar-flyt-token-0123456789").header("Content-Type",
                    "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, placed.statusCode(), placed.body());
            assertTrue(Files.exists(workDir.resolve("data").resolve("orderhub.mv.db")), "H2 file under ./data");
        } finally {
            hub.destroy();
            hub.waitFor();
        }
    }
}
