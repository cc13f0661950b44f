package org.orderhub.api;

import java.util.Map;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures the HTTP server answers before any route runs (unknown path, undecodable URL, body over
 * the size limit) get the same {@code {"errorMessage": ...}} body as every other error, not HTML.
 */
public final class JsonErrorPages implements StartupListener {

    /** Why a path that has no route is unavailable rather than unknown (a partner whose file was refused). */
    private final java.util.function.Function<String, String> unavailable;

    public JsonErrorPages(java.util.function.Function<String, String> unavailable) {
        this.unavailable = unavailable;
    }

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorPages.class);
    private static final Map<Integer, String> MESSAGES = Map.of(
            400, "Bad request: the URL, headers or form body could not be read; send JSON as application/json",
            404, "No such endpoint",
            405, "Method not allowed on this endpoint",
            413, "Request body too large",
            415, "Unsupported content type: send JSON as application/json",
            500, "The hub could not process this request");

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // routers exist only once the context has fully started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        DeclaredMethods declared = DeclaredMethods.of(context);
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().failureHandler(JsonErrorPages::failure);
            // no catch-all route: Vert.x itself answers 404 (no path matches) or 405 (the path is declared
            // for other methods), through the error handlers below, as it does e.g. 400 for a path whose
            // %-encoding cannot be decoded
            jsonErrors(router, declared);
        }
        // the server's top router, which mounts the ones above, decodes the path first
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        if (server != null && server.getServer() != null && server.getServer().requestHandler() instanceof Router top) {
            jsonErrors(top, declared);
        }
    }

    private void jsonErrors(Router router, DeclaredMethods declared) {
        MESSAGES.forEach((status, message) -> router.errorHandler(status, ctx -> reply(ctx, status, message)));
        router.errorHandler(405, ctx -> methodNotAllowed(ctx, declared));
        router.errorHandler(404, this::notFound);
    }

    /** 503 with Retry-After for a partner whose route file was refused: the partner retries until it is fixed. */
    private void notFound(RoutingContext ctx) {
        String reason = unavailable.apply(ctx.request().path());
        if (reason == null) {
            reply(ctx, 404, MESSAGES.get(404));
            return;
        }
        ctx.response().putHeader("Retry-After", "60");
        reply(ctx, 503, reason);
    }

    /** 405 for a path the REST DSL declares with other methods: the answer names them (and so does Allow). */
    private static void methodNotAllowed(RoutingContext ctx, DeclaredMethods declared) {
        java.util.Optional<DeclaredMethods.Path> path = declared.find(ctx.request().path());
        if (path.isEmpty() || ctx.response().ended()) {
            reply(ctx, 405, MESSAGES.get(405));
            return;
        }
        String allowed = String.join(", ", path.get().methods());
        ctx.response().putHeader("Allow", allowed);
        reply(ctx, 405, "Use " + allowed + " on " + path.get().template());
    }

    private static void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        Throwable failure = ctx.failure();
        if (failure instanceof io.vertx.core.http.HttpClosedException) {
            // a client that gave up mid-upload: nothing to answer, nothing wrong with the hub
            LOG.debug("Client closed the connection during {} {}", ctx.request().method(), ctx.request().path());
            return;
        }
        if (failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("multipart")) {
            status = 415; // Vert.x's body handler refuses a multipart content type on GET
        } else if (status < 400) {
            status = failure instanceof IllegalArgumentException ? 400 : 500;
        }
        if (status >= 500) {
            LOG.error("HTTP server failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        reply(ctx, status, MESSAGES.getOrDefault(status, status >= 500 ? MESSAGES.get(500) : MESSAGES.get(400)));
    }

    private static void reply(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.MAPPER.createObjectNode().put("errorMessage", message).toString());
    }
}
