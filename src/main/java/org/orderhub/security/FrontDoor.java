package org.orderhub.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.orderhub.api.ApiException;
import org.orderhub.api.InboundRefusals;
import org.orderhub.partner.WebhookPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every HTTP request, before Vert.x reads the body: what can be refused from the
 * request head is refused here, so an anonymous client cannot make the hub buffer anything.
 * <ul>
 *   <li>credentials of each family (Flyt, tracking, admin, metrics, Jolokia, health details) from the
 *       one {@code Authorization} header; a valid key always passes, a wrong one gets 429 instead of 401
 *       after repeated wrong keys from one client address ({@link ClientAddress}: behind a trusted proxy,
 *       the address it forwards);</li>
 *   <li>a partner's signature headers ({@code webhookHeaders});</li>
 *   <li>a cap on request bytes in flight, in all and per client address (503 beyond it), a deadline
 *       for the whole body and an idle timeout per connection.</li>
 * </ul>
 * The routes check credentials and signatures again as visible steps; this only stops early.
 */
public final class FrontDoor implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(FrontDoor.class);
    private static final List<String> HEALTH_DETAIL_PARAMETERS = List.of("exposureLevel", "stackTrace", "data");

    /** Which keys open which paths. */
    public record Families(KeyCheck flyt, KeyCheck tracking, KeyCheck feed, KeyCheck admin, KeyCheck metrics,
                           KeyCheck jolokia) {
    }

    /** Settings; times in milliseconds. */
    public record Limits(long maxBodyBytes, InFlightBytes inFlight, long bodyTimeout, long idleTimeout,
                         ClientAddress clients) {
    }

    private final Families families;
    private final FailedAuthentications failures;
    private final BiFunction<String, Function<String, String>, ApiException> webhookHeaders;
    private final Limits limits;
    private final InboundRefusals inboundRefused;

    /**
     * @param inboundRefused told the source ({@code flyt} or the partner) and status of each inbound order
     *                       refused here, so refusals are counted as they were when the routes refused them
     */
    public FrontDoor(Families families, FailedAuthentications failures,
                     BiFunction<String, Function<String, String>, ApiException> webhookHeaders, Limits limits,
                     InboundRefusals inboundRefused) {
        this.families = families;
        this.failures = failures;
        this.webhookHeaders = webhookHeaders;
        this.limits = limits;
        this.inboundRefused = inboundRefused;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the HTTP routers exist once the context has fully started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        if (server != null && server.getServer() != null) {
            HttpServerHardening.apply(server.getServer(), limits.idleTimeout());
        }
        var routers = context.getRegistry().findByType(VertxPlatformHttpRouter.class);
        for (VertxPlatformHttpRouter router : routers) {
            router.route().order(-1000).handler(this::handle);
        }
        LOG.info("HTTP front door on {} router(s): credentials and signature headers checked before bodies are "
                + "read; at most {} KiB of request bodies in flight", routers.size(), limits.inFlight().total() / 1024);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.version() == HttpVersion.HTTP_2) {
            // h2c is off (HttpServerHardening); should a stream get here all the same, its connection goes
            request.connection().close();
            return;
        }
        String path = ctx.normalizedPath();
        String client = limits.clients().of(request);
        ApiException refusal = authenticate(path, request, client);
        if (refusal == null && path.startsWith(WebhookPaths.PREFIX)) {
            refusal = webhookHeaders.apply(path, request::getHeader);
        }
        if (refusal != null) {
            refuse(ctx, refusal);
            return;
        }
        admit(ctx, client, announcedBytes(request));
    }

    private void admit(RoutingContext ctx, String client, long bytes) {
        if (bytes > 0 && !reserve(ctx, client, bytes)) {
            refuse(ctx, new ApiException(503, "The hub is receiving too much data at once; retry shortly",
                    Map.of("Retry-After", "1")));
            return;
        }
        ctx.next();
    }

    private ApiException authenticate(String path, HttpServerRequest request, String client) {
        KeyCheck family = family(path, request);
        if (family == null) {
            return null;
        }
        List<String> headers = request.headers().getAll("Authorization");
        ApiException refusal = family.refusal(headers);
        boolean presented = headers.size() == 1 && !headers.get(0).isBlank();
        if (refusal == null || !presented || refusal.status() == 403) {
            return refusal; // a valid key is never refused, whatever others sent from the same address
        }
        long wait = failures.retryAfterSeconds(client);
        if (wait > 0) {
            return new ApiException(429, "Too many wrong keys from this address; retry in " + wait + " s",
                    Map.of("Retry-After", Long.toString(wait)));
        }
        failures.failed(client);
        return refusal;
    }

    private KeyCheck family(String path, HttpServerRequest request) {
        if (path.startsWith("/flyt/")) {
            return families.flyt();
        } else if (path.equals("/orders/changes") || path.startsWith("/orders/changes/")) {
            return families.feed();
        } else if (path.equals("/orders") || path.startsWith("/orders/")) {
            return families.tracking();
        } else if (path.equals("/admin") || path.startsWith("/admin/")) {
            return families.admin();
        } else if (path.startsWith("/observe/metrics")) {
            return families.metrics();
        } else if (path.startsWith("/observe/jolokia")) {
            return families.jolokia();
        } else if (path.startsWith("/observe/health")
                && HEALTH_DETAIL_PARAMETERS.stream().anyMatch(p -> request.getParam(p) != null)) {
            return families.jolokia(); // details name partners and subscribers: admins only
        }
        return null;
    }

    /** Content-Length, or the most a body of unknown length may reach. */
    private long announcedBytes(HttpServerRequest request) {
        if (request.isEnded()) {
            return 0;
        }
        String length = request.getHeader("Content-Length");
        if (length != null) {
            try {
                return Math.min(Long.parseLong(length.trim()), limits.maxBodyBytes());
            } catch (NumberFormatException e) {
                return limits.maxBodyBytes(); // the server itself refuses it
            }
        }
        String encoding = request.getHeader("Transfer-Encoding");
        boolean chunked = encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        return chunked ? limits.maxBodyBytes() : 0; // HTTP/1.1 without either header has no body
    }

    private boolean reserve(RoutingContext ctx, String client, long bytes) {
        if (!limits.inFlight().reserve(client, bytes)) {
            LOG.debug("Request bytes in flight at their cap: refused {} bytes from {}", bytes, client);
            return false;
        }
        HttpServerRequest request = ctx.request();
        AtomicBoolean released = new AtomicBoolean();
        long timer = ctx.vertx().setTimer(limits.bodyTimeout(), id -> {
            if (!request.isEnded()) {
                LOG.debug("Dropping a request from {}: its body did not arrive within {} ms", client,
                        limits.bodyTimeout());
                drop(request);
            }
        });
        ctx.addEndHandler(done -> {
            if (released.compareAndSet(false, true)) {
                limits.inFlight().release(client, bytes);
                ctx.vertx().cancelTimer(timer);
            }
        });
        return true;
    }

    /**
     * Answers a refusal without ever buffering the body. A body still on its way is read and thrown away,
     * and the answer sent once it has arrived, so a client that writes its whole request before reading
     * (most do) still gets the answer; a body larger than the limit, or slower than the body timeout,
     * gets the connection closed.
     */
    private void refuse(RoutingContext ctx, ApiException refusal) {
        HttpServerRequest request = ctx.request();
        String path = ctx.normalizedPath();
        if (path.startsWith("/flyt/")) {
            inboundRefused.refused("flyt", refusal.status(), refusal.getMessage());
        } else if (WebhookPaths.partner(path) != null) {
            inboundRefused.refused(WebhookPaths.partner(path), refusal.status(), refusal.getMessage());
        }
        boolean unread = !request.isEnded() && (request.getHeader("Content-Length") != null
                || request.getHeader("Transfer-Encoding") != null);
        if (!unread) {
            answer(ctx, refusal, false);
        } else if (announcedBytes(request) > limits.maxBodyBytes()
                || lengthAbove(request, limits.maxBodyBytes())) {
            answer(ctx, refusal, true);
        } else {
            AtomicLong seen = new AtomicLong();
            long timer = ctx.vertx().setTimer(limits.bodyTimeout(), id -> drop(request));
            request.exceptionHandler(closed -> ctx.vertx().cancelTimer(timer));
            request.handler(chunk -> {
                if (seen.addAndGet(chunk.length()) > limits.maxBodyBytes()) {
                    drop(request);
                }
            });
            request.endHandler(end -> {
                ctx.vertx().cancelTimer(timer);
                answer(ctx, refusal, false);
            });
            request.resume();
        }
    }

    private static boolean lengthAbove(HttpServerRequest request, long max) {
        try {
            String length = request.getHeader("Content-Length");
            return length != null && Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void answer(RoutingContext ctx, ApiException refusal, boolean thenDrop) {
        HttpServerRequest request = ctx.request();
        var response = ctx.response().setStatusCode(refusal.status()).putHeader("Content-Type", "application/json");
        refusal.headers().forEach(response::putHeader);
        if (thenDrop) {
            response.putHeader("Connection", "close"); // the body is never read
        }
        String body = "{\"errorMessage\":" + io.vertx.core.json.Json.encode(refusal.getMessage()) + "}";
        response.end(body).onComplete(sent -> {
            if (thenDrop) {
                drop(request);
            }
        });
    }

    /** Stops reading a body: closes the connection (only HTTP/1.1 gets here). */
    private static void drop(HttpServerRequest request) {
        request.connection().close();
    }
}
