package org.orderhub.subscriber;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.apache.camel.Exchange;
import org.orderhub.api.WarnOnce;
import org.orderhub.api.RouteVariables;
import org.orderhub.api.Json;
import org.orderhub.order.ChangedOrders;
import org.orderhub.order.OrderStore;
import org.orderhub.storage.HubState;
import org.orderhub.tracking.TrackingView;
import org.orderhub.security.OutboundUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a scheduled export's run (SPEC 4.5, route order-export): the orders changed since the
 * export's watermark go out as JSON arrays in the tracking schema (SPEC 4.2), a batch at a time, POSTed
 * by the route's camel-http step; the watermark moves past a batch only once the receiver answered 2xx.
 * A failed POST fails the run and keeps the watermark, so the next run sends the batch again. Orders come
 * in commit order (change numbers), so a transaction that commits late is sent late, never skipped. The
 * export's route sets {@code export}, {@code url}, optional {@code secret} (Standard
 * Webhooks signature) and {@code batchSize}.
 */
public final class OrderExport {

    private static final Logger LOG = LoggerFactory.getLogger(OrderExport.class);
    private static final int MAX_BATCH = 5_000;
    /** Variables the steps leave for the next ones. */
    static final String MORE = "exportMore";
    static final String BATCH = "exportBatch";
    private static final String BATCH_SIZE = "exportBatchSize";
    private static final String TARGET = "exportTarget";
    private static final String MARK = "exportMark";
    /** When the run began (a mail export names its file after it). */
    static final String UNTIL = "exportUntil";
    static final String NEXT_MARK = "exportNextMark";
    private static final String SENT = "exportSent";
    /** The run's lease holder: one run of an export at a time, on every node (RunLeases). */
    static final String LEASE = "exportLease";

    private final OrderStore orders;
    private final HubState state;
    private final Clock clock;
    private final OutboundUrls urls;
    private final org.orderhub.storage.RunLeases leases;
    private final WarnOnce warnings = new WarnOnce(LOG);

    public OrderExport(OrderStore orders, HubState state, Clock clock, OutboundUrls urls,
                       org.orderhub.storage.RunLeases leases) {
        this.leases = leases;
        this.orders = orders;
        this.state = state;
        this.clock = clock;
        this.urls = urls;
    }

    /**
     * Step export-check-settings: the export's name, url and batch size. A wrong one is logged once and
     * the run sends nothing ({@code exportMore} false); the run's limits are fixed here.
     */
    public void settings(Exchange exchange) throws Exception {
        exchange.setVariable(MORE, false);
        String name = variable(exchange, "export");
        String url = variable(exchange, "url");
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            warnings.warn("name|" + name, "Export route refused: export must be 1 to 64 characters a-z, 0-9, '.', '_' or '-'");
            return;
        }
        if (url == null) {
            warnings.warn(name, "Export {} has no url configured: it sends nothing", name);
            return;
        }
        String target;
        try {
            target = urls.forCall(url);
        } catch (IllegalArgumentException e) {
            warnings.warn(name + "|url", "Export {} refused: its url {}", name, e.getMessage());
            return;
        }
        int batch;
        try {
            String size = variable(exchange, "batchSize");
            batch = size == null ? 500 : Math.min(MAX_BATCH, Math.max(1, Integer.parseInt(size)));
        } catch (NumberFormatException e) {
            warnings.warn(name + "|batchSize", "Export {} refused: batchSize must be a number", name);
            return;
        }
        String lease = leases.acquire(runName(name));
        if (lease == null) {
            LOG.debug("Export {}: a run is still going (here or on another node): this one does not start", name);
            return;
        }
        exchange.setVariable(LEASE, lease);
        exchange.setVariable(TARGET, target);
        exchange.setVariable(BATCH_SIZE, batch);
        exchange.setVariable(MARK, state.get(watermarkKey(name)).orElse(null));
        exchange.setVariable(UNTIL, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        exchange.setVariable(SENT, 0);
        exchange.setVariable(MORE, true);
    }

