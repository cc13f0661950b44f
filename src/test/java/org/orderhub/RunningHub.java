package org.orderhub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.orderhub.api.Json;
import org.orderhub.order.OrderStore;

/**
 * The real hub (App's Main, application.properties, YAML routes) on a free port and a fresh data
 * directory. Start one with {@link #start}, or let JUnit run one per test class:
 * {@code @RegisterExtension static final RunningHub hub = RunningHub.perClass(Map.of());}
 */
public final class RunningHub implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final String API_KEY = "test-api-key-0123456789";
    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    /** The allow-list that lets a hub call the tests' fakes on 127.0.0.1 (loopback is refused by default). */
    public static final String LOCAL_FAKES = "*,127.0.0.1,localhost";
    /** A changes-feed key for every site, and one limited to the demo site. */
    public static final String FEED_KEY = "test-feed-key-0123456789";
    public static final String SITE_FEED_KEY = "test-site-feed-key-0123456789";

    private Main main;
    private int port;
    private Path dataDir;
    private Map<String, String> perClassOverrides;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningHub(Main main, int port, Path dataDir) {
        this.main = main;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** A hub JUnit starts before the class's tests and stops after them. */
    public static RunningHub perClass(Map<String, String> overrides) {
        RunningHub hub = new RunningHub(null, 0, null);
        hub.perClassOverrides = overrides;
        return hub;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        RunningHub started = start(perClassOverrides);
        main = started.main;
        port = started.port;
        dataDir = started.dataDir;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts with test keys; {@code overrides} replace any setting, as -D would. */
    public static RunningHub start(Map<String, String> overrides) {
        try {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("orderhub.api-keys", API_KEY);
            settings.put("orderhub.admin-keys", ADMIN_KEY);
            settings.put("orderhub.flyt.token", "test-flyt-token-0123456789");
            settings.put("orderhub.feed-keys", FEED_KEY + "," + SITE_FEED_KEY + "@BBBBBBBBB");
            // the fake partners, subscribers and terminals of the tests listen on this machine
            settings.put("orderhub.outbound.allowed-hosts", LOCAL_FAKES);
            // tests send wrong keys on purpose, many per hub; FrontDoorTest checks the 429 with the default
            settings.put("orderhub.auth.failure-allowance", "10000");
            settings.putAll(overrides);
            return startWith(settings, Files.createTempDirectory("orderhub-test"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RunningHub start() {
        return start(Map.of());
    }

    /** Starts with exactly these settings on this data directory (no test keys added). */
    public static RunningHub startWith(Map<String, String> settings, Path dataDir) {
        int port = freePort();
        Main main = App.newMain();
        main.addOverrideProperty("camel.server.port", Integer.toString(port));
        main.addOverrideProperty("orderhub.data-dir", dataDir.toString());
        if (!settings.containsKey("orderhub.db.url")) {
            TestDatabase.settingsFor(dataDir).forEach(main::addOverrideProperty);
        }
        settings.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("hub did not start", e);
        }
        awaitFirstSubscriberRounds(main.getCamelContext());
        return new RunningHub(main, port, dataDir);
    }

    /**
     * The operator's files load once the context runs and a subscriber registers on its timer's first round:
     * a test that stores an order right after the start must not beat that round (an order stored before a
     * subscriber is registered is, by design, not queued for it).
     */
    private static void awaitFirstSubscriberRounds(org.apache.camel.CamelContext context) {
        var managed = context.getCamelContextExtension().getContextPlugin(
                org.apache.camel.api.management.ManagedCamelContext.class);
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (org.apache.camel.Route route : context.getRoutes()) {
            String id = route.getRouteId();
            if (!id.startsWith("subscriber-") || id.equals("subscriber-dispatch") || id.equals("subscriber-post")
                    || managed == null || managed.getManagedRoute(id) == null) {
                continue;
            }
            while (managed.getManagedRoute(id).getExchangesCompleted() + managed.getManagedRoute(id).getExchangesFailed() < 1
                    && System.nanoTime() < until) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A client of a hub running elsewhere (a child JVM) on this port; closing it stops nothing. */
    public static RunningHub at(int port) {
        return new RunningHub(null, port, null);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The hub's own order store, to put orders in place the way an inbound flow would. */
    public OrderStore orderStore() {
        return main.lookup("orderStore", OrderStore.class);
    }

    /** POSTs {@code body} to {@code path} as a Standard Webhooks delivery signed now with {@code secret}. */
    public HttpResponse<String> sendSigned(String path, String secret, String webhookId, String body) {
        long now = System.currentTimeMillis() / 1000;
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .header("webhook-id", webhookId).header("webhook-timestamp", Long.toString(now))
                    .header("webhook-signature", org.orderhub.security.WebhookSignature.sign(secret, webhookId, now,
                            body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The running hub's Camel context (routes, health checks). */
    public org.apache.camel.CamelContext context() {
        return main.getCamelContext();
    }

    /** A bean of the running hub's registry, by the name the routes use. */
    public <T> T bean(String name, Class<T> type) {
        return main.lookup(name, type);
    }

    public long storeOrder(String source, String json) {
        try {
            return orderStore().upsert(source, (ObjectNode) Json.MAPPER.readTree(json)).id();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String pathAndQuery, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b);
    }

    /** A GET with these extra headers (X-Forwarded-For and the like). */
    public HttpResponse<String> getWith(String pathAndQuery, String bearer, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(b::header);
        return send(b);
    }

    public HttpResponse<String> send(String method, String path, String bearer, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    public HttpResponse<String> sendJson(String method, String path, String bearer, String body) {
        return send(method, path, bearer, "application/json", body);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    public static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    @Override
    public void close() {
        if (main != null) {
            main.stop();
        }
    }
}
