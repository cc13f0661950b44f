import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.orderhub.storage.Database;

/**
 * The ceiling the hub's figures are held against (issue 15): what this machine does for the same durable
 * work with nothing in between. A bare Vert.x server on the hub's own database settings (Database.open: the
 * same H2 file URL, pool and schema) that answers
 * - POST /flyt/orders: Jackson parse of the Flyt body, one transaction inserting the rows the hub writes for
 *   an order (orders, order_items for each item and modifier, one order_events row), commit, {"OrderId"};
 * - GET /orders?phone=|email=: one indexed lookup (phone_key or email_key, newest first), rendered as JSON.
 * No checks, no mapping, no schema, no tags, no outbox, no metrics: the difference to the hub is what they cost.
 * Usage: java -cp target/orderhub.jar bench/Ceiling.java PORT DATA_DIR
 */
public class Ceiling {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Database database = Database.open(null, null, null, Path.of(args[1]), 16);
        database.start();
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.post("/flyt/orders").handler(BodyHandler.create()).blockingHandler(ctx -> place(ctx, database), false);
        router.get("/orders").blockingHandler(ctx -> lookup(ctx, database), false);
        vertx.createHttpServer(new HttpServerOptions().setPort(port)).requestHandler(router).listen()
                .toCompletionStage().toCompletableFuture().get();
        System.out.println("ceiling_listening=" + port);
    }

    private static void place(RoutingContext ctx, Database database) {
        try {
            JsonNode order = MAPPER.readTree(ctx.body().buffer().getBytes());
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            String ref = order.path("third_party_order_reference").asText();
            JsonNode collector = order.path("collector");
            String phone = collector.path("phone_number").asText();
            long id;
            try (Connection c = database.connection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (source, order_id, ref_id, site_id, status, "
                        + "pickup_type, origin, customer_name, customer_phone, phone_key, total, currency, details, "
                        + "created_at, updated_at) VALUES ('flyt', ?, ?, ?, 'created', 'pickup', ?, ?, ?, ?, ?, 'GBP', ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, order.path("posLocationId").asText() + "/" + order.path("channel").path("name").asText()
                            + "/" + order.path("type").asText() + "/" + ref);
                    ps.setString(2, ref);
                    ps.setString(3, order.path("posLocationId").asText());
                    ps.setString(4, order.path("channel").path("name").asText());
                    ps.setString(5, collector.path("first_name").asText() + " " + collector.path("last_name").asText());
                    ps.setString(6, phone);
                    String digits = phone.replaceAll("\\D", "");
                    ps.setString(7, digits.substring(Math.max(0, digits.length() - 7)));
                    ps.setLong(8, order.path("total").asLong());
                    ps.setString(9, "{\"collection_notes\":" + MAPPER.writeValueAsString(order.path("collection_notes").asText())
                            + ",\"kitchen_notes\":" + MAPPER.writeValueAsString(order.path("kitchen_notes").asText()) + "}");
                    ps.setObject(10, now);
                    ps.setObject(11, now);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO order_items (order_pk, line_no, parent_line, sku, "
                        + "name, description, quantity, price) VALUES (?, ?, ?, ?, ?, ?, 1, ?)")) {
                    int line = 0;
                    for (JsonNode item : order.path("items")) {
                        int parent = ++line;
                        item(ps, id, parent, null, item);
                        for (JsonNode child : item.path("children")) {
                            item(ps, id, ++line, parent, child);
                        }
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO order_events (order_pk, event_time, status, source) VALUES (?, ?, 'created', 'flyt')")) {
                    ps.setLong(1, id);
                    ps.setObject(2, now);
                    ps.executeUpdate();
                }
                c.commit();
            }
            ctx.response().putHeader("Content-Type", "application/json").end("{\"OrderId\":\"" + id + "\"}");
        } catch (Exception e) {
            ctx.response().setStatusCode(500).end(String.valueOf(e));
        }
    }

    private static void item(PreparedStatement ps, long id, int line, Integer parent, JsonNode item) throws Exception {
        ps.setLong(1, id);
        ps.setInt(2, line);
        ps.setObject(3, parent);
        ps.setString(4, item.path("plu").asText());
        ps.setString(5, item.path("name").asText());
        ps.setString(6, item.path("description").asText());
        ps.setLong(7, item.path("price").asLong());
        ps.addBatch();
    }

    private static void lookup(RoutingContext ctx, Database database) {
        String phone = ctx.request().getParam("phone");
        String email = ctx.request().getParam("email");
        String column = phone != null ? "phone_key" : "email_key";
        String key;
        if (phone != null) {
            String digits = phone.replaceAll("\\D", "");
            key = digits.substring(Math.max(0, digits.length() - 7));
        } else {
            key = email == null ? "" : email.trim().toLowerCase(java.util.Locale.ROOT);
        }
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id, order_id, site_id, status, customer_name, customer_phone, "
                     + "customer_email, total, currency, details, created_at, updated_at FROM orders WHERE " + column
                     + " = ? ORDER BY created_at DESC LIMIT 50")) {
            ps.setString(1, key);
            ArrayNode answer = MAPPER.createArrayNode();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode o = answer.addObject();
                    o.put("id", Long.toString(rs.getLong(1)));
                    o.put("order_id", rs.getString(2));
                    o.put("site_id", rs.getString(3));
                    o.put("status", rs.getString(4));
                    o.put("customer_name", rs.getString(5));
                    o.put("customer_phone", rs.getString(6));
                    o.put("customer_email", rs.getString(7));
                    o.put("total", rs.getLong(8));
                    o.put("currency", rs.getString(9));
                    o.put("details", rs.getString(10));
                    o.put("created_at", rs.getObject(11, OffsetDateTime.class).toString());
                    o.put("updated_at", rs.getObject(12, OffsetDateTime.class).toString());
                }
            }
            ctx.response().putHeader("Content-Type", "application/json").end(MAPPER.writeValueAsString(answer));
        } catch (Exception e) {
            ctx.response().setStatusCode(500).end(String.valueOf(e));
        }
    }
}
