import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.orderhub.security.WebhookSignature;

/**
 * Load client for both ingest endpoints in one run, so their figures compare: Flyt orders and signed
 * Standard Webhooks deliveries (~2 KB, mapped by JSONata), each a new order, at a fixed concurrency.
 * Run: java -cp target/orderhub.jar bench/IngestLoad.java <port> <flyt token> <webhook secret> <connections> <seconds>
 */
public class IngestLoad {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String flytToken = args[1];
        String secret = args[2];
        int connections = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String flyt = Files.readString(Path.of("src/test/resources/flyt/collection-by-customer.json"));
        String webhook = Files.readString(Path.of("src/test/resources/partners/acme-eats-order.json"))
                .replace("No ketchup", "No ketchup. " + "Leave at the curbside bay, call on arrival. ".repeat(25));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String endpoint : new String[]{"flyt", "webhook"}) { // warm-up of both, then the measured runs
            run(endpoint, 10, connections, false, http, port, flytToken, secret, flyt, webhook);
        }
        for (String endpoint : new String[]{"flyt", "webhook"}) {
            run(endpoint, seconds, connections, true, http, port, flytToken, secret, flyt, webhook);
        }
    }

    static void run(String endpoint, int seconds, int connections, boolean report, HttpClient http, int port, String flytToken,
                    String secret, String flyt, String webhook) throws Exception {
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        AtomicLong failures = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String runId = Long.toString(System.nanoTime(), 36);
        Thread[] threads = new Thread[connections];
        for (int t = 0; t < connections; t++) {
            int me = t;
            latencies[me] = new long[200_000];
            threads[t] = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < latencies[me].length) {
                    String ref = endpoint + "-" + runId + "-" + me + "-" + n;
                    HttpRequest request;
                    if (endpoint.equals("flyt")) {
                        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flyt/orders"))
                                .header("Authorization", "Bearer " + flytToken).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(flyt.replace("SKIP-12345678", ref))).build();
                    } else {
                        byte[] body = webhook.replace("AE-1001", ref).getBytes(StandardCharsets.UTF_8);
                        bytes.set(body.length);
                        long now = System.currentTimeMillis() / 1000;
                        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/acme-eats"))
                                .header("Content-Type", "application/json").header("webhook-id", "msg_" + ref)
                                .header("webhook-timestamp", Long.toString(now))
                                .header("webhook-signature", WebhookSignature.sign(secret, "msg_" + ref, now, body))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    }
                    long started = System.nanoTime();
                    try {
                        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies[me][n++] = System.nanoTime() - started;
                }
                counts[me] = n;
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int i = 0;
        for (int t = 0; t < connections; t++) {
            System.arraycopy(latencies[t], 0, all, i, counts[t]);
            i += counts[t];
        }
        Arrays.sort(all);
        if (report) {
            System.out.printf("%s_orders_per_second=%d%n", endpoint, total / seconds);
            System.out.printf("%s_p50_ms=%.1f%n%s_p99_ms=%.1f%n", endpoint, all[total / 2] / 1e6, endpoint, all[(int) (total * 0.99)] / 1e6);
            System.out.printf("%s_failures=%d%n", endpoint, failures.get());
            if (endpoint.equals("webhook")) {
                System.out.printf("webhook_body_bytes=%d%n", bytes.get());
            }
        }
    }
}
