package org.orderhub.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.support.service.ServiceSupport;
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

    private record Seen(long modified, long size) {
    }

    private final CamelContext context;
    private final Path directory;
    private final Path settingsFile;
    private final MappingFiles mappings;
    private final long intervalMillis;
    private final Clock clock;
    private RouteFileLoader loader;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Map<Path, Seen> settling = new HashMap<>();
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
        return loader.check(text);
    }

    /** Every file seen, by its path under the routes folder. */
    public List<RouteFileState> states() {
        return loader.states();
    }

    public List<RouteFileState> refused() {
        return loader.refused();
    }

    /** Why a webhook path with no route at this instant is unavailable rather than unknown; null if no file serves it. */
    public String unavailable(String path) {
        return loader.unavailable(path);
    }

    public Path directory() {
        return directory;
    }

    /** Loads every file present now (a broken one is refused, the hub starts), then keeps watching. */
    @Override
    protected void doStart() throws Exception {
        Placeholders placeholders = new Placeholders(context.getPropertiesComponent()::resolveProperty,
                context.getPropertiesComponent()::hasPropertiesFunction);
        loader = new RouteFileLoader(context, directory, clock, placeholders,
                new RouteFileCheck(KameletCatalog.load(context), placeholders, mappings.compiler()::problem));
        settingsSeen = seen(settingsFile);
        mappings.changed();
        scan(true);
        scanner = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "route-files");
        scanner.scheduleWithFixedDelay(this::scanQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        LOG.info("Route files under {}: {} loaded, {} refused; watching for changes every {} ms", directory,
                states().size() - refused().size(), refused().size(), intervalMillis);
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
                    for (RouteFileState refused : refused()) {
                        loader.load(directory.resolve(refused.file())); // the mapping it names may be there now
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
            loader.load(file);
        }
        for (Path gone : new ArrayList<>(seen.keySet())) {
            if (!present.contains(gone)) {
                seen.remove(gone);
                settling.remove(gone);
                loader.unload(gone);
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
        loader.reloadWhereSettingsChanged();
        for (RouteFileState refused : refused()) {
            loader.load(directory.resolve(refused.file())); // a missing setting may be there now
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