    /**
     * Step export-next-batch: the next orders changed after the watermark, as the body to POST (the steps
     * after it map each order when the export names a mapping, and sign the batch when it has a secret);
     * {@code exportBatch} is how many, 0 when none are left.
     */
    public void nextBatch(Exchange exchange) throws Exception {
        String name = variable(exchange, "export");
        leases.renew(runName(name), exchange.getVariable(LEASE, String.class));
        String markText = exchange.getVariable(MARK, String.class);
        ChangedOrders.Mark mark = markText == null ? null : ChangedOrders.Mark.parse(markText);
        int batch = exchange.getVariable(BATCH_SIZE, Integer.class);
        ChangedOrders page = orders.changedSince(mark, batch, null);
        exchange.getMessage().getHeaders().clear(); // nothing of the previous answer goes out again
        exchange.setVariable(BATCH, page.orders().size());
        exchange.setVariable(MORE, page.orders().size() == batch);
        if (page.orders().isEmpty()) {
            exchange.getMessage().setBody(null);
            return;
        }
        exchange.setVariable(NEXT_MARK, page.last().toString());
        exchange.getMessage().setBody(Json.MAPPER.writeValueAsBytes(TrackingView.render(page.orders())));
        exchange.getMessage().setHeader(Exchange.HTTP_URI, exchange.getVariable(TARGET, String.class));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader("User-Agent", "orderhub");
        if (variable(exchange, "secret") != null) { // signed by the next steps, after any outbound mapping
            exchange.getMessage().setHeader("webhook-id",
                    "exp_" + name + "_" + page.last().seq() + "_" + page.last().id());
        }
    }

    /** Step export-move-watermark: the receiver took the batch (2xx), so the next one starts after it. */
    public void moveWatermark(Exchange exchange) throws Exception {
        String next = exchange.getVariable(NEXT_MARK, String.class);
        String name = variable(exchange, "export");
        leases.moveWatermark(runName(name), exchange.getVariable(LEASE, String.class), state, watermarkKey(name), next);
        exchange.setVariable(MARK, next);
        exchange.setVariable(SENT, exchange.getVariable(SENT, Integer.class) + exchange.getVariable(BATCH, Integer.class));
    }

    /** Step export-report: one INFO line for a run that sent something; the run's lease is let go. */
    public void report(Exchange exchange) throws Exception {
        leases.release(runName(variable(exchange, "export")), exchange.getVariable(LEASE, String.class));
        Integer sent = exchange.getVariable(SENT, Integer.class);
        if (sent != null && sent > 0) {
            LOG.info("Export {} sent {} changed orders, watermark {}", variable(exchange, "export"), sent,
                    exchange.getVariable(MARK, String.class));
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(null);
    }

    /** When a run fails: one WARN line, naming the receiver's answer but not its URL (it may hold a token). */
    public void failed(Exchange exchange) {
        release(leases, exchange);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = e instanceof org.apache.camel.http.base.HttpOperationFailedException http
                ? "the receiver answered HTTP " + http.getStatusCode()
                : e == null ? "unknown failure" : e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.warn("Export {} stopped after {} orders, watermark kept at {}: {}", variable(exchange, "export"),
                exchange.getVariable(SENT, Integer.class), exchange.getVariable(MARK, String.class), why);
    }

    /** An export's run name for its lease (exports by URL and by e-mail share it, as they share the watermark). */
    static String runName(String export) {
        return "export:" + export;
    }

    /** Lets a run's lease go, if it took one; one that cannot be let go lapses by itself. */
    static void release(org.orderhub.storage.RunLeases leases, Exchange exchange) {
        try {
            leases.release(runName(variable(exchange, "export")), exchange.getVariable(LEASE, String.class));
        } catch (java.sql.SQLException e) {
            LOG.debug("Export lease not let go ({}); it lapses by itself", e.toString());
        }
    }

    /** Where an export's watermark is kept; exports by URL and by e-mail share it (export names are unique). */
    static String watermarkKey(String name) {
        return "export." + name + ".watermark";
    }

    private static String variable(Exchange exchange, String name) {
        return RouteVariables.text(exchange, name, null);
    }
}
