import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.Json;
import org.orderhub.order.OrderStore;
import org.orderhub.storage.Database;

/**
 * Bytes on disk per stored order with the hub's durable H2 settings: stores N Flyt-sized orders,
 * one commit each from 4 threads as live ingest does, then reports the data directory's size.
 * Run: java -cp target/orderhub.jar bench/DiskPerOrder.java [orders] [idle seconds after] [orders per second]
 * (no rate: as fast as the store goes)
 */
public class DiskPerOrder {

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("orderhub-disk");
        Database db = Database.open(null, null, null, dir, 8);
        db.start();
        OrderStore store = new OrderStore(db.dataSource(), Clock.systemUTC());
        AtomicInteger next = new AtomicInteger();
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i; (i = next.incrementAndGet()) <= orders; ) {
                    if (rate > 0) { // order i is due i/rate seconds after the start
                        long due = started + (long) (i / rate * 1e9);
                        Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                    }
                    store.upsert("flyt", order(i));
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - started) / 1e9;
        long open = size(dir);
        int settle = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        for (int waited = 10; waited <= settle; waited += 10) {
            Thread.sleep(10_000); // the hub idles; its compactor keeps working
            System.out.printf("disk_bytes_per_order_after_%ds_idle=%d%n", waited, size(dir) / orders);
        }
        db.stop();
        long closed = size(dir);
        System.out.printf("orders=%d%ningest_seconds=%.1f%norders_per_second=%.0f%n", orders, seconds, orders / seconds);
        System.out.printf("disk_bytes_running=%d%ndisk_bytes_per_order_running=%d%n", open, open / orders);
        System.out.printf("disk_bytes_closed=%d%ndisk_bytes_per_order_closed=%d%n", closed, closed / orders);
    }

    /** A canonical order shaped like seed 001's delivery sample after mapping. */
    static ObjectNode order(int i) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree("""
                {"order_id": "BBBBBBBBB:SkipTheDishes:SKIP-%1$d", "ref_id": "SKIP-%1$d", "site_id": "BBBBBBBBB",
                 "status": "created", "pickup_type": "delivery", "delivery_by": "partner",
                 "source_type": "delivery-by-delivery-partner", "origin": "SkipTheDishes",
                 "customer": {"name": "Hannah Customer", "email": "customer%1$d@example.com",
                              "phone": "+4479%2$08d"},
                 "driver": {"name": "John Driver", "phone": "+447910575785"},
                 "pickup_window": {"start": "2019-03-25T06:30:41Z", "end": "2019-03-25T06:30:41Z"},
                 "items": [{"sku": "11212121", "name": "Fish and Chips",
                            "description": "The tastiest Fish in the whole world", "quantity": 1, "price": 750,
                            "children": [{"sku": "11211", "name": "Extra Sauce",
                                          "description": "The greatest sauce in the world", "price": 150}]}],
                 "tags": ["fries"], "total": 900, "tax": 117, "currency": "GBP",
                 "payment": {"method": "CARD", "tender_type": "SKIP", "items_in_cart": {"inc_tax": 1017, "tax": 117},
                             "final": {"inc_tax": 1117, "tax": 117},
                             "adjustments": [{"name": "delivery fee", "price": {"inc_tax": 100, "tax": 0}}]},
                 "delivery": {"name": "Hannah Customer", "phone": "28 05 2003", "email": "integrations@flyt.io",
                              "line1": "13/16, Elm St", "line2": "Flyt", "city": "London", "postal_code": "WC1X 0BL",
                              "latitude": 51.509865, "longitude": -0.118092},
                 "notes": {"kitchen": "Notes for the kitchen", "collection": "Notes about the collection"},
                 "created_at": "2019-03-25T06:30:41Z"}
                """.formatted(i, i));
    }

    static long size(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
