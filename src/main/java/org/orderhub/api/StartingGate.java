package org.orderhub.api;

import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the hub starts, every path answers JSON 503 with {@code Retry-After} instead of Vert.x's HTML 404 for
 * routes not added yet: installed on the HTTP server's router as soon as it exists, opened by
 * {@link #open()} once the hub's routes and the operator's route files are loaded.
 */
public final class StartingGate implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartingGate.class);
    private volatile boolean open;
    private volatile boolean installed;

    /**
     * Before the context starts its services. The HTTP server makes its router and listens within one start
     * step, with no hook between; a watcher thread gates the top-level router the moment the server sets it as
     * its request handler, while the server is still binding its port.
     */
    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        // spins (no sleep: between the server setting its router and accepting the first connection there are
        // a few milliseconds); it ends as soon as the gate is in place
        Thread watcher = new Thread(() -> {
            long until = System.nanoTime() + 60_000_000_000L;
            while (!install(context) && !open && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }, "starting-gate");
        watcher.setDaemon(true);
        watcher.setPriority(Thread.MAX_PRIORITY);
        watcher.start();
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        install(context);
    }

    /**
     * Gates the server's top-level router, which it sets as request handler just before it starts listening
     * (its Camel router is registered only later, after the first requests may have come in).
     */
    private boolean install(CamelContext context) {
        if (installed) {
            return true;
        }
        org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer server =
                context.hasService(org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer.class);
        io.vertx.core.http.HttpServer http = server == null ? null : server.getServer();
        if (http == null || !(http.requestHandler() instanceof io.vertx.ext.web.Router top)) {
            return false;
        }
        synchronized (this) {
            if (!installed) {
                top.route().order(-3000).handler(this::handle);
                installed = true;
            }
        }
        return true;
    }

    public void open() {
        open = true;
    }

    private void handle(RoutingContext ctx) {
        if (open) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(503).putHeader("Retry-After", "2").putHeader("Content-Type", "application/json")
                .end("{\"errorMessage\":\"The hub is starting; retry in a few seconds\"}");
    }
}
