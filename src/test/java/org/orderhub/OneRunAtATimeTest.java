package org.orderhub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orderhub.partner.FakePartnerApi;
import org.orderhub.subscriber.FakeSubscriber;

/**
 * A poller and an export run one run at a time across nodes (issue 24), counted from the very first moment:
 * two nodes on one PostgreSQL, each under its own pinned {@code orderhub.node-id}, are started together again
 * and again — every other round ended by kill -9 in the middle of runs — with a partner API and an export
 * receiver slow enough that two overlapping runs would be seen at once. A node that comes back takes back its
 * own former life's leases and Quartz triggers at once: the lease time here (60 s) is longer than a round may
 * take, so a run left locked by the killed node would fail the round. The suite starts them 3 times;
 * {@code -Dorderhub.test.start-rounds=20} runs the acceptance's 20.
 */
class OneRunAtATimeTest {

    private static final int ROUNDS = Integer.getInteger("orderhub.test.start-rounds", 3);

    @Test
    void two_nodes_started_together_again_and_again_never_overlap_two_runs_of_a_poller_or_an_export() throws Exception {
        String database = TestDatabase.createDatabase("runs_" + ProcessHandle.current().pid());
        Map<String, String> db = TestDatabase.postgresSettings(database);
        try (FakePartnerApi partner = new FakePartnerApi(); FakeSubscriber receiver = new FakeSubscriber()) {
            for (int i = 1; i <= 250; i++) {
                partner.put(i, "new", Instant.parse("2024-10-10T10:00:00Z").plusSeconds(i)); // three pages
            }
            partner.answerMillis = 300;
            receiver.answerMillis = 300;
            List<String> settings = new ArrayList<>(db.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            settings.addAll(List.of("orderhub.flyt.token=runs-flyt-token-0123456789",
                    "orderhub.api-keys=runs-api-key-0123456789", "orderhub.admin-keys=" + RunningHub.ADMIN_KEY,
                    "pollster.url=" + partner.url(), "pollster.api-token=" + FakePartnerApi.TOKEN,
                    "pollster.cron=0/1 * * * * ?", "support-ai.export-url=" + receiver.url(),
                    "support-ai.signing-secret=" + FakeSubscriber.SECRET, "support-ai.export-cron=0/1 * * * * ?",
                    "orderhub.runs.lease-time=60s", "orderhub.scheduler.checkin-interval=2s"));
            Node a = new Node("node-a", RunningHub.freePort(), Files.createTempDirectory("orderhub-node"));
            Node b = new Node("node-b", RunningHub.freePort(), Files.createTempDirectory("orderhub-node"));
            for (int round = 0; round < ROUNDS; round++) {
                int polls = partner.requests.get();
                int posts = receiver.attempts().size();
                try (HubProcess nodeA = a.start(settings); HubProcess nodeB = b.start(settings)) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> HubProcess.healthStatus(a.port) == 200
                            && HubProcess.healthStatus(b.port) == 200);
                    int round1 = round + 1;
                    await("round " + round1 + ": both runs go on after the restart").atMost(Duration.ofSeconds(40))
                            .until(() -> partner.requests.get() >= polls + 6 && receiver.attempts().size() > posts);
                    if (round % 2 == 1) {
                        nodeA.kill(); // in the middle of whatever runs are going: their leases stay behind
                        nodeB.kill();
                    }
                }
                partner.put(1000 + round, "new", Instant.now()); // a change for the next round to fetch
                exportEverythingAgain(db);
            }
            assertEquals(1, partner.mostAtOnce.get(), "two runs of the poller overlapped");
            assertEquals(1, receiver.mostAtOnce.get(), "two runs of the export overlapped");
            assertTrue(receiver.accepted().size() >= ROUNDS, "the export ran: " + receiver.accepted().size());
        }
    }

    /** The next round's export starts from the beginning, so its runs have batches to send. */
    private static void exportEverythingAgain(Map<String, String> db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.get("orderhub.db.url"), db.get("orderhub.db.user"),
                db.get("orderhub.db.password")); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM hub_state WHERE state_key = 'export.support-ai.watermark'");
        }
    }

    /** A node as an orchestrator keeps it: the same name, port and data folder at every start. */
    private record Node(String id, int port, Path dataDir) {
        HubProcess start(List<String> settings) throws IOException {
            List<String> own = new ArrayList<>(settings);
            own.add("orderhub.node-id=" + id);
            own.add("camel.server.port=" + port);
            own.add("orderhub.data-dir=" + dataDir);
            return HubProcess.start(App.class, own);
        }
    }
}
