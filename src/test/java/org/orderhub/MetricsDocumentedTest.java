package org.orderhub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The table of the metrics (docs/operations.md) to watch names only metrics that /observe/metrics really exposes: each
 * name in it (a trailing {@code _*} is a prefix) is found there once the hub has taken and refused an
 * order, run a poller and a subscriber.
 */
class MetricsDocumentedTest {

    private static final Pattern NAME = Pattern.compile("`([a-z][a-z0-9_]*(?:_\\*)?)`");

    /** The metric names of the first column of the table under "## Monitoring" (docs/operations.md). */
    static List<String> documented() throws Exception {
        String readme = Files.readString(Path.of("docs/operations.md"));
        String monitoring = readme.substring(readme.indexOf("## Monitoring"));
        monitoring = monitoring.substring(0, monitoring.indexOf("\n## ", 5));
        List<String> names = new ArrayList<>();
        for (String line : monitoring.lines().toList()) {
            String row = line.trim();
            if (!row.startsWith("| `")) {
                continue;
            }
            Matcher m = NAME.matcher(row.substring(0, row.indexOf('|', 1)));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void every_metric_the_readme_names_is_exposed() throws Exception {
        List<String> names = documented();
        assertTrue(names.size() >= 10, "docs/operations.md metric table: " + names);
        try (RunningHub hub = RunningHub.start(Map.of(
                "orderhub.routes-dir", ShippedRoutes.hubPayload(), "flybuy.url", "http://127.0.0.1:9/events", "flybuy.signing-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "pollster.url", "http://127.0.0.1:9/orders", "pollster.api-token", "poll-token-0123456789",
                "pollster.cron", "0/1 * * * * ?", "orderhub.poller.backoff", "10ms"))) {
            String body = new String(MetricsDocumentedTest.class.getResourceAsStream("/flyt/collection-by-customer.json")
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(200, hub.sendJson("POST", "/flyt/orders", "test-flyt-token-0123456789", body).statusCode());
            assertEquals(400, hub.sendJson("POST", "/flyt/orders", "test-flyt-token-0123456789", "{\"type\": \"nope\"}")
                    .statusCode());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String metrics = hub.get("/observe/metrics", RunningHub.ADMIN_KEY).body();
                for (String name : names) {
                    boolean prefix = name.endsWith("_*");
                    String wanted = prefix ? name.substring(0, name.length() - 1) : name;
                    assertTrue(metrics.lines().anyMatch(l -> !l.startsWith("#") && (prefix ? l.startsWith(wanted)
                            : l.startsWith(wanted + "{") || l.startsWith(wanted + " "))), name + " is not exposed");
                }
            });
        }
    }
}
