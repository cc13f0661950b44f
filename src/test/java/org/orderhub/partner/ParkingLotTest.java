package org.orderhub.partner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.orderhub.App;
import org.orderhub.HubProcess;
import org.orderhub.RunningHub;
import org.orderhub.operator.OperatorMistakesTestFiles;

/**
 * The parking lot cannot be filled by anyone who has not proved who they are, is bounded per partner in
 * rows and bytes, and is listed and replayed without holding its bodies in memory: on the README's
 * {@code -Xmx256m}, 300 anonymous 1 MiB posts keep nothing and 1,000 parked deliveries of ~100 KB list
 * and replay; an admin discards rows, and a delivery the partner's retry stored live is done.
 */
class ParkingLotTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ADMIN = "park-admin-key-0123456789";

    @Test
    void anonymous_posts_keep_nothing_and_a_thousand_parked_deliveries_list_and_replay_on_a_small_heap()
            throws Exception {
        Path routes = Files.createTempDirectory("orderhub-park-routes");
        Path mappings = mappingsWithParky();
        Files.createDirectories(routes.resolve("partners"));
        Files.copy(Path.of("routes/partners/shopwave.camel.yaml"), routes.resolve("partners/shopwave.camel.yaml"));
        Files.writeString(routes.resolve("partners/parky.camel.yaml"), OperatorMistakesTestFiles.partnerFile("parky",
                "&mapping=parky.jsonata"));
        int port = RunningHub.freePort();
        List<String> settings = List.of("camel.server.port=" + port,
                "orderhub.data-dir=" + Files.createTempDirectory("orderhub-park-data"),
                "orderhub.routes-dir=" + routes, "orderhub.mappings-dir=" + mappings,
                "orderhub.flyt.token=park-flyt-token-0123456789", "orderhub.api-keys=park-api-key-0123456789",
                "orderhub.admin-keys=" + ADMIN, "parky.webhook-secret=" + SECRET,
                "orderhub.parking.max-bytes-per-partner=256MB");
        try (HubProcess process = HubProcess.start(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), App.class,
                settings, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> HubProcess.healthStatus(port) == 200);
            RunningHub hub = RunningHub.at(port);
            breakParky(mappings);
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.sendSigned("/webhooks/parky", SECRET, "msg_probe",
                    OperatorMistakesTestFiles.sample("PK-PROBE")).statusCode() == 503);
            assertEquals(1, RunningHub.json(hub.send("DELETE", "/admin/parked-deliveries/parky", ADMIN, null, null))
                    .get("discarded").asInt());

            byte[] megabyte = new byte[1 << 20];
            java.util.Arrays.fill(megabyte, (byte) ' ');
            megabyte[0] = '{';
            megabyte[megabyte.length - 1] = '}';
            List<Integer> anonymous = inParallel(300, i -> post(port, "/webhooks/shopwave", megabyte));
            assertTrue(anonymous.stream().allMatch(s -> s == 503), anonymous.toString());
            assertTrue(RunningHub.json(hub.get("/admin/parked-deliveries", ADMIN)).get("parked").path("shopwave")
                    .isMissingNode(), "nothing kept for a partner without a secret");

            String padding = " ".repeat(100_000);
            List<Integer> parked = inParallel(1000, i -> hub.sendSigned("/webhooks/parky", SECRET, "msg_pk_" + i,
                    OperatorMistakesTestFiles.sample("PK-" + i).replace("\"No ketchup\"", "\"No ketchup" + padding
                            + "\"")).statusCode());
            assertTrue(parked.stream().allMatch(s -> s == 503), parked.toString());
            JsonNode list = RunningHub.json(hub.get("/admin/parked-deliveries/parky", ADMIN)).get("deliveries");
            assertEquals(1000, list.size());
            assertTrue(list.get(0).get("bytes").asLong() > 100_000, list.get(0).toString());

            Files.writeString(mappings.resolve("parky.jsonata"), Files.readString(mappings.resolve("acme-eats.jsonata")));
            JsonNode replay = RunningHub.json(hub.sendJson("POST", "/admin/parked-deliveries/parky/replay", ADMIN, ""));
            assertEquals(1000, replay.get("stored").asInt(), replay.toString().substring(0, 300));
            assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=PK-999", "park-api-key-0123456789")).size());
            assertEquals(200, HubProcess.healthStatus(port));
            // heap to spare: what the last collection left live is well under the 256 MB heap
            JsonNode oldGen = RunningHub.json(hub.get("/observe/jolokia/read/java.lang:type=MemoryPool,name=G1%20Old%20Gen"
                    + "/CollectionUsage", ADMIN)).path("value");
            assertTrue(oldGen.has("used") && oldGen.path("max").asLong() > 0, "Jolokia read the pool: " + oldGen);
            assertTrue(oldGen.path("used").asLong() < 128L << 20, "live heap after the replay: " + oldGen);
            assertTrue(process.isAlive());
            assertEquals(0, process.outputLinesContaining("OutOfMemoryError"));
        }
    }

    @Test
    void a_partners_lot_is_capped_in_bytes_rows_can_be_discarded_and_a_live_retry_marks_its_copy_done()
            throws Exception {
        Path routes = Files.createTempDirectory("orderhub-park-routes");
        Path mappings = mappingsWithParky();
        Files.createDirectories(routes.resolve("partners"));
        Files.writeString(routes.resolve("partners/parky.camel.yaml"), OperatorMistakesTestFiles.partnerFile("parky",
                "&mapping=parky.jsonata"));
        int size = OperatorMistakesTestFiles.sample("PK-0").length();
        try (RunningHub hub = RunningHub.start(Map.of("orderhub.routes-dir", routes.toString(),
                "orderhub.mappings-dir", mappings.toString(), "parky.webhook-secret", SECRET,
                "orderhub.parking.max-bytes-per-partner", Integer.toString(size * 3 + 10)))) {
            breakParky(mappings);
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.sendSigned("/webhooks/parky", SECRET, "msg_1",
                    OperatorMistakesTestFiles.sample("PK-1")).statusCode() == 503);
            assertEquals(503, hub.sendSigned("/webhooks/parky", SECRET, "msg_2", OperatorMistakesTestFiles.sample("PK-2"))
                    .statusCode());
            assertEquals(503, hub.sendSigned("/webhooks/parky", SECRET, "msg_3", OperatorMistakesTestFiles.sample("PK-3"))
                    .statusCode());
            HttpResponse<String> full = hub.sendSigned("/webhooks/parky", SECRET, "msg_4",
                    OperatorMistakesTestFiles.sample("PK-4"));
            assertEquals(503, full.statusCode());
            assertTrue(full.body().contains("retry later") && !full.body().contains("is kept"), full.body());
            JsonNode list = RunningHub.json(hub.get("/admin/parked-deliveries/parky", RunningHub.ADMIN_KEY)).get("deliveries");
            assertEquals(3, list.size(), "the fourth did not fit the byte budget: " + list);

            long first = list.get(0).get("id").asLong();
            assertEquals(1, RunningHub.json(hub.send("DELETE", "/admin/parked-deliveries/parky/" + first,
                    RunningHub.ADMIN_KEY, null, null)).get("discarded").asInt());
            assertEquals(404, hub.send("DELETE", "/admin/parked-deliveries/parky/" + first, RunningHub.ADMIN_KEY, null,
                    null).statusCode());
            assertEquals(503, hub.sendSigned("/webhooks/parky", SECRET, "msg_4", OperatorMistakesTestFiles.sample("PK-4"))
                    .statusCode()); // room again: kept now

            Files.writeString(mappings.resolve("parky.jsonata"), Files.readString(mappings.resolve("acme-eats.jsonata")));
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.sendSigned("/webhooks/parky", SECRET, "msg_2",
                    OperatorMistakesTestFiles.sample("PK-2")).statusCode() == 200);
            JsonNode after = RunningHub.json(hub.get("/admin/parked-deliveries/parky", RunningHub.ADMIN_KEY)).get("deliveries");
            JsonNode two = Stream.of(after.get(0), after.get(1), after.get(2))
                    .filter(d -> d.get("delivery").asText().equals("id:msg_2")).findFirst().orElseThrow();
            assertEquals("stored", two.get("state").asText(), after.toString());
            assertEquals("created", two.get("result").asText(), after.toString());

            assertEquals(3, RunningHub.json(hub.send("DELETE", "/admin/parked-deliveries/parky", RunningHub.ADMIN_KEY,
                    null, null)).get("discarded").asInt());
            assertEquals(0, RunningHub.json(hub.get("/admin/parked-deliveries/parky", RunningHub.ADMIN_KEY))
                    .get("deliveries").size());
            assertEquals(401, hub.send("DELETE", "/admin/parked-deliveries/parky", RunningHub.API_KEY, null, null)
                    .statusCode());
        }
    }

    private static Path mappingsWithParky() throws IOException {
        Path mappings = Files.createTempDirectory("orderhub-park-mappings");
        try (Stream<Path> shipped = Files.list(Path.of("mappings"))) {
            for (Path p : shipped.toList()) {
                Files.copy(p, mappings.resolve(p.getFileName()));
            }
        }
        Files.copy(Path.of("mappings/acme-eats.jsonata"), mappings.resolve("parky.jsonata"));
        return mappings;
    }

    /** Parky's mapping broken once its file has loaded (a file naming a broken mapping is refused at load). */
    private static void breakParky(Path mappings) throws IOException {
        Files.writeString(mappings.resolve("parky.jsonata"), "{ \"order_id\": data.id,, }");
    }

    private static int post(int port, String path, byte[] body) {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException closed) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private interface Call {
        int status(int i) throws Exception;
    }

    private static List<Integer> inParallel(int count, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> call.status(n)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
