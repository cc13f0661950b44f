package org.orderhub.partner;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetVariableDefinition;
import org.apache.camel.model.language.ConstantExpression;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.orderhub.api.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.orderhub.security.WebhookSignature;

/**
 * The signature checks of each partner's webhook that need no body, so the HTTP server can refuse an
 * unsigned or unconfigured delivery before it reads (and buffers) the body. Learnt from each
 * {@code /webhooks/...} route as it starts, from the constant signature settings it declares; a route
 * whose settings are not constants gets no early check (its own signature step still runs).
 */
public final class WebhookHeaderChecks extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHeaderChecks.class);

    private final CamelContext context;
    private final Clock clock;
    private final Map<String, Check> byPath = new ConcurrentHashMap<>();

    /** A route's early check: its signature, or (signature null) why the partner cannot take deliveries. */
    private record Check(String routeId, String partner, WebhookSignature signature, String unconfigured,
                         Map<String, String> settings) {
    }

    /**
     * The settings (signatureScheme, signatureSecret, signatureHeader, mapping) of the partner's running
     * webhook route, placeholders resolved; empty when it has none the hub can use.
     */
    public Map<String, String> settings(String partner) {
        Check check = byPath.get(WebhookPaths.of(partner));
        return check == null ? Map.of() : check.settings();
    }

    public WebhookHeaderChecks(CamelContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    /**
     * Refuses a request to {@code path} whose headers already show it cannot pass the partner's signature
     * step: 401 as that step would answer, 503 with Retry-After while the partner has no secret the hub can
     * use (nothing is read or kept: a request that cannot prove who sent it stores nothing, and the partner's
     * retry is taken once the secret is set). Null lets it in.
     */
    public ApiException refusal(String path, Function<String, String> headers) {
        Check check = byPath.get(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        if (check == null) {
            return null;
        }
        if (check.signature() == null) {
            return new WebhookNotConfigured(check.unconfigured());
        }
        try {
            check.signature().checkHeaders(headers, clock.instant().getEpochSecond());
            return null;
        } catch (ApiException refused) {
            return refused;
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteStartedEvent || event instanceof CamelEvent.RouteStoppedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Route route = ((CamelEvent.RouteEvent) event).getRoute();
        if (!(route.getEndpoint() instanceof PlatformHttpEndpoint http) || WebhookPaths.partner(http.getPath()) == null) {
            return;
        }
        String path = http.getPath();
        if (event instanceof CamelEvent.RouteStoppedEvent) {
            byPath.computeIfPresent(path, (p, check) -> check.routeId().equals(route.getRouteId()) ? null : check);
            return;
        }
        byPath.remove(path);
        RouteDefinition definition = context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinition(route.getRouteId());
        Map<String, String> settings = definition == null ? null : constantVariables(definition);
        if (settings == null) {
            LOG.debug("Route {} sets its signature settings at run time: no early header check", route.getRouteId());
            return;
        }
        String partner = WebhookPaths.partner(path);
        String scheme = settings.getOrDefault("signatureScheme", WebhookSignature.STANDARD_WEBHOOKS);
        String secret = settings.get("signatureSecret");
        WebhookSignature signature = null;
        String unconfigured = "Partner " + partner + " is not configured to receive webhooks yet: no webhook "
                + "secret is set; retry later";
        try {
            if (WebhookSignature.NONE.equals(scheme) || secret != null && !secret.isBlank()) {
                signature = new WebhookSignature(scheme, secret, settings.get("signatureHeader"));
            }
        } catch (IllegalArgumentException misconfigured) {
            // said when the route starts, not first at a partner's delivery
            LOG.warn("Partner {} ({}): webhook signature settings refused: {}; its deliveries are answered 503 "
                    + "until they are fixed", partner, route.getSourceLocationShort(), misconfigured.getMessage());
            unconfigured = "Partner " + partner + " is not configured to receive webhooks: its signature settings "
                    + "are not usable; retry later";
        }
        Map<String, String> kept = new HashMap<>();
        settings.forEach((k, v) -> {
            if (v != null) {
                kept.put(k, v);
            }
        });
        byPath.put(path, new Check(route.getRouteId(), partner, signature, unconfigured, Map.copyOf(kept)));
    }

    /** The Kamelet every partner file calls, and its parameter names as the signature step's variables. */
    static final String KAMELET = "kamelet:orderhub-webhook-partner";

    /**
     * The route's signature settings, placeholders resolved: the parameters of its call of the webhook Kamelet,
     * or its constant setVariable values; null if a signature setting is not constant.
     */
    private Map<String, String> constantVariables(RouteDefinition definition) {
        Map<String, Object> templateParameters = definition.getTemplateParameters();
        Map<String, String> values = new HashMap<>();
        for (ProcessorDefinition<?> step : definition.getOutputs()) {
            if (step instanceof org.apache.camel.model.ToDefinition to && to.getUri() != null
                    && to.getUri().startsWith(KAMELET)) {
                return kameletParameters(to.getUri());
            }
        }
        for (ProcessorDefinition<?> step : definition.getOutputs()) {
            if (step instanceof SetVariableDefinition set && set.getName().startsWith("signature")) {
                if (!(set.getExpression() instanceof ConstantExpression constant)) {
                    return null;
                }
                String text = constant.getExpression();
                if (templateParameters != null) {
                    for (Map.Entry<String, Object> p : templateParameters.entrySet()) {
                        text = text.replace("{{" + p.getKey() + "}}", String.valueOf(p.getValue()));
                    }
                }
                try {
                    values.put(set.getName(), context.resolvePropertyPlaceholders(text));
                } catch (RuntimeException unresolved) {
                    return null;
                }
            }
        }
        return values;
    }

    /** The Kamelet call's parameters as the Kamelet receives them: split on '&', nothing decoded. */
    private Map<String, String> kameletParameters(String uri) {
        Map<String, String> parameters = new HashMap<>();
        int q = uri.indexOf('?');
        for (String pair : q < 0 ? new String[0] : uri.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    parameters.put(pair.substring(0, eq), context.resolvePropertyPlaceholders(pair.substring(eq + 1)));
                } catch (RuntimeException unresolved) {
                    return null;
                }
            }
        }
        Map<String, String> values = new HashMap<>();
        values.put("signatureScheme", parameters.getOrDefault("signatureScheme", WebhookSignature.STANDARD_WEBHOOKS));
        values.put("signatureSecret", parameters.get("secret"));
        values.put("signatureHeader", parameters.get("signatureHeader"));
        values.put("mapping", parameters.get("mapping"));
        return values;
    }
}
