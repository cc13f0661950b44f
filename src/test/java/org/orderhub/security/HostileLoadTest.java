package org.orderhub.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orderhub.App;
import org.orderhub.HubProcess;
import org.orderhub.RunningHub;

/**
 * Anonymous clients cannot exhaust the hub's memory: 200 uploads that each announce 1 MiB and never
 * finish, held open for 10 s against a hub with a 256 MB heap, half unsigned (refused from their
 * headers) and half with plausible forged signature headers (stopped by the cap on bytes in flight); and
 * the same over cleartext HTTP/2, which the hub does not speak.
 */
class HostileLoadTest {

    private static final String FLYT_TOKEN = "load-flyt-token-0123456789";
    private static final int UPLOADS = 200;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void two_hundred_stalled_anonymous_uploads_leave_the_hub_live_and_serving() throws Exception {
        int port = RunningHub.freePort();
        try (HubProcess hub = smallHeapHub(port)) {

            List<Socket> uploads = new ArrayList<>();
            try {
                long now = System.currentTimeMillis() / 1000;
                for (int i = 0; i < UPLOADS; i++) {
                    String signature = i % 2 == 0 ? "" : "webhook-id: msg_" + i + "\r\nwebhook-timestamp: " + now
                            + "\r\nwebhook-signature: v1,Zm9yZ2VkIHNpZ25hdHVyZSBvZiB0aGlydHkgdHdvIGJ5dGVzIQ==\r\n";
                    uploads.add(stalledUpload(port, signature));
                }
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < end) {
                    assertLiveWithinOneSecond(port);
                    Thread.sleep(200);
                }
            } finally {
                for (Socket s : uploads) {
                    s.close();
                }
            }
            assertLiveWithinOneSecond(port);

            assertServesFlytOrders(hub, port);
            assertEquals(0, hub.outputLinesContaining(" ERROR "), "aborted uploads are no errors:\n"
                    + String.join("\n", hub.output()));
        }
    }

    @Test
    void cleartext_http2_streams_that_never_end_leave_the_hub_live_and_serving() throws Exception {
        int port = RunningHub.freePort();
        try (HubProcess hub = smallHeapHub(port)) {
            // an HTTP/1.1 request asking to upgrade is answered as HTTP/1.1, not 101 Switching Protocols
            try (Socket upgrade = new Socket("127.0.0.1", port)) {
                upgrade.getOutputStream().write(("GET /observe/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                upgrade.setSoTimeout(5_000);
                String status = new String(upgrade.getInputStream().readNBytes(15), StandardCharsets.ISO_8859_1);
                assertEquals("HTTP/1.1 200 OK", status);
            }
            List<Socket> connections = new ArrayList<>();
            try {
                long now = System.currentTimeMillis() / 1000;
                for (int c = 0; c < 12; c++) {
                    connections.add(Http2Frames.neverEndingStreams(port, 25, 1 << 20, now, c % 2 == 0 ? "GET" : "POST"));
                }
                long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                while (System.nanoTime() < end) {
                    assertLiveWithinOneSecond(port);
                    Thread.sleep(200);
                }
            } finally {
                for (Socket s : connections) {
                    s.close();
                }
            }
            assertLiveWithinOneSecond(port);
            assertServesFlytOrders(hub, port);
        }
    }

    @Test
    void an_admitted_upload_that_stalls_is_cut_off_at_the_body_timeout() throws Exception {
        try (RunningHub hub = RunningHub.start(Map.of("orderhub.http.body-timeout", "2s",
                "acme-eats.webhook-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))) {
            long now = System.currentTimeMillis() / 1000;
            try (Socket upload = stalledUpload(hub.port(), "webhook-id: msg_slow\r\nwebhook-timestamp: " + now
                    + "\r\nwebhook-signature: v1,Zm9yZ2Vk\r\n")) {
                upload.setSoTimeout(10_000);
                long start = System.nanoTime();
                InputStream in = upload.getInputStream();
                while (in.read() >= 0) {
                    // whatever the hub says before it closes
                }
                long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertTrue(waited >= 1_500 && waited < 8_000, "closed after the 2 s body timeout, took " + waited + " ms");
            }
        }
    }

    /** A hub in a child JVM with the README's heap flags, its health answering. */
    private static HubProcess smallHeapHub(int port) throws IOException {
        List<String> settings = List.of("camel.server.port=" + port,
                "orderhub.data-dir=" + Files.createTempDirectory("orderhub-hostile-load"),
                "orderhub.flyt.token=" + FLYT_TOKEN, "orderhub.api-keys=load-api-key-0123456789",
                "orderhub.admin-keys=load-admin-key-0123456789",
                "acme-eats.webhook-secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        HubProcess hub = HubProcess.start(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), App.class,
                settings, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> HubProcess.healthStatus(port) == 200);
        return hub;
    }

    /** After the load: the next Flyt order is answered, the hub still runs and never ran out of memory. */
    private void assertServesFlytOrders(HubProcess hub, int port) throws Exception {
        String order = new String(HostileLoadTest.class.getResourceAsStream("/flyt/collection-by-customer.json")
                .readAllBytes(), StandardCharsets.UTF_8);
        HttpResponse<String> placed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/flyt/orders")).header("Authorization", "Bearer " + FLYT_TOKEN)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(order)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, placed.statusCode(), placed.body());
        assertTrue(hub.isAlive(), "the hub is still running");
        assertEquals(0, hub.outputLinesContaining("OutOfMemoryError"), String.join("\n", hub.output()));
    }

    /** Opens a POST that announces 1 MiB, sends 64 KiB of it and stalls. */
    private static Socket stalledUpload(int port, String extraHeaders) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /webhooks/acme-eats HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1048576\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        try {
            byte[] part = new byte[64 * 1024];
            java.util.Arrays.fill(part, (byte) ' ');
            part[0] = '{';
            out.write(part);
            out.flush();
        } catch (IOException refusedAlready) {
            // the hub answered from the headers and closed: what it should do
        }
        return socket;
    }

    private void assertLiveWithinOneSecond(int port) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/observe/health/live")).timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(took < 1_000, "liveness answered in " + took + " ms");
    }
}
