import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.orderhub.partner.FakePartnerApi;
import org.orderhub.security.WebhookSignature;
import org.orderhub.subscriber.FakeSubscriber;

/**
 * The hub as an operator's supervisor runs it, killed at random moments on one data folder that ages past
 * H2's retention and compaction (issue 24): the packaged jar with the README's flags, under mixed load —
 * Flyt posts, signed partner webhooks, status changes through the admin API, a poller importing from a fake
 * partner API and a subscriber taking events — {@code kill -9} at a random moment of each cycle, restarted
 * on the same folder. Every acknowledged order and status change is checked after each restart through the
 * changes feed, and at the end from the H2 file itself; every acknowledged change to {@code ready} must reach
 * the subscriber. Prints {@code cycles}, {@code acknowledged}, {@code lost}, {@code restart_s}.
 * <p>
 * Run: {@code bench/crash-loop.sh [cycles] [age-s] [min-s] [max-s]}
 * (defaults 20 cycles, 150 s of churn before the first kill, then 15–60 s per cycle). Extra hub flags (an
 * experiment's settings) come from the environment variable CRASHLOOP_HUB_FLAGS.
 */
public class CrashLoop {

    static final String FLYT = "crash-flyt-token-0123456789";
    static final String ADMIN = "crash-admin-key-0123456789";
    static final String FEED = "crash-feed-key-0123456789";
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** What the hub acknowledged: order id by its source key, and the status each acknowledged change set. */
    static final Map<String, Long> ORDERS = new ConcurrentHashMap<>();
    static final Map<Long, String> STATUSES = new ConcurrentHashMap<>();
    static final AtomicInteger STATUS_ACKS = new AtomicInteger();
    /** What was found missing after some restart (counted once, even if it stays missing). */
    static final Set<String> LOST = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int age = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        int minRun = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int maxRun = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        Path work = Files.createTempDirectory("orderhub-crashloop");
        copy(Path.of("mappings"), work.resolve("mappings"));
        Files.createDirectories(work.resolve("routes/partners"));
        Files.createDirectories(work.resolve("routes/subscribers"));
        for (String f : List.of("partners/acme-eats.camel.yaml", "partners/pollster.camel.yaml",
                "subscribers/flybuy.camel.yaml")) {
            // the subscriber gets the hub's own events (ids it can check), not the FlyBuy shape the example names
            Files.writeString(work.resolve("routes").resolve(f), Files.readString(Path.of("routes", f))
                    .replace("&mapping=flybuy-out.jsonata", ""));
        }
        Random random = new Random(Long.getLong("seed", System.nanoTime()));
        List<Double> restarts = new ArrayList<>();
        int lostOrders = 0;
        int lostStatuses = 0;
        int lostAtEnd;
        int lostEvents = 0;
        try (FakeSubscriber subscriber = new FakeSubscriber(); FakePartnerApi partner = new FakePartnerApi()) {
            int port = freePort();
            List<String> command = command(work, port, subscriber, partner);
            Instant born = Instant.now();
            for (int cycle = 1; cycle <= cycles + 1; cycle++) {
                long started = System.nanoTime();
                Process hub = new ProcessBuilder(command).directory(work.toFile())
                        .redirectErrorStream(true).redirectOutput(work.resolve("hub-" + cycle + ".log").toFile()).start();
                awaitHealthy(port, hub);
                restarts.add((System.nanoTime() - started) / 1e9);
                Map<Long, String> stored = feed(port);
                int[] lost = check(stored);
                lostOrders += lost[0];
                lostStatuses += lost[1];
                System.out.printf("cycle %d: restart %.1f s, db age %d s, file %d MB, acknowledged %d orders %d status "
                                + "changes, lost %d orders %d status changes%n", cycle - 1, restarts.get(restarts.size() - 1),
                        Duration.between(born, Instant.now()).toSeconds(), Files.size(work.resolve("data/orderhub.mv.db")) >> 20,
                        ORDERS.size(), STATUS_ACKS.get(), lost[0], lost[1]);
                if (cycle > cycles) {
                    lostEvents = events(subscriber); // while the hub runs and sends what is still due
                    hub.destroy(); // a clean stop: the H2 file is compacted by copy
                    hub.waitFor();
                    break;
                }
                long run = (cycle == 1 ? age : 0) + minRun + random.nextInt(Math.max(1, maxRun - minRun));
                load(port, partner, random, run, hub);
            }
            int lostInFile = fromFile(work);
            lostAtEnd = lostInFile + lostEvents;
            System.out.printf("cycles=%d%nacknowledged=%d%nstatus_changes=%d%nlost=%d%nlost_status_changes=%d%n"
                            + "lost_in_file=%d%nlost_events=%d%nrestart_s=%s%nwork_dir=%s%n", cycles, ORDERS.size(),
                    STATUS_ACKS.get(), lostOrders, lostStatuses, lostInFile, lostEvents, summary(restarts), work);
        }
        System.exit(lostOrders + lostStatuses + lostAtEnd == 0 ? 0 : 1);
    }

    static List<String> command(Path work, int port, FakeSubscriber subscriber, FakePartnerApi partner) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
        String extra = System.getenv("CRASHLOOP_HUB_FLAGS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        for (String setting : List.of("camel.server.port=" + port, "orderhub.flyt.token=" + FLYT,
                "orderhub.admin-keys=" + ADMIN, "orderhub.api-keys=crash-api-key-0123456789", "orderhub.feed-keys=" + FEED,
                "orderhub.tracking.rate-limit=100000", "orderhub.tracking.burst=100000", "orderhub.exports.settle=500ms",
                "acme-eats.webhook-secret=" + SECRET, "flybuy.url=" + subscriber.url(),
                "flybuy.signing-secret=" + FakeSubscriber.SECRET, "pollster.url=" + partner.url(),
                "pollster.api-token=" + FakePartnerApi.TOKEN, "pollster.cron=0/2 * * * * ?",
                "orderhub.outbound.allowed-hosts=*,127.0.0.1")) {
            command.add("-D" + setting);
        }
        command.addAll(List.of("-jar", Path.of("target/orderhub.jar").toAbsolutePath().toString()));
        return command;
    }

    /** Flyt posts, webhooks and status changes from three threads, a partner order a second for the poller. */
    static void load(int port, FakePartnerApi partner, Random random, long seconds, Process hub) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        String flytSample = Files.readString(Path.of("src/test/resources/flyt/collection-by-customer.json"));
        String webhookSample = Files.readString(Path.of("src/test/resources/partners/acme-eats-order.json"));
        long seed = random.nextLong();
        List<Thread> threads = List.of(
                new Thread(() -> loop(stop, n -> flyt(port, flytSample, seed + "-" + n))),
                new Thread(() -> loop(stop, n -> webhook(port, webhookSample, seed + "-" + n))),
                new Thread(() -> loop(stop, n -> status(port))),
                new Thread(() -> loop(stop, n -> {
                    partner.put((int) (Math.abs(seed % 1_000_000) * 1000 + n % 1000), "open", Instant.now());
                    pause(1000);
                })));
        threads.forEach(Thread::start);
        // the kill comes at a random moment: somewhere in the last third of the run
        pause(seconds * 1000L * 2 / 3 + (long) (random.nextDouble() * seconds * 1000L / 3));
        hub.destroyForcibly(); // SIGKILL, with every load thread still sending
        hub.waitFor();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
    }

    interface Step {
        void run(int n) throws Exception;
    }

    static void loop(AtomicBoolean stop, Step step) {
        for (int n = 0; !stop.get(); n++) {
            try {
                step.run(n);
            } catch (Exception hubGone) {
                pause(50);
            }
        }
    }

    static void flyt(int port, String sample, String ref) throws Exception {
        String key = "flyt:CRASH-" + ref;
        HttpResponse<String> r = post(port, "/flyt/orders", Map.of("Authorization", "Bearer " + FLYT),
                sample.replace("SKIP-12345678", "CRASH-" + ref));
        if (r.statusCode() == 200) {
            ORDERS.put(key, JSON.readTree(r.body()).get("OrderId").asLong());
        }
    }

    static void webhook(int port, String sample, String ref) throws Exception {
        String body = sample.replace("AE-1001", "WH-" + ref);
        long now = System.currentTimeMillis() / 1000;
        String id = "msg_" + ref;
        HttpResponse<String> r = post(port, "/webhooks/acme-eats", Map.of("webhook-id", id,
                "webhook-timestamp", Long.toString(now),
                "webhook-signature", WebhookSignature.sign(SECRET, id, now, body.getBytes(StandardCharsets.UTF_8))), body);
        if (r.statusCode() == 200) {
            ORDERS.put("acme-eats:WH-" + ref, Long.parseLong(JSON.readTree(r.body()).get("id").asText()));
        }
    }

    /** Moves an acknowledged order without a status change yet to ready. */
    static void status(int port) throws Exception {
        Long id = ORDERS.values().stream().filter(o -> !STATUSES.containsKey(o)).findAny().orElse(null);
        if (id == null) {
            pause(20);
            return;
        }
        STATUSES.putIfAbsent(id, "pending");
        HttpResponse<String> r = post(port, "/admin/orders/" + id + "/status", Map.of("Authorization", "Bearer " + ADMIN),
                "{\"status\": \"ready\", \"detail\": \"crash loop\"}");
        if (r.statusCode() == 200) {
            STATUSES.put(id, "ready");
            STATUS_ACKS.incrementAndGet();
        } else {
            STATUSES.remove(id, "pending");
        }
    }

    static HttpResponse<String> post(int port, String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every order the changes feed hands out, with its canonical status. */
    static Map<Long, String> feed(int port) throws Exception {
        Map<Long, String> orders = new HashMap<>();
        String cursor = null;
        pause(600); // past the feed's settle time
        while (true) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/orders/changes?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor)))
                    .header("Authorization", "Bearer " + FEED).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode page = JSON.readTree(r.body());
            for (JsonNode o : page.get("orders")) {
                orders.put(o.get("id").asLong(), o.get("fulfillment_status").asText());
            }
            if (!page.get("more").asBoolean()) {
                return orders;
            }
            cursor = page.get("next_cursor").asText();
        }
    }

    /** Lost orders and lost status changes among those acknowledged so far. */
    static int[] check(Map<Long, String> stored) {
        int orders = 0;
        int statuses = 0;
        for (Map.Entry<String, Long> o : ORDERS.entrySet()) {
            if (!stored.containsKey(o.getValue()) && LOST.add("order " + o.getKey())) {
                orders++;
                System.out.println("LOST order " + o.getKey() + " id " + o.getValue());
            }
        }
        for (Map.Entry<Long, String> s : STATUSES.entrySet()) {
            if ("ready".equals(s.getValue()) && stored.containsKey(s.getKey()) && !"ready".equals(stored.get(s.getKey()))
                    && LOST.add("status " + s.getKey())) {
                statuses++;
                System.out.println("LOST status change of order " + s.getKey() + ": " + stored.get(s.getKey()));
            }
        }
        return new int[]{orders, statuses};
    }

    /** Acknowledged orders missing from the H2 file itself, read with the hub stopped. */
    static int fromFile(Path work) throws Exception {
        Set<Long> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + work.resolve("data/orderhub").toAbsolutePath()
                + ";ACCESS_MODE_DATA=r", "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM orders")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return (int) ORDERS.values().stream().filter(id -> !ids.contains(id)).count();
    }

    /** Acknowledged changes to ready that never reached the subscriber (waits up to two minutes for them). */
    static int events(FakeSubscriber subscriber) {
        Set<String> expected = new HashSet<>();
        STATUSES.forEach((id, status) -> {
            if ("ready".equals(status)) {
                expected.add(Long.toString(id));
            }
        });
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Set<String> missing = new HashSet<>(expected);
        while (System.nanoTime() < deadline) {
            missing = new HashSet<>(expected);
            for (FakeSubscriber.Attempt a : subscriber.accepted()) {
                if (a.type().equals("order.status_changed")) {
                    missing.remove(a.orderId());
                }
            }
            if (missing.isEmpty()) {
                break;
            }
            pause(1000);
        }
        return missing.size();
    }

    static void awaitHealthy(int port, Process hub) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!hub.isAlive()) {
                throw new IllegalStateException("the hub exited at start: " + hub.exitValue());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            pause(100);
        }
        throw new IllegalStateException("the hub did not become ready");
    }

    static String summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format("median %.1f max %.1f", sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
