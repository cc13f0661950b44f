package org.orderhub.order;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.Json;
import org.orderhub.storage.Database;

/**
 * Test helper run in its own JVM by {@link CrashSafetyTest}: stores orders from several threads and
 * prints {@code ACK <order_id>} the moment each upsert has returned, until it is killed. Arguments: the data
 * folder, and {@code true} to force each group commit to disk ({@link OrderStore#syncEachCommit()}).
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Database database = Database.open(null, null, null, Path.of(args[0]), 8);
        database.start();
        OrderStore store = new OrderStore(database.dataSource(), Clock.systemUTC());
        if (args.length > 1 && Boolean.parseBoolean(args[1])) {
            store.syncEachCommit();
        }
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
            new Thread(() -> {
                while (true) {
                    String orderId = "CRASH-" + next.incrementAndGet();
                    try {
                        ObjectNode order = (ObjectNode) Json.MAPPER.readTree("""
                                {"order_id": "%s", "site_id": "S1", "customer": {"phone": "+447910575785"},
                                 "total": 900, "currency": "GBP",
                                 "items": [{"sku": "11212121", "name": "Fish and Chips", "price": 750,
                                            "children": [{"sku": "11211", "name": "Extra Sauce", "price": 150}]}]}
                                """.formatted(orderId));
                        store.upsert("crash", order);
                        System.out.println("ACK " + orderId);
                    } catch (Exception e) {
                        System.out.println("FAIL " + orderId + " " + e);
                    }
                }
            }).start();
        }
    }
}
