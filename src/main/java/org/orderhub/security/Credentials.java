package org.orderhub.security;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's secrets. A configured value always wins; a secret that is not configured is generated
 * at first start, kept in {@code <data-dir>/secrets.properties} and printed once, so a newcomer can
 * use the hub at once and no known secret ever ships.
 */
public final class Credentials {

    public static final String API_KEYS = "orderhub.api-keys";
    public static final String ADMIN_KEYS = "orderhub.admin-keys";
    public static final String FLYT_TOKEN = "orderhub.flyt.token";
    /** Optional keys for Prometheus scrapers: they open /observe/metrics and nothing else. Never generated. */
    public static final String METRICS_KEYS = "orderhub.metrics-keys";
    /**
     * Optional keys for receivers that poll the changes feed, each {@code key} or {@code key@SITE1|SITE2} to
     * limit it to some sites. Never generated: without them the feed is closed.
     */
    public static final String FEED_KEYS = "orderhub.feed-keys";
    /** A configured key shorter than this is refused at start: it could be guessed. */
    public static final int MIN_KEY_LENGTH = 16;

    /** Each secret and the prefix its generated values carry, so a leaked key tells what it opens. */
    private static final Map<String, String> GENERATED_PREFIX = Map.of(
            API_KEYS, "ohk_", ADMIN_KEYS, "oha_", FLYT_TOKEN, "ohf_");

    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, KeySet> keySets;
    private final FeedKeys feedKeys;

    private Credentials(Map<String, KeySet> keySets, FeedKeys feedKeys) {
        this.keySets = keySets;
        this.feedKeys = feedKeys;
    }

    /**
     * @param settings       looks a setting up by name; null or blank means not configured
     * @param sharedDatabase true when other nodes may share this hub's database: a generated secret,
     *                       kept in this node's data directory, is unknown to them
     */
    public static Credentials load(Function<String, String> settings, Path dataDir, boolean sharedDatabase)
            throws IOException {
        Path file = dataDir.resolve("secrets.properties");
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                stored.load(in);
            }
        }
        Map<String, KeySet> sets = new LinkedHashMap<>();
        boolean generated = false;
        for (String name : List.of(API_KEYS, ADMIN_KEYS, FLYT_TOKEN)) {
            String configured = settings.apply(name);
            String value;
            if (configured != null && !configured.isBlank()) {
                value = checkLength(name, configured);
            } else if (stored.getProperty(name) != null) {
                value = stored.getProperty(name);
                LOG.info("{} is not configured: using the value generated at first start, kept in {}", name, file);
            } else {
                value = GENERATED_PREFIX.get(name) + randomToken();
                stored.setProperty(name, value);
                generated = true;
                LOG.warn("{} is not configured: generated {} (kept in {}; shown only this once)", name, value, file);
            }
            if (sharedDatabase && (configured == null || configured.isBlank())) {
                LOG.warn("{} is not configured but the database may be shared: other nodes will not accept this "
                        + "node's generated value; configure the same {} on every node", name, name);
            }
            sets.put(name, new KeySet(split(value)));
        }
        if (generated) {
            save(stored, file);
        }
        String metrics = settings.apply(METRICS_KEYS);
        sets.put(METRICS_KEYS, new KeySet(metrics == null || metrics.isBlank() ? List.of()
                : split(checkLength(METRICS_KEYS, metrics))));
        FeedKeys feed = FeedKeys.parse(settings.apply(FEED_KEYS));
        checkLength(FEED_KEYS, String.join(",", feed.keyList()));
        sets.put(FEED_KEYS, new KeySet(feed.keyList()));
        return new Credentials(sets, feed);
    }

    private static String checkLength(String name, String value) {
        for (String key : split(value)) {
            if (key.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException(name + ": every key must be at least " + MIN_KEY_LENGTH
                        + " characters long (one is " + key.length() + "); use a random value, e.g. openssl rand -hex 24");
            }
        }
        return value;
    }

    /** The feed keys with the sites each may read. */
    public FeedKeys feedKeys() {
        return feedKeys;
    }

    public KeySet keys(String name) {
        return keySets.get(name);
    }

    static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void save(Properties secrets, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            secrets.store(out, "Generated by orderhub at first start. Configure these settings to replace them.");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
