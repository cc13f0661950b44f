package org.orderhub.subscriber;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.orderhub.RunningHub;
import org.orderhub.api.ApiException;
import org.orderhub.security.WebhookSignature;

/**
 * A subscriber's endpoint on 127.0.0.1 that checks every Standard Webhooks signature the way a real
 * receiver would, answers as the test tells it, and records what it accepted and every attempt.
 */
public final class FakeSubscriber implements AutoCloseable {

    /** One request: its webhook-id, parsed body, when it arrived, and what it was answered. */
    public record Attempt(String webhookId, JsonNode body, long arrivedMillis, int status) {
        public String orderId() {
            return body.path("data").path("id").asText();
        }

        public String type() {
            return body.path("type").asText();
        }
    }

    /** How to answer a request: a status and optional Retry-After (null for none). */
    public record Answer(int status, String retryAfter) {
        public static final Answer OK = new Answer(200, null);
    }

    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final HttpServer server;
    private final WebhookSignature signature = new WebhookSignature(WebhookSignature.STANDARD_WEBHOOKS, SECRET, null);
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private volatile Function<JsonNode, Answer> answers = body -> Answer.OK;
    private final AtomicInteger atOnce = new AtomicInteger();
    /** The most requests this receiver was answering at one moment. */
    public final AtomicInteger mostAtOnce = new AtomicInteger();
    /** How long the receiver takes to read a request before answering. */
    public volatile long answerMillis;

    public FakeSubscriber() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/events", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    /** From now on, answer each event as {@code answers} says. */
    public void answer(Function<JsonNode, Answer> answers) {
        this.answers = answers;
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Events answered 2xx, in arrival order (a retried event appears once per success). */
    public List<Attempt> accepted() {
        return attempts.stream().filter(a -> a.status() / 100 == 2).toList();
    }

    List<Attempt> acceptedFor(String orderId) {
        return accepted().stream().filter(a -> a.orderId().equals(orderId)).toList();
    }

    List<String> acceptedTypesFor(String orderId) {
        return acceptedFor(orderId).stream().map(Attempt::type).collect(Collectors.toList());
    }

    int badSignatures() {
        return badSignatures.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
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
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            signature.verify(body, name -> exchange.getRequestHeaders().getFirst(name),
                    System.currentTimeMillis() / 1000);
        } catch (ApiException e) {
            badSignatures.incrementAndGet();
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        JsonNode event = RunningHub.json(new String(body, StandardCharsets.UTF_8));
        Answer answer = answers.apply(event);
        attempts.add(new Attempt(exchange.getRequestHeaders().getFirst("webhook-id"), event,
                System.currentTimeMillis(), answer.status()));
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
