package org.orderhub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.orderhub.partner.FakePartnerApi;

/**
 * A poller runs one run at a time across nodes (issue 24), counted from the very first moment: two nodes on
 * one PostgreSQL are started together, again and again, with a partner API slow enough that two overlapping
 * runs would be seen at once. Each run holds its lease in the database; Quartz's own non-concurrency is not a
 * lock across nodes (its recovery at a node's first check-in frees blocked triggers).
 */
class OneRunAtATimeTest {

    @Test
    void two_nodes_started_together_again_and_again_never_overlap_two_runs_of_a_poller() throws Exception {
        String database = TestDatabase.createDatabase("runs_" + ProcessHandle.current().pid());
        try (FakePartnerApi partner = new FakePartnerApi()) {
            for (int i = 1; i <= 250; i++) {
                partner.put(i, "new", Instant.parse("2024-10-10T10:00:00Z").plusSeconds(i)); // three pages
            }
            partner.answerMillis = 300;
            List<String> settings = new ArrayList<>(TestDatabase.postgresSettings(database).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList());
            settings.addAll(List.of("orderhub.flyt.token=runs-flyt-token-0123456789",
                    "orderhub.api-keys=runs-api-key-0123456789", "orderhub.admin-keys=" + RunningHub.ADMIN_KEY,
                    "pollster.url=" + partner.url(), "pollster.api-token=" + FakePartnerApi.TOKEN,
                    "pollster.cron=0/1 * * * * ?", "orderhub.runs.lease-time=10s"));
            for (int round = 0; round < 3; round++) {
                int before = partner.requests.get();
                int portA = RunningHub.freePort();
                int portB = RunningHub.freePort();
                try (HubProcess a = node(settings, portA); HubProcess b = node(settings, portB)) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> HubProcess.healthStatus(portA) == 200
                            && HubProcess.healthStatus(portB) == 200);
                    await().atMost(Duration.ofSeconds(30)).until(() -> partner.requests.get() >= before + 6);
                }
                partner.put(1000 + round, "new", Instant.now()); // a change for the next round to fetch
            }
            assertEquals(1, partner.mostAtOnce.get(), "two runs of the poller overlapped");
            assertTrue(partner.requests.get() >= 18, "the poller ran: " + partner.requests.get());
        }
    }

    private static HubProcess node(List<String> settings, int port) throws IOException {
        List<String> own = new ArrayList<>(settings);
        own.add("camel.server.port=" + port);
        own.add("orderhub.data-dir=" + Files.createTempDirectory("orderhub-node"));
        return HubProcess.start(App.class, own);
    }
}
