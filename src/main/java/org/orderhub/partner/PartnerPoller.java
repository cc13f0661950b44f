package org.orderhub.partner;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.RouteVariables;
import org.orderhub.api.Json;
import org.orderhub.mapping.JsonataMappings;
import org.orderhub.mapping.PerThreadJsonata;
import org.orderhub.order.OrderStore;
import org.orderhub.order.RejectedOrders;
import org.orderhub.security.OutboundUrls;
import org.orderhub.storage.HubState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a polled partner (SPEC 4.4, seed 000 "in the absence of webhooks"): fetches every page of
 * orders changed since the partner's watermark, maps and stores each like a webhook order, and moves
 * the watermark to the newest {@code updated_at} seen only after every page is stored. A run that
 * fails keeps the watermark, so the next run fetches the same orders again (stored idempotently).
 * The partner's route sets the variables {@code partner}, {@code url}, {@code credentialsHeader},
 * {@code credentials}, {@code sinceParameter}, {@code ordersPath}, {@code nextPage},
 * {@code pageParameter} and {@code mapping}.
 */
public final class PartnerPoller implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerPoller.class);
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final int MAX_PAGES = 10_000;

    private final JsonataMappings mappings;
    private final OrderStore orders;
    private final HubState state;
    private final Map<String, PerThreadJsonata> expressions = new ConcurrentHashMap<>();
    private final java.util.Set<String> unconfigured = ConcurrentHashMap.newKeySet();
    private final org.apache.camel.ProducerTemplate template;

    private final PollerBreakers breakers;
    private final RejectedOrders rejections;
    private final OutboundUrls urls;

    public PartnerPoller(JsonataMappings mappings, OrderStore orders, RejectedOrders rejections, HubState state,
                         org.apache.camel.CamelContext context, org.orderhub.api.HubMeters meters, int breakerFailedRuns,
                         long breakerOpenMillis, OutboundUrls urls) {
        this.rejections = rejections;
        this.urls = urls;
        this.mappings = mappings;
        this.orders = orders;
        this.state = state;
        this.template = context.createProducerTemplate();
        this.breakers = new PollerBreakers(context, meters, breakerFailedRuns, Duration.ofMillis(breakerOpenMillis));
    }

    /** Runs one poll through the partner's circuit breaker; while it is open, the run is skipped. */
    @Override
    public void process(Exchange exchange) throws Exception {
        String partner = RouteVariables.text(exchange, "partner", null);
        var breaker = breakers.of(partner);
        if (!breaker.tryAcquirePermission()) {
            return;
        }
        long started = System.nanoTime();
        try {
            run(exchange);
            breaker.onSuccess(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            breaker.onError(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS, e);
            LOG.warn("Poller {} run failed, watermark kept: {}", partner, e.getMessage());
            throw e; // the run's exchange ends failed: Camel's Failed counter and camel_exchanges_failed_total
        }
    }

    private void run(Exchange exchange) throws Exception {
        String partner = RouteVariables.text(exchange, "partner", null);
        if (RouteVariables.text(exchange, "url", null) == null) {
            if (unconfigured.add(partner)) {
                LOG.warn("Poller {} has no url configured: it does not poll", partner);
            }
            return;
        }
        String watermarkKey = "poller." + partner + ".watermark";
        String watermark = state.get(watermarkKey).orElse(null);
        String newest = watermark;
        String cursor = null;
        int pages = 0;
        int stored = 0;
        int rejected = 0;
        do {
            JsonNode page = fetch(exchange, watermark, cursor);
            Object plain = PLAIN.convertValue(page, Object.class);
            JsonNode found = Json.MAPPER.valueToTree(expression(RouteVariables.text(exchange, "ordersPath", "orders")).evaluate(plain));
            if (found == null || !(found.isArray() || found.isObject())) {
                throw new IOException("page " + (pages + 1) + " of " + partner + " has no orders at "
                        + RouteVariables.text(exchange, "ordersPath", "orders"));
            }
            // map and check every order of the page, then store them together (group commit)
            List<JsonNode> raws = new java.util.ArrayList<>();
            List<java.util.concurrent.CompletableFuture<org.orderhub.order.UpsertResult>> results = new java.util.ArrayList<>();
            for (JsonNode raw : found.isArray() ? found : List.of(found)) {
                try {
                    ObjectNode order = mappings.map(RouteVariables.text(exchange, "mapping", partner + ".jsonata"), raw);
                    MappedOrders.check(order);
                    newest = later(newest, order.path("updated_at").asText(null));
                    raws.add(raw);
                    results.add(orders.upsertAsync(partner, "poll:" + MappedOrders.sha256(MappedOrders.utf8(raw.toString())), order));
                } catch (RuntimeException e) {
                    rejected++;
                    reject(partner, pages, raw, e);
                }
            }
            for (int i = 0; i < results.size(); i++) {
                try {
                    results.get(i).join();
                    stored++;
                } catch (java.util.concurrent.CompletionException e) {
                    if (!(e.getCause() instanceof RuntimeException refused)) {
                        throw new IOException("storing orders of " + partner + " failed", e.getCause());
                    }
                    rejected++;
                    reject(partner, pages, raws.get(i), refused);
                }
            }
            String nextExpression = RouteVariables.text(exchange, "nextPage", null);
            Object next = nextExpression == null ? null : expression(nextExpression).evaluate(plain);
            cursor = next == null || next.toString().isBlank() ? null : next.toString();
            pages++;
        } while (cursor != null && pages < MAX_PAGES);
        if (newest != null && !newest.equals(watermark)) {
            state.put(watermarkKey, newest);
        }
        LOG.info("Poller {}: {} pages, {} orders stored, {} rejected, watermark {}", partner, pages, stored, rejected,
                newest);
    }

    private void reject(String partner, int page, JsonNode raw, RuntimeException e) throws java.sql.SQLException {
        rejections.record(partner, raw.path("order_id").asText(null), e.getMessage(), raw);
        LOG.warn("Poller {} rejected an order on page {}: {}", partner, page + 1, e.getMessage());
    }

    private JsonNode fetch(Exchange exchange, String watermark, String cursor) throws Exception {
        StringBuilder url = new StringBuilder(RouteVariables.text(exchange, "url", null));
        char sep = url.indexOf("?") < 0 ? '?' : '&';
        if (watermark != null) {
            url.append(sep).append(RouteVariables.text(exchange, "sinceParameter", "updated_since")).append('=')
                    .append(URLEncoder.encode(watermark, StandardCharsets.UTF_8));
            sep = '&';
        }
        if (cursor != null) {
            url.append(sep).append(RouteVariables.text(exchange, "pageParameter", "cursor")).append('=')
                    .append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        String problem = urls.problem(RouteVariables.text(exchange, "url", null));
        if (problem != null) {
            throw new IllegalArgumentException("url " + problem);
        }
        String target = urls.forCall(url.toString());
        String header = RouteVariables.text(exchange, "credentialsHeader", null);
        String credentials = RouteVariables.text(exchange, "credentials", null);
        // route partner-poll-page: camel-http on a fixed endpoint, retried with back-off as declared there
        Exchange reply = template.send("direct:partner-poll-page", e -> {
            e.getMessage().setHeader(Exchange.HTTP_URI, target);
            e.getMessage().setHeader("Accept", "application/json");
            if (header != null && credentials != null) {
                e.getMessage().setHeader(header, credentials);
            }
        });
        if (reply.getException() != null) {
            throw new IOException(describe(reply.getException(), url), reply.getException());
        }
        return Json.MAPPER.readTree(reply.getMessage().getBody(String.class));
    }

    /** What went wrong, without the URL's query (the watermark and cursor say nothing useful in a log line). */
    private static String describe(Exception failure, StringBuilder url) {
        String where = url.indexOf("?") < 0 ? url.toString() : url.substring(0, url.indexOf("?"));
        if (failure instanceof org.apache.camel.http.base.HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode() + " from " + where;
        }
        return failure.getClass().getSimpleName() + " from " + where + ": " + failure.getMessage();
    }

    private PerThreadJsonata expression(String source) {
        return expressions.computeIfAbsent(source, PerThreadJsonata::new);
    }

    private static String later(String current, String candidate) {
        if (candidate == null) {
            return current;
        }
        try {
            return current == null || OffsetDateTime.parse(candidate).isAfter(OffsetDateTime.parse(current))
                    ? candidate : current;
        } catch (DateTimeParseException e) {
            return current;
        }
    }
}
