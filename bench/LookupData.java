import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.orderhub.storage.Database;

/**
 * Fills a hub data directory with N orders for the tracking lookup benchmark, straight through JDBC in
 * large transactions (not over HTTP one at a time). Customer c of C has phone +44 7 9xx and email
 * customer{c}@example.com; order i belongs to customer i mod C, so each customer has N/C orders.
 * Run: java -cp target/orderhub.jar bench/LookupData.java <data-dir> [orders=1000000] [customers=200000]
 */
public class LookupData {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int customers = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        Database db = Database.open(null, null, null, dir, 4);
        db.start();
        OffsetDateTime start = OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        long began = System.nanoTime();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            PreparedStatement order = c.prepareStatement("INSERT INTO orders (id, source, order_id, ref_id, site_id, "
                    + "status, pickup_type, origin, customer_name, customer_email, customer_phone, email_key, phone_key, "
                    + "total, tax, currency, details, created_at, updated_at, changed_at) "
                    + "VALUES (?, 'bench', ?, ?, 'BBBBBBBBB', ?, 'pickup', 'SkipTheDishes', ?, ?, ?, ?, ?, 900, 117, 'GBP', ?, ?, ?, ?)");
            PreparedStatement item = c.prepareStatement("INSERT INTO order_items (order_pk, line_no, parent_line, sku, "
                    + "name, description, quantity, price) VALUES (?, ?, ?, ?, ?, ?, 1, ?)");
            String[] statuses = {"created", "accepted", "preparing", "ready", "completed", "cancelled"};
            for (int i = 1; i <= orders; i++) {
                int customer = i % customers;
                String phone = phone(customer);
                String email = "customer" + customer + "@example.com";
                OffsetDateTime created = start.plusSeconds((long) i * 31);
                order.setLong(1, 1_000_000_000L + i);
                order.setString(2, "BENCH-" + i);
                order.setString(3, "REF-" + i);
                order.setString(4, statuses[i % statuses.length]);
                order.setString(5, "Customer " + customer);
                order.setString(6, email);
                order.setString(7, phone);
                order.setString(8, email);
                order.setString(9, phone.substring(phone.length() - 7));
                order.setString(10, "{\"tags\":[\"fries\"],\"pickup_window\":{\"start\":\"" + created.plusMinutes(20)
                        + "\",\"end\":\"" + created.plusMinutes(20) + "\"},\"notes\":{\"kitchen\":\"no salt\"}}");
                order.setObject(11, created);
                order.setObject(12, created);
                order.setObject(13, created);
                order.addBatch();
                item.setLong(1, 1_000_000_000L + i);
                item.setInt(2, 1);
                item.setNull(3, java.sql.Types.INTEGER);
                item.setString(4, "11212121");
                item.setString(5, "Fish and Chips");
                item.setString(6, "The tastiest Fish in the whole world");
                item.setLong(7, 750);
                item.addBatch();
                item.setLong(1, 1_000_000_000L + i);
                item.setInt(2, 2);
                item.setInt(3, 1);
                item.setString(4, "11211");
                item.setString(5, "Extra Sauce");
                item.setString(6, "The greatest sauce in the world");
                item.setLong(7, 150);
                item.addBatch();
                if (i % 5_000 == 0 || i == orders) {
                    order.executeBatch();
                    item.executeBatch();
                    c.commit();
                }
            }
        }
        // rewrite the file densely, as a long-running hub's compaction would leave it
        Connection last = db.dataSource().getConnection();
        last.createStatement().execute("SHUTDOWN COMPACT"); // the connection ends with the database
        try {
            db.stop();
        } catch (RuntimeException alreadyClosed) {
            // the pool finds its connections closed by the shutdown
        }
        System.out.printf("lookup_orders_generated=%d%nlookup_generate_seconds=%.1f%n", orders,
                (System.nanoTime() - began) / 1e9);
    }

    /** Customer c's phone, as a partner would send it: +44 7 9 and eight digits. */
    static String phone(int customer) {
        return "+4479" + (10_000_000 + (customer * 7_919L) % 89_999_999);
    }
}
