package org.orderhub.partner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.orderhub.api.Json;

/** Pollster's orders API on 127.0.0.1: orders changed since a time, 100 a page, a cursor to the next page. */
public final class FakePartnerApi implements AutoCloseable {

    public static final String TOKEN = "pollster-test-token";
    private static final int PAGE = 100;

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(4);
    private final List<ObjectNode> orders = new CopyOnWriteArrayList<>();
    public final AtomicInteger requests = new AtomicInteger();
    /** The most requests this API ever served at once: more than 1 means two runs of a poller overlapped. */
    public final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger atOnce = new AtomicInteger();
    /** How long each request takes to answer, so overlapping runs would show. */
    public volatile long answerMillis;
    final AtomicInteger failures = new AtomicInteger();
    volatile String failAtCursor;
    /** When set, every page answers 200 with this text instead of orders. */
    volatile String garbage;

    public FakePartnerApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/api/orders", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/orders";
    }

    /** Adds or replaces order {@code number}, modified at {@code modified}. */
    public void put(int number, String state, Instant modified) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("order_number", "P-" + number);
        o.put("store_code", "BBBBBBBBB");
        o.put("state", state);
        o.putObject("buyer").put("name", "Buyer " + number).put("phone", "+44 7700 9" + String.format("%05d", number));
        o.putArray("items").addObject().put("code", "11212121").put("label", "Fish and Chips").put("count", 1)
                .put("price_minor", 750);
        o.put("total_minor", 750).put("currency", "GBP");
        o.put("created", "2024-10-10T10:00:00Z").put("modified", modified.toString());
        orders.removeIf(x -> x.get("order_number").asText().equals("P-" + number));
        orders.add(o);
    }

    /** Removes the store of order {@code number}, making it invalid for the hub. */
    void breakStoreCode(int number) {
        orders.stream().filter(o -> o.get("order_number").asText().equals("P-" + number)).forEach(o -> o.remove("store_code"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
        try {
            if (answerMillis > 0) {
                Thread.sleep(answerMillis);
            }
            answer(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            atOnce.decrementAndGet();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
            }
        }
        String cursor = query.getOrDefault("cursor", "0");
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || cursor.equals(failAtCursor)) {
            failures.incrementAndGet();
            exchange.sendResponseHeaders(cursor.equals(failAtCursor) ? 503 : 401, -1);
            exchange.close();
            return;
        }
        if (garbage != null) {
            byte[] body = garbage.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        Instant since = query.containsKey("updated_since") ? Instant.parse(query.get("updated_since")) : Instant.EPOCH;
        List<ObjectNode> changed = new ArrayList<>();
        for (ObjectNode o : orders) {
            if (!Instant.parse(o.get("modified").asText()).isBefore(since)) {
                changed.add(o);
            }
        }
        changed.sort(Comparator.comparing((ObjectNode o) -> o.get("modified").asText())
                .thenComparing(o -> o.get("order_number").asText()));
        int from = Integer.parseInt(cursor);
        ObjectNode page = Json.MAPPER.createObjectNode();
        ArrayNode list = page.putArray("orders");
        changed.subList(Math.min(from, changed.size()), Math.min(from + PAGE, changed.size())).forEach(list::add);
        if (from + PAGE < changed.size()) {
            page.put("next_cursor", Integer.toString(from + PAGE));
        }
        byte[] body = page.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // its threads would keep a JVM (bench/PollerImport.java) from exiting
    }
}
