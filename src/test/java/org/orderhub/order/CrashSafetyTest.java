package org.orderhub.order;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.orderhub.HubProcess;
import org.orderhub.storage.Database;

/** kill -9 in the middle of a stream of writes: every acknowledged order is there after restart, once. */
class CrashSafetyTest {

    @RepeatedTest(3)
    void every_acknowledged_order_survives_kill_minus_nine() throws Exception {
        killInTheMiddleAndCheck(false);
    }

    /** orderhub.db.fsync: each group commit forced to the device (CHECKPOINT SYNC) still answers and survives. */
    @Test
    void with_each_commit_forced_to_disk_every_acknowledged_order_survives_kill_minus_nine() throws Exception {
        killInTheMiddleAndCheck(true);
    }

    private static void killInTheMiddleAndCheck(boolean fsync) throws Exception {
        Path dataDir = Files.createTempDirectory("orderhub-crash");
        Set<String> acknowledged = new HashSet<>();
        List<String> lines;
        try (HubProcess writer = HubProcess.start(CrashWriter.class, List.of(), dataDir.toString(),
                Boolean.toString(fsync))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> writer.output().stream().filter(l -> l.startsWith("ACK ")).count() >= 500);
            writer.kill();
            lines = List.copyOf(writer.output());
        }
        for (String line : lines) {
            if (line.startsWith("ACK ")) {
                acknowledged.add(line.substring(4));
            }
            assertTrue(!line.startsWith("FAIL"), line);
        }

        Database reopened = Database.open(null, null, null, dataDir, 2);
        try (Connection c = reopened.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT order_id, (SELECT COUNT(*) FROM order_items i WHERE i.order_pk = o.id) "
                     + "FROM orders o WHERE source = 'crash'")) {
            Set<String> stored = new HashSet<>();
            while (rs.next()) {
                assertTrue(stored.add(rs.getString(1)), "stored twice: " + rs.getString(1));
                assertEquals(2, rs.getInt(2), "order " + rs.getString(1) + " has all its item lines");
            }
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            assertTrue(lost.isEmpty(), lost.size() + " of " + acknowledged.size() + " acknowledged orders lost: " + lost);
        } finally {
            reopened.stop();
        }
    }
}
