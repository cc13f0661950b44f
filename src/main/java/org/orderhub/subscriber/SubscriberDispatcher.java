package org.orderhub.subscriber;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Processor;
import org.orderhub.api.WarnOnce;
import org.orderhub.api.RouteVariables;
import org.orderhub.mapping.MappingException;
import org.orderhub.mapping.OutboundMapping;
import org.orderhub.mapping.UnmappableInput;
import org.orderhub.security.OutboundUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick of a subscriber's route (SPEC 4.5): keeps the subscriber's filters registered, then sends
 * its due events — signed with Standard Webhooks, several orders at once, one order's events strictly
 * in turn — and records each result: delivered, retried later (schedule, or the receiver's
 * Retry-After on 429/503), or dead-lettered (schedule exhausted, 410 Gone, or an outbound mapping that
 * fails for the event). The route sets the variables {@code subscriber}, {@code url}, {@code secret},
 * {@code eventTypes}, {@code statuses}, {@code sites} and optionally {@code outboundMapping}.
 */
public final class SubscriberDispatcher implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberDispatcher.class);
    private static final long TICK_BUDGET_MILLIS = 10_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final long MAX_RETRY_AFTER_MILLIS = Duration.ofHours(24).toMillis();
    private static final long PURGE_EVERY_MILLIS = Duration.ofMinutes(10).toMillis();

    /** Settings shared by every subscriber. */
    public record Settings(RetrySchedule schedule, Duration requestTimeout, int concurrency, int batch,
                           Duration retention) {
        public static Settings of(String schedule, long requestTimeoutMillis, int concurrency, int batch,
                                  long retentionMillis) {
            return new Settings(RetrySchedule.parse(schedule), Duration.ofMillis(requestTimeoutMillis),
                    Math.max(1, concurrency), Math.max(1, batch), Duration.ofMillis(retentionMillis));
        }
    }

    private final Outbox outbox;
    private final Deliveries deliveries;
    private final SubscriberMetrics metrics;
    private final Settings settings;
    private final Clock clock;
    private final OutboundUrls urls;
    private final String node = "node-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final ProducerTemplate template;
    private final WarnOnce warnings = new WarnOnce(LOG);
    private volatile long lastPurge;

    /**
     * @param template sends each event through route subscriber-post (camel-http); its executor runs the
     *                 sends of several orders at once, each blocking on its HTTP call
     */
    public SubscriberDispatcher(Outbox outbox, Deliveries deliveries, SubscriberMetrics metrics, Settings settings,
                                Clock clock, OutboundUrls urls, ProducerTemplate template) {
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.urls = urls;
        this.template = template;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = variable(exchange, "subscriber");
        String url = variable(exchange, "url");
        String secret = variable(exchange, "secret");
        String mapping = variable(exchange, OutboundMapping.VARIABLE);
        Subscriber subscriber;
        String target;
        try {
            subscriber = Subscriber.of(name, variable(exchange, "eventTypes"), variable(exchange, "statuses"),
                    variable(exchange, "sites"));
            if (url == null || secret == null) {
                warnings.warn(name + "|unconfigured", "Subscriber {} has no {} configured: it receives nothing", name,
                        url == null ? "url" : "secret");
                return;
            }
            String problem = urls.problem(url);
            if (problem != null) {
                throw new IllegalArgumentException("subscriber " + name + ": url " + problem);
            }
            target = urls.forCall(url);
        } catch (IllegalArgumentException e) {
            warnings.warn(name + "|" + e.getMessage(), "Subscriber route refused: {}", e.getMessage());
            return;
        }
        outbox.register(subscriber);
        metrics.track(name);
        long started = System.currentTimeMillis();
        while (System.currentTimeMillis() - started < TICK_BUDGET_MILLIS) {
            Instant now = clock.instant();
            // the claim outlives the longest send (connect + request); a crashed node's claims lapse after it
            List<Deliveries.Due> due = deliveries.claim(name, node, now,
                    now.plus(settings.requestTimeout()).plus(CONNECT_TIMEOUT).plusSeconds(5), settings.batch());
            if (due.isEmpty()) {
                break;
            }
            deliveries.finish(name, clock.instant(), send(name, target, secret, mapping, due));
        }
        metrics.refresh(deliveries);
        purgeNowAndThen();
    }

    private List<Deliveries.Result> send(String name, String target, String secret, String mapping,
                                         List<Deliveries.Due> due) throws InterruptedException {
        Semaphore slots = new Semaphore(settings.concurrency());
        List<CompletableFuture<Deliveries.Result>> results = new ArrayList<>(due.size());
        for (Deliveries.Due event : due) {
            slots.acquire();
            byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
            // route subscriber-post: the subscriber's outbound mapping, the signature over the body as sent,
            // camel-http on one fixed endpoint with the subscriber's url in CamelHttpUri
            results.add(template.asyncSend("direct:subscriber-post", e -> {
                e.getMessage().setHeader(Exchange.HTTP_URI, target);
                e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                e.getMessage().setHeader("User-Agent", "orderhub");
                e.getMessage().setHeader("webhook-id", event.messageId());
                e.setVariable("secret", secret);
                e.setVariable(OutboundMapping.RECEIVER, "Subscriber " + name);
                if (mapping != null) {
                    e.setVariable(OutboundMapping.VARIABLE, mapping);
                }
                e.getMessage().setBody(body);
            }).handle((reply, failure) -> {
                slots.release();
                return outcome(name, event, reply, failure);
            }));
        }
        return results.stream().map(CompletableFuture::join).toList();
    }

    private Deliveries.Result outcome(String name, Deliveries.Due event, Exchange reply, Throwable failure) {
        int attempts = event.attempts() + 1;
        if (failure == null && reply.getException() != null) {
            failure = reply.getException();
        }
        if (failure instanceof MappingException || failure instanceof UnmappableInput) {
            // the subscriber's mapping cannot shape this event: retrying would fail the same way until the
            // operator fixes the file; dead now, with the reason, and replayable once fixed
            return dead(name, event, attempts, failure.getMessage());
        }
        int status = failure != null ? 0 : reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (failure == null && status / 100 == 2) {
            metrics.delivered(name);
            return new Deliveries.Result(event.eventId(), Deliveries.DELIVERED, attempts, null, null);
        }
        metrics.failed(name);
        String error = failure != null ? describe(failure) : "HTTP " + status;
        if (failure == null && status == 410) {
            return dead(name, event, attempts, error + " (Gone: the subscriber asked for no retries)");
        }
        OptionalLong wait = settings.schedule().waitAfter(attempts);
        if (wait.isEmpty()) {
            return dead(name, event, attempts, error);
        }
        long waitMillis = wait.getAsLong();
        if (failure == null && (status == 429 || status == 503)) {
            OptionalLong asked = retryAfter(reply.getMessage().getHeader("Retry-After", String.class));
            if (asked.isPresent()) {
                waitMillis = Math.min(asked.getAsLong(), MAX_RETRY_AFTER_MILLIS);
            }
        }
        LOG.debug("Subscriber {} event {} attempt {} failed ({}), next in {} ms", name, event.messageId(), attempts,
                error, waitMillis);
        return new Deliveries.Result(event.eventId(), Deliveries.PENDING, attempts,
                clock.instant().plusMillis(waitMillis), error);
    }

    private Deliveries.Result dead(String name, Deliveries.Due event, int attempts, String error) {
        metrics.dead(name);
        LOG.warn("Subscriber {} event {} ({} of order {}) dead-lettered after {} attempts: {}", name,
                event.messageId(), event.type(), event.orderPk(), attempts, error);
        return new Deliveries.Result(event.eventId(), Deliveries.DEAD, attempts, null, error);
    }

    /** Retry-After as seconds or an HTTP date, in milliseconds from now. */
    static OptionalLong retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        String v = value.trim();
        if (v.matches("[0-9]{1,9}")) {
            return OptionalLong.of(Long.parseLong(v) * 1000);
        }
        try {
            long millis = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
                    - System.currentTimeMillis();
            return OptionalLong.of(Math.max(0, millis));
        } catch (java.time.format.DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }

    private void purgeNowAndThen() throws java.sql.SQLException {
        long now = System.currentTimeMillis();
        if (now - lastPurge > PURGE_EVERY_MILLIS) {
            lastPurge = now;
            deliveries.purge(clock.instant().minus(settings.retention()));
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String variable(Exchange exchange, String name) {
        return RouteVariables.text(exchange, name, null);
    }
}
