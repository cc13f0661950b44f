package org.orderhub.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.orderhub.partner.WebhookPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's route files under {@code routes/}: each is checked ({@link RouteFileCheck}) and loaded on
 * its own, so a broken file is refused (with one WARN line naming file, line and reason) while every other
 * file, and the version of that file that ran before, keeps running. Present at start, a broken file is
 * skipped and the hub starts. The folder is scanned every {@code interval}: a file added, changed (and
 * settled) or removed takes effect, and so does a change of the settings file that a loaded file's
 * placeholders resolve differently (a partner's new secret or URL).
 */
public final class RouteFiles extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]+}}");

    /** Where a file stands: loaded (its routes run) or refused (with the problems; an older version may run). */
    public record FileState(String file, boolean loaded, List<RouteFileCheck.Problem> problems, List<String> routes,
                            Instant checkedAt, String webhookPath) {
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
        for (FileState s : states.values()) {
            if (path.equals(s.webhookPath())) {
                String partner = WebhookPaths.partner(path);
                return s.loaded() ? "Partner " + partner + " is being reloaded; retry in a moment"
                        : "Partner " + partner + " cannot take deliveries now: its route file " + s.file()
                        + " was refused (" + s.problems().get(0) + "); retry later";
            }
        }
        return null;
    }

    private record Seen(long modified, long size) {
    }

    private record Loaded(Set<String> routeIds, Map<String, String> placeholders) {
    }

    private final CamelContext context;
    private final Path directory;
    private final Path settingsFile;
    private final MappingFiles mappings;
    private final long intervalMillis;
    private final Clock clock;
    private RouteFileCheck check;
    private Placeholders placeholders;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Map<Path, Seen> settling = new HashMap<>();
    private final Map<Path, Loaded> loaded = new HashMap<>();
    private final Map<String, FileState> states = new ConcurrentHashMap<>();
    private Seen settingsSeen;
    private ScheduledExecutorService scanner;

    public RouteFiles(CamelContext context, Path directory, Path settingsFile, MappingFiles mappings,
                      long intervalMillis, Clock clock) {
        this.context = context;
        this.directory = directory;
        this.settingsFile = settingsFile;
        this.mappings = mappings;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /** Checks a file's text as it would be checked when loaded, loading nothing. */
    public RouteFileCheck.Checked check(String text) {
        return check.check(text);
    }

    /** Every file seen, by its path under the routes folder. */
    public List<FileState> states() {
        return List.copyOf(new TreeMap<>(states).values());
    }

    public List<FileState> refused() {
        return states().stream().filter(s -> !s.loaded()).toList();
    }

    public Path directory() {
        return directory;
    }

    /** Loads every file present now (a broken one is refused, the hub starts), then keeps watching. */
    @Override
    protected void doStart() throws Exception {
        placeholders = new Placeholders(context.getPropertiesComponent()::resolveProperty,
                context.getPropertiesComponent()::hasPropertiesFunction);
        check = new RouteFileCheck(KameletCatalog.load(context), placeholders, mappings.compiler()::problem);
        settingsSeen = seen(settingsFile);
        mappings.changed();
        scan(true);
        scanner = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "route-files");
        scanner.scheduleWithFixedDelay(this::scanQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        LOG.info("Route files under {}: {} loaded, {} refused; watching for changes every {} ms", directory,
                loaded.size(), refused().size(), intervalMillis);
    }

    @Override
    protected void doStop() {
        if (scanner != null) {
            context.getExecutorServiceManager().shutdownNow(scanner);
        }
    }

    private void scanQuietly() {
        try {
            synchronized (this) {
                settingsChanged();
                if (mappings.changed()) {
                    for (FileState refused : refused()) {
                        load(directory.resolve(refused.file())); // the mapping it names may be there now
                    }
                }
                scan(false);
            }
            lastScan = clock.instant();
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) { // whatever one file does, the next scan still runs: reloading never stops
            LOG.warn("Scanning {} failed: {}", directory, e.toString());
        }
    }

    /** Whether the folder was scanned within the last {@code 10 × interval} (at least 30 s): DOWN in health if not. */
    public boolean scanning() {
        java.time.Instant last = lastScan;
        return last == null || last.isAfter(clock.instant().minusMillis(Math.max(30_000, 10 * intervalMillis)));
    }

    private volatile java.time.Instant lastScan;

    /**
     * Waits until every route file and the settings file, as they are on disk when called, have been taken up
     * (loaded or refused), at most the time a change takes to settle and load: a replay right after an
     * operator's fix runs through the fixed files.
     */
    public void awaitCurrent() {
        try {
            if (!awaitCurrent(3 * intervalMillis + 5_000)) {
                LOG.info("Route files under {} are still changing: going on with those loaded now", directory);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("Scanning {} failed: {}", directory, e.toString());
        }
    }

    private boolean awaitCurrent(long timeoutMillis) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Map<Path, Seen> onDisk = new HashMap<>();
        for (Path file : present()) {
            onDisk.put(file, seen(file));
        }
        Seen settingsOnDisk = seen(settingsFile);
        while (true) {
            synchronized (this) {
                boolean current = java.util.Objects.equals(settingsOnDisk, settingsSeen) && onDisk.entrySet().stream()
                        .allMatch(e -> e.getValue() == null || e.getValue().equals(seen.get(e.getKey())));
                if (current) {
                    return true;
                }
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(Math.min(100, intervalMillis));
        }
    }

    private List<Path> present() throws IOException {
        List<Path> present = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.filter(p -> p.getFileName().toString().endsWith(".camel.yaml") && Files.isRegularFile(p))
                        .sorted().forEach(present::add);
            }
        }
        return present;
    }

    /** A file is loaded once it has looked the same on two scans (a file being written is not read half). */
    private void scan(boolean atStart) throws IOException {
        List<Path> present = present();
        for (Path file : present) {
            Seen now = seen(file);
            if (now == null || now.equals(seen.get(file))) {
                continue;
            }
            if (!atStart && !now.equals(settling.put(file, now))) {
                continue; // changed since the last scan: wait until it settles
            }
            settling.remove(file);
            seen.put(file, now);
            load(file);
        }
        for (Path gone : new ArrayList<>(seen.keySet())) {
            if (!present.contains(gone)) {
                seen.remove(gone);
                settling.remove(gone);
                unload(gone);
            }
        }
    }

    /** The settings file changed: reload it, and every file whose placeholders now resolve differently. */
    private void settingsChanged() {
        Seen now = seen(settingsFile);
        if (now == null || now.equals(settingsSeen)) {
            return;
        }
        settingsSeen = now;
        context.getPropertiesComponent().reloadProperties("file:" + settingsFile.getFileName());
        LOG.info("Settings reloaded from {}", settingsFile);
        for (Map.Entry<Path, Loaded> e : new ArrayList<>(loaded.entrySet())) {
            if (!e.getValue().placeholders().equals(placeholders(read(e.getKey())))) {
                load(e.getKey());
            }
        }
        for (FileState refused : refused()) {
            load(directory.resolve(refused.file())); // a missing setting may be there now
        }
    }

    private void load(Path file) {
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
                states.put(name, new FileState(name, true, List.of(), List.copyOf(ids), clock.instant(),
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
        states.put(name, new FileState(name, false, List.copyOf(problems), List.copyOf(previous), clock.instant(),
                webhookPath(name, text)));
        LOG.warn("Refused {}: {}{}", name, problems.stream().map(Object::toString)
                .reduce((a, b) -> a + "; " + b).orElse(""), previous.isEmpty() ? ""
                : "; its previous version keeps running");
    }

    /** The operator's file that loaded a route, else where Camel says it comes from. */
    private String usedBy(String routeId, Route route) {
        for (FileState s : states.values()) {
            if (s.loaded() && s.routes().contains(routeId)) {
                return s.file();
            }
        }
        return route.getSourceLocationShort() == null ? "the hub" : route.getSourceLocationShort();
    }

    private void unload(Path file) {
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

    private static Seen seen(Path file) {
        try {
            return new Seen(Files.getLastModifiedTime(file).toMillis(), Files.size(file));
        } catch (IOException e) {
            return null;
        }
    }
}
