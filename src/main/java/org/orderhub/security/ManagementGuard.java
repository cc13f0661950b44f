package org.orderhub.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps metrics and Jolokia (JMX over HTTP) for operators: they answer only with an admin key, as
 * {@code Authorization: Bearer <key>} or as the password of Basic auth (what hawtio's connect form
 * sends). Health stays open so load balancers can probe it.
 */
public final class ManagementGuard implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementGuard.class);
    private static final String[] GUARDED = {"/observe/metrics*", "/observe/jolokia*"};
    private static final String REFUSAL = "{\"errorMessage\":\"Management endpoints need an admin key: "
            + "Authorization: Bearer <key from orderhub.admin-keys>\"}";

    private final KeySet adminKeys;

    public ManagementGuard(KeySet adminKeys) {
        this.adminKeys = adminKeys;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the HTTP servers are up only once the context has started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        var routers = context.getRegistry().findByType(VertxPlatformHttpRouter.class);
        for (VertxPlatformHttpRouter router : routers) {
            for (String path : GUARDED) {
                router.route(path).order(-1000).handler(this::check);
            }
        }
        LOG.info("Metrics and Jolokia require an admin key ({} router(s) guarded)", routers.size());
    }

    private void check(RoutingContext ctx) {
        if (adminKeys.match(presentedKey(ctx.request())) >= 0) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401)
                .putHeader("Content-Type", "application/json")
                .putHeader("WWW-Authenticate", "Bearer realm=\"orderhub\"")
                .end(REFUSAL);
    }

    static String presentedKey(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null) {
            return null;
        }
        String bearer = BearerAuth.bearerToken(header);
        if (bearer != null) {
            return bearer;
        }
        String h = header.trim();
        if (h.length() > 6 && h.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
