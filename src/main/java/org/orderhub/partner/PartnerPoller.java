package org.orderhub.partner;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
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
 * The steps of a polled partner's run (SPEC 4.4, seed 000 "in the absence of webhooks"; route
 * partner-poll): every page of orders changed since the partner's watermark is fetched (the route's
 * camel-http step, with the retries the route declares), mapped and stored like webhook orders (one group commit
 * per page), and the watermark moves to the newest {@code updated_at} seen only after every page is
 * stored. A run that fails keeps the watermark, so the next run fetches the same orders again (stored
 * idempotently), and counts against the partner's circuit breaker (the circuitBreaker step of the Kamelet
 * orderhub-polled-partner, around the call of this route). The Kamelet sets the variables
 * {@code partner}, {@code url}, {@code credentialsHeader}, {@code credentials}, {@code sinceParameter},
 * {@code ordersPath}, {@code nextPage}, {@code pageParameter} and {@code mapping}.
 */
public final class PartnerPoller {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerPoller.class);
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final int MAX_PAGES = 10_000;
    /** Variables the steps leave for the next ones. */
    private static final String MORE = "pollMore";
    private static final String RUNNING = "pollRunning";
    private static final String STARTED = "pollStarted";
    private static final String WATERMARK = "pollWatermark";
    private static final String NEWEST = "pollNewest";
    private static final String CURSOR = "pollCursor";
    private static final String PAGES = "pollPages";
    private static final String STORED = "pollStored";
    private static final String REJECTED = "pollRejected";
    /** The run's lease holder: one run of a partner at a time, on every node (RunLeases). */
    private static final String LEASE = "pollLease";

    private final JsonataMappings mappings;
    private final OrderStore orders;
    private final HubState state;
    private final Map<String, PerThreadJsonata> expressions = new ConcurrentHashMap<>();
    private final java.util.Set<String> unconfigured = ConcurrentHashMap.newKeySet();

    private final PollerBreakers breakers;
    private final RejectedOrders rejections;
    private final OutboundUrls urls;
    private final org.orderhub.storage.RunLeases leases;

    public PartnerPoller(JsonataMappings mappings, OrderStore orders, RejectedOrders rejections, HubState state,
                         org.apache.camel.CamelContext context, org.orderhub.api.HubMeters meters, OutboundUrls urls,
                         org.orderhub.storage.RunLeases leases) {
        this.leases = leases;
        this.rejections = rejections;
        this.urls = urls;
        this.mappings = mappings;
        this.orders = orders;
        this.state = state;
        this.breakers = new PollerBreakers(context, meters);
    }

    /**
     * Step poll-start: a partner without a url has no run (an open circuit breaker never gets here)
     * ({@code pollMore} false); otherwise the run starts from the stored watermark.
     */
    public void start(Exchange exchange) throws Exception {
        exchange.setVariable(MORE, false);
        exchange.setVariable(RUNNING, false);
        String partner = partner(exchange);
        if (RouteVariables.text(exchange, "url", null) == null) {
            if (unconfigured.add(partner)) {
                LOG.warn("Poller {} has no url configured: it does not poll", partner);
            }
            return;
        }
        breakers.watch(partner);
        String lease = leases.acquire(runName(partner));
        if (lease == null) {
            LOG.debug("Poller {}: a run is still going (here or on another node): this one does not start", partner);
            return;
        }
        exchange.setVariable(LEASE, lease);
        String watermark = state.get(watermarkKey(partner)).orElse(null);
        exchange.setVariable(RUNNING, true);
        exchange.setVariable(STARTED, System.nanoTime());
        exchange.setVariable(WATERMARK, watermark);
        exchange.setVariable(NEWEST, watermark);
        exchange.setVariable(CURSOR, null);
        exchange.setVariable(PAGES, 0);
        exchange.setVariable(STORED, 0);
        exchange.setVariable(REJECTED, 0);
        exchange.setVariable(MORE, true);
    }

    /**
     * Step poll-page-request: the next page's URL (the partner's url with the watermark and the page
     * cursor) in CamelHttpUri, and the partner's credentials header; nothing else goes out.
     */
    public void pageRequest(Exchange exchange) throws java.sql.SQLException {
        leases.renew(runName(partner(exchange)), exchange.getVariable(LEASE, String.class));
        String base = RouteVariables.text(exchange, "url", null);
        String watermark = exchange.getVariable(WATERMARK, String.class);
        String cursor = exchange.getVariable(CURSOR, String.class);
        StringBuilder url = new StringBuilder(base);
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
        String problem = urls.problem(base);
        if (problem != null) {
            throw new IllegalArgumentException("url " + problem);
        }
        exchange.getMessage().getHeaders().clear(); // the trigger's headers and the last page's answer stay home
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_URI, urls.forCall(url.toString()));
        exchange.getMessage().setHeader("Accept", "application/json");
        String header = RouteVariables.text(exchange, "credentialsHeader", null);
        String credentials = RouteVariables.text(exchange, "credentials", null);
        if (header != null && credentials != null) {
            exchange.getMessage().setHeader(header, credentials);
        }
    }

    /**
     * Step poll-store-page: maps and checks every order of the fetched page, stores them together (one
     * group commit), keeps refused ones with their reason, and finds the next page's cursor.
     */
    public void storePage(Exchange exchange) throws Exception {
        String partner = partner(exchange);
        int pages = exchange.getVariable(PAGES, Integer.class);
        String newest = exchange.getVariable(NEWEST, String.class);
        JsonNode page = Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(null);
        Object plain = PLAIN.convertValue(page, Object.class);
        String ordersPath = RouteVariables.literal(exchange, "ordersPath", "orders");
        JsonNode found = Json.MAPPER.valueToTree(expression(ordersPath).evaluate(plain));
        if (found == null || !(found.isArray() || found.isObject())) {
            throw new IOException("page " + (pages + 1) + " of " + partner + " has no orders at " + ordersPath);
        }
        int stored = 0;
        int rejected = 0;
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
        String nextExpression = RouteVariables.literal(exchange, "nextPage", null);
        Object next = nextExpression == null ? null : expression(nextExpression).evaluate(plain);
        String cursor = next == null || next.toString().isBlank() ? null : next.toString();
        exchange.setVariable(NEWEST, newest);
        exchange.setVariable(CURSOR, cursor);
        exchange.setVariable(PAGES, pages + 1);
        exchange.setVariable(STORED, exchange.getVariable(STORED, Integer.class) + stored);
        exchange.setVariable(REJECTED, exchange.getVariable(REJECTED, Integer.class) + rejected);
        exchange.setVariable(MORE, cursor != null && pages + 1 < MAX_PAGES);
    }

    private static String runName(String partner) {
        return "poller:" + partner;
    }

    /** Step poll-move-watermark: every page is stored, so the watermark moves and the run counts as a success. */
    public void finish(Exchange exchange) throws Exception {
        if (!Boolean.TRUE.equals(exchange.getVariable(RUNNING, Boolean.class))) {
            return;
        }
        String partner = partner(exchange);
        String watermark = exchange.getVariable(WATERMARK, String.class);
        String newest = exchange.getVariable(NEWEST, String.class);
        String lease = exchange.getVariable(LEASE, String.class);
        if (newest != null && !newest.equals(watermark)) {
            leases.moveWatermark(runName(partner), lease, state, watermarkKey(partner), newest);
        }
        leases.release(runName(partner), lease);
        LOG.info("Poller {}: {} pages, {} orders stored, {} rejected, watermark {}", partner,
                exchange.getVariable(PAGES), exchange.getVariable(STORED), exchange.getVariable(REJECTED), newest);
    }

    /** When a run fails: it counts against the breaker, and one WARN line says why (the URL without its query). */
    public void failed(Exchange exchange) {
        String partner = partner(exchange);
        try {
            leases.release(runName(partner), exchange.getVariable(LEASE, String.class));
        } catch (java.sql.SQLException e) {
            LOG.debug("Poller {}: its lease lapses by itself ({})", partner, e.toString());
        }
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Poller {} run failed, watermark kept: {}", partner, describe(e, RouteVariables.text(exchange, "url", "")));
    }

    /**
     * The circuit breaker's fallback: a run the open breaker skipped ends quietly; a run that failed (and
     * was counted by the breaker) still ends its exchange failed, where operators look.
     */
    public void afterBreaker(Exchange exchange) throws Exception {
        // Camel's fallback holds the run's exception; a call the open breaker refused has none
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure == null) {
            LOG.debug("Poller {}: run skipped, circuit breaker open", partner(exchange));
            return;
        }
        // the run's own WARN line said why; no error handler after this one logs it again
        exchange.getExchangeExtension().setRedeliveryExhausted(true);
        throw failure;
    }

    private static String partner(Exchange exchange) {
        return RouteVariables.text(exchange, "partner", null);
    }

    private static String watermarkKey(String partner) {
        return "poller." + partner + ".watermark";
    }

    private void reject(String partner, int page, JsonNode raw, RuntimeException e) throws java.sql.SQLException {
        rejections.record(partner, raw.path("order_id").asText(null), e.getMessage(), raw);
        LOG.warn("Poller {} rejected an order on page {}: {}", partner, page + 1, e.getMessage());
    }

    /** What went wrong, without the URL's query (it may hold a token; the watermark and cursor say little). */
    private static String describe(Exception failure, String url) {
        String where = url.indexOf('?') < 0 ? url : url.substring(0, url.indexOf('?'));
        if (failure instanceof org.apache.camel.http.base.HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode() + " from " + where;
        }
        if (failure == null) {
            return "unknown failure";
        }
        if (failure instanceof IOException && !(failure instanceof com.fasterxml.jackson.core.JsonProcessingException)
                && failure.getMessage() != null && failure.getMessage().contains(" has no orders at ")) {
            return failure.getMessage();
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
