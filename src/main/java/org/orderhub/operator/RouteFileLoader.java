package org.orderhub.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.orderhub.partner.WebhookPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one operator route file at a time into Camel (checked first by {@link RouteFileCheck}): a file's
 * routes, its Kamelet instance routes among them, replace the ones its previous version had; a refused
 * file's previous version keeps running. Keeps where each file stands for the admin API and health.
 * Called by {@link RouteFiles}' single scanner thread.
 */
final class RouteFileLoader {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]+}}");

    private final CamelContext context;
    private final Path directory;
    private final Clock clock;
    private final Placeholders placeholders;
    private final RouteFileCheck check;
    private final Map<Path, Loaded> loaded = new HashMap<>();
    private final Map<String, RouteFileState> states = new ConcurrentHashMap<>();

    RouteFileLoader(CamelContext context, Path directory, Clock clock, Placeholders placeholders, RouteFileCheck check) {
        this.context = context;
        this.directory = directory;
        this.clock = clock;
        this.placeholders = placeholders;
        this.check = check;
    }

    RouteFileCheck.Checked check(String text) {
        return check.check(text);
    }

    List<RouteFileState> states() {
        return List.copyOf(new TreeMap<>(states).values());
    }

    List<RouteFileState> refused() {
        return states().stream().filter(s -> !s.loaded()).toList();
    }

    /** Loads again each loaded file whose placeholders resolve differently now (the settings file changed). */
    void reloadWhereSettingsChanged() {
        for (Map.Entry<Path, Loaded> e : new ArrayList<>(loaded.entrySet())) {
            if (!e.getValue().placeholders().equals(placeholders(read(e.getKey())))) {
                load(e.getKey());
            }
        }
    }

    /** The path a file serves: from its platform-http URI, or for a partner file too broken to read, its name. */
    private static String webhookPath(String name, String text) {
        String served = WebhookPaths.served(text);
        if (served != null) {
            return served;
        }
        return name.startsWith("partners/") ? WebhookPaths.of(name.substring(9).replace(".camel.yaml", "")) : null;
    }

    /**
     * Why a path with no route at this instant is unavailable rather than unknown: its file was refused, or
     * its file is loaded and its route is being replaced (Camel removes the old route before it starts the
     * new one); null for a path no file serves.
     */
    public String unavailable(String path) {
        for (RouteFileState s : states.values()) {
            if (path.equals(s.webhookPath())) {
                String partner = WebhookPaths.partner(path);
                return s.loaded() ? "Partner " + partner + " is being reloaded; retry in a moment"
                        : "Partner " + partner + " cannot take deliveries now: its route file " + s.file()
                        + " was refused (" + s.problems().get(0) + "); retry later";
            }
        }
        return null;
    }

    private record Loaded(Set<String> routeIds, Map<String, String> placeholders) {
    }

    /** Checks and loads one file: its routes replace the ones it had, or it is refused and those keep running. */
    void load(Path file) {
        String name = directory.relativize(file).toString();
        String text = read(file);
        if (text == null) {
            return;
        }
        RouteFileCheck.Checked checked;
        try {
            checked = check.check(text);
        } catch (RuntimeException | StackOverflowError unexpected) {
            checked = new RouteFileCheck.Checked(List.of(new RouteFileCheck.Problem(1, null,
                    "the file could not be checked: " + unexpected.getClass().getSimpleName())), Map.of(), List.of());
        }
        List<RouteFileCheck.Problem> problems = new ArrayList<>(checked.problems());
        Set<String> previous = loaded.containsKey(file) ? loaded.get(file).routeIds() : Set.of();
        checked.routeIds().forEach((id, line) -> {
            Route other = context.getRoute(id);
            if (other != null && !previous.contains(id)) {
                problems.add(new RouteFileCheck.Problem(line, null, "the route id " + id + " is already used by "
                        + usedBy(id, other)));
            }
        });
        if (problems.isEmpty()) {
            try {
                Resource resource = ResourceHelper.fromString("file:" + file.toAbsolutePath(), checked.loadable(text));
                Set<String> ids = new java.util.LinkedHashSet<>(PluginHelper.getRoutesLoader(context)
                        .updateRoutes(List.of(resource)));
                checked.calls().forEach(call -> ids.add(call.instance())); // replaced in place by the reload
                for (String stale : previous) {
                    if (!ids.contains(stale)) {
                        remove(stale);
                    }
                }
                loaded.put(file, new Loaded(Set.copyOf(ids), placeholders(text)));
                states.put(name, new RouteFileState(name, true, List.of(), List.copyOf(ids), clock.instant(),
                        webhookPath(name, text)));
                String path = WebhookPaths.served(text);
                LOG.info("Loaded {}{}: routes {}", name, path == null ? "" : " (POST " + path + ")", ids);
                return;
            } catch (Exception | StackOverflowError refusedByCamel) {
                RouteFileCheck.Problem problem = RouteFileCheck.Problem.refusedByCamel(refusedByCamel);
                // Camel's message may quote the URI it built, resolved values included: never a secret
                problems.add(new RouteFileCheck.Problem(problem.line(), problem.parameter(),
                        placeholders.unresolve(problem.reason(), text)));
            }
        }
        states.put(name, new RouteFileState(name, false, List.copyOf(problems), List.copyOf(previous), clock.instant(),
                webhookPath(name, text)));
        LOG.warn("Refused {}: {}{}", name, problems.stream().map(Object::toString)
                .reduce((a, b) -> a + "; " + b).orElse(""), previous.isEmpty() ? ""
                : "; its previous version keeps running");
    }

    /** The operator's file that loaded a route, else where Camel says it comes from. */
    private String usedBy(String routeId, Route route) {
        for (RouteFileState s : states.values()) {
            if (s.loaded() && s.routes().contains(routeId)) {
                return s.file();
            }
        }
        return route.getSourceLocationShort() == null ? "the hub" : route.getSourceLocationShort();
    }

    void unload(Path file) {
        String name = directory.relativize(file).toString();
        Loaded was = loaded.remove(file);
        states.remove(name);
        if (was != null) {
            was.routeIds().forEach(this::remove);
            LOG.info("Removed {}: routes {} stopped", name, was.routeIds());
        }
    }

    private void remove(String routeId) {
        try {
            context.getRouteController().stopRoute(routeId);
            context.removeRoute(routeId);
        } catch (Exception e) {
            LOG.warn("Route {} could not be removed: {}", routeId, e.toString());
        }
    }

    /** Each placeholder of the file and what it resolves to now: when these change, the file is loaded again. */
    private Map<String, String> placeholders(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text != null) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                String value;
                try {
                    value = String.valueOf(context.resolvePropertyPlaceholders(m.group()));
                } catch (RuntimeException unresolved) {
                    value = "\u0000unresolved";
                }
                values.put(m.group(), Integer.toHexString(value.hashCode()) + ":" + value.length());
            }
        }
        return values;
    }


    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
