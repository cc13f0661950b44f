package org.orderhub.subscriber;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.RouteVariables;
import org.orderhub.api.Json;
import org.orderhub.order.ChangedOrders;
import org.orderhub.order.OrderStore;
import org.orderhub.partner.WebhookSignature;
import org.orderhub.storage.HubState;
import org.orderhub.tracking.TrackingView;
import org.orderhub.security.OutboundUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a scheduled export (SPEC 4.5): POSTs the orders changed since the export's watermark as
 * JSON arrays in the tracking schema (SPEC 4.2), a batch at a time, and moves the watermark past each
 * batch only once the receiver answered 2xx. A failed run keeps it, so the next run sends the batch
 * again. Changes younger than the settle time wait for the next run, so a transaction still
 * committing cannot be skipped. The route sets {@code export}, {@code url}, optional {@code secret}
 * (Standard Webhooks signature) and {@code batchSize}.
 */
public final class OrderExport implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(OrderExport.class);
    private static final int MAX_BATCH = 5_000;

    private final OrderStore orders;
    private final HubState state;
    private final Clock clock;
    private final OutboundUrls urls;
    private final Duration settle;
    private final Duration requestTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public OrderExport(OrderStore orders, HubState state, Clock clock, Duration settle, Duration requestTimeout,
                       OutboundUrls urls) {
        this.orders = orders;
        this.state = state;
        this.clock = clock;
        this.urls = urls;
        this.settle = settle;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = variable(exchange, "export");
        String url = variable(exchange, "url");
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            warnOnce("name|" + name, "Export route refused: export must be 1 to 64 characters a-z, 0-9, '.', '_' or '-'");
            return;
        }
        if (url == null) {
            warnOnce(name, "Export {} has no url configured: it sends nothing", name);
            return;
        }
        String problem = urls.problem(url);
        if (problem != null) {
            warnOnce(name + "|url", "Export {} refused: its url {}", name, problem);
            return;
        }
        int batch;
        try {
            String size = variable(exchange, "batchSize");
            batch = size == null ? 500 : Math.min(MAX_BATCH, Math.max(1, Integer.parseInt(size)));
        } catch (NumberFormatException e) {
            warnOnce(name + "|batchSize", "Export {} refused: batchSize must be a number", name);
            return;
        }
        String key = "export." + name + ".watermark";
        ChangedOrders.Mark mark = state.get(key).map(ChangedOrders.Mark::parse).orElse(null);
        OffsetDateTime until = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minus(settle);
        int sent = 0;
        try {
            while (true) {
                ChangedOrders page = orders.changedSince(mark, until, batch);
                if (page.orders().isEmpty()) {
                    break;
                }
                post(URI.create(url), variable(exchange, "secret"), name, page);
                mark = page.last();
                state.put(key, mark.toString());
                sent += page.orders().size();
                if (page.orders().size() < batch) {
                    break;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Export {} stopped after {} orders, watermark kept at {}: {}", name, sent, mark, e.getMessage());
            return;
        }
        if (sent > 0) {
            LOG.info("Export {} sent {} changed orders, watermark {}", name, sent, mark);
        }
    }

    private void post(URI url, String secret, String name, ChangedOrders page) throws IOException, InterruptedException {
        byte[] body = Json.MAPPER.writeValueAsBytes(TrackingView.render(page.orders()));
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("Content-Type", "application/json").header("User-Agent", "orderhub")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            String id = "exp_" + name + "_" + page.last().id() + "_" + page.last().changedAt().toInstant().toEpochMilli();
            long timestamp = clock.instant().getEpochSecond();
            request.header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSignature.sign(secret, id, timestamp, body));
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the receiver answered HTTP " + response.statusCode());
        }
    }

    private void warnOnce(String key, String message, Object... args) {
        if (warned.add(key)) {
            LOG.warn(message, args);
        }
    }

    private static String variable(Exchange exchange, String name) {
        return RouteVariables.text(exchange, name, null);
    }
}
