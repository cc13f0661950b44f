package org.orderhub.api;

import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the hub starts, every path answers JSON 503 with {@code Retry-After} instead of Vert.x's HTML 404 for
 * routes not added yet: installed on the HTTP router as soon as it exists, opened by {@link #open()} once
 * the hub's routes and the operator's route files are loaded.
 */
public final class StartingGate implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartingGate.class);
    private volatile boolean open;
    private boolean installed;

    /**
     * Before the context starts its services. The HTTP server makes its router and listens within one start
     * step, with no hook between; a watcher thread gates the router the moment it is registered, while the
     * server is still binding its port.
     */
    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        Thread watcher = new Thread(() -> {
            long until = System.nanoTime() + 60_000_000_000L;
            while (!install(context) && !open && System.nanoTime() < until) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        }, "starting-gate");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        install(context);
    }

    private synchronized boolean install(CamelContext context) {
        if (!installed) {
            for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
                router.route().order(-3000).handler(this::handle);
                installed = true;
            }
        }
        return installed;
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
