package org.orderhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderhub.security.WebhookSignature;
import org.orderhub.storage.Database;

/**
 * Generated hostile input against every public endpoint: truncated and deeply nested JSON, wrong
 * types, huge strings, invalid UTF-8, NUL bytes, wrong content types, SQL- and JSONata-looking strings,
 * duplicate keys, negative and huge numbers. Every answer must be a 2xx (the mutation left the request
 * valid) or a 4xx JSON errorMessage, never a 5xx; a refused request stores nothing; the hub keeps
 * answering. Deterministic: -Dfuzz.seed and -Dfuzz.cases change the run.
 */
class HostileInputFuzzTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final long SEED = Long.getLong("fuzz.seed", 20261123L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 250);

    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of("acme-eats.webhook-secret", SECRET,
            "shopwave.webhook-secret", "fuzz-shopwave-secret",
            "orderhub.tracking.rate-limit", "100000", "orderhub.tracking.burst", "100000"));

    private static final List<String> HOSTILE_STRINGS = List.of("' OR 1=1 --", "'; DROP TABLE orders; --",
            "\" OR \"\"=\"", "1; SELECT * FROM orders", "$eval('$string(1)')", "$$.customer", "{{orderhub.api-keys}}",
            "${jndi:ldap://127.0.0.1/a}", "\u0000", "a\u0000b", "\uFFFF", "\uD800", "%00", "../../etc/passwd",
            "<script>alert(1)</script>", "\r\nX-Injected: 1", "", " ", "null", "-1", "1e309");
    private static final List<String> HOSTILE_NUMBERS = List.of("-1", "0", "-0", "1e309", "-1e309",
            "99999999999999999999999999999", "-99999999999999999999999", "1.5e-400", "0.0000000001", "NaN", "Infinity",
            "9223372036854775808", "-9223372036854775809", "2147483648", "1.0");

    private static final List<String> failures = new ArrayList<>();
    private static long ordersBefore = -1;
    private static int accepted;

    @TestFactory
    Stream<DynamicTest> every_public_endpoint_answers_hostile_input_with_a_4xx_json_error() throws Exception {
        ordersBefore = count("orders");
        String flyt = resource("/flyt/collection-by-customer.json");
        String acme = resource("/partners/acme-eats-order.json");
        return Stream.of(
                DynamicTest.dynamicTest("POST /flyt/orders", () -> fuzzBodies(flyt, body ->
                        send("POST", "/flyt/orders", "Authorization: Bearer test-flyt-token-0123456789\r\n", body))),
                DynamicTest.dynamicTest("POST /webhooks/acme-eats (signed)", () -> fuzzBodies(acme, body ->
                        send("POST", "/webhooks/acme-eats", signed(body), body))),
                DynamicTest.dynamicTest("POST /webhooks/shopwave (not signed)", () -> fuzzBodies(acme, body ->
                        send("POST", "/webhooks/shopwave", "", body))),
                DynamicTest.dynamicTest("PUT /admin/sites/{siteId}", () -> fuzzBodies(
                        "{\"name\": \"Fuzz\", \"timezone\": \"Europe/London\", \"currency\": \"GBP\", "
                                + "\"hours\": {\"monday\": [\"11:00-14:30\"]}, \"closed\": false, \"terminal_online\": true}",
                        body -> send("PUT", "/admin/sites/FUZZ" + Math.abs(body.length % 7), admin(), body))),
                DynamicTest.dynamicTest("PUT /admin/sites/{siteId}/catalog/{plu}", () -> fuzzBodies(
                        "{\"name\": \"Fish\", \"price\": 7.50, \"available\": true}",
                        body -> send("PUT", "/admin/sites/BBBBBBBBB/catalog/FUZZ-1", admin(), body))),
                DynamicTest.dynamicTest("POST /admin/orders/{id}/status", () -> fuzzBodies(
                        "{\"status\": \"ready\", \"detail\": \"on the shelf\"}",
                        body -> send("POST", "/admin/orders/999999999/status", admin(), body))),
                DynamicTest.dynamicTest("GET /orders", HostileInputFuzzTest::fuzzTracking),
                DynamicTest.dynamicTest("paths and methods", HostileInputFuzzTest::fuzzPaths),
                DynamicTest.dynamicTest("nothing half-stored, the hub still answers",
                        HostileInputFuzzTest::nothingHalfStoredAndTheHubStillAnswers));
    }

    private static void nothingHalfStoredAndTheHubStillAnswers() throws Exception {
        // every order row is one a 2xx answered for; no item or event without its order
        assertTrue(count("orders") - ordersBefore <= accepted, "orders stored for refused requests");
        assertEquals(0, scalar("SELECT COUNT(*) FROM order_items i WHERE NOT EXISTS "
                + "(SELECT 1 FROM orders o WHERE o.id = i.order_pk)"));
        RawHttp.Answer health = RawHttp.request(hub.port(), "GET", "/observe/health", "", new byte[0]);
        assertEquals(200, health.status(), health.body());
        RawHttp.Answer order = send("POST", "/flyt/orders", "Authorization: Bearer test-flyt-token-0123456789\r\n",
                resource("/flyt/collection-by-customer.json").replace("SKIP-12345678", "FUZZ-AFTER")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, order.status(), order.body());
    }

    private static void fuzzBodies(String valid, Function<byte[], RawHttp.Answer> sender) {
        Random random = new Random(SEED ^ valid.hashCode());
        for (int i = 0; i < CASES; i++) {
            Mutation m = mutate(valid, random);
            check(m.description(), sender.apply(m.body()));
        }
        assertNoFailures();
    }

    /** Fails the current endpoint's test with the first bad answers, and starts the next endpoint clean. */
    private static void assertNoFailures() {
        List<String> found = new ArrayList<>(failures);
        failures.clear();
        assertTrue(found.isEmpty(), found.size() + " bad answers (seed " + SEED + "), first ones:\n"
                + String.join("\n", found.subList(0, Math.min(10, found.size()))));
    }

    private static void fuzzTracking() {
        Random random = new Random(SEED);
        List<String> names = List.of("email", "phone", "order_id", "ref_id", "emaiL", "", "phone[]", "order_id%00");
        for (int i = 0; i < CASES; i++) {
            StringBuilder query = new StringBuilder("/orders?");
            int params = 1 + random.nextInt(3);
            for (int p = 0; p < params; p++) {
                String value = pick(random, HOSTILE_STRINGS) + (random.nextBoolean() ? "" : pick(random, HOSTILE_NUMBERS));
                if (random.nextInt(5) == 0) {
                    // long, yet inside Vert.x's 4 KB request line: longer lines get the HTTP codec's bare 414
                    value = "x".repeat(random.nextInt(1_300));
                }
                String encoded = random.nextInt(4) == 0 ? rawEncoding(random)
                        : URLEncoder.encode(value, StandardCharsets.UTF_8);
                query.append(p == 0 ? "" : "&").append(pick(random, names)).append('=').append(encoded);
            }
            String auth = random.nextInt(10) == 0 ? "Authorization: Bearer " + pick(random, HOSTILE_STRINGS)
                    .replaceAll("[\\r\\n\\u0000-\\u001f\\u007f-\\uffff]", "") + "\r\n"
                    : "Authorization: Bearer " + RunningHub.API_KEY + "\r\n";
            check("GET " + abbreviate(query.toString()), send("GET", query.toString(), auth, new byte[0]));
        }
        assertNoFailures();
    }

    private static void fuzzPaths() {
        Random random = new Random(SEED + 7);
        List<String> paths = List.of("/admin/orders/%s", "/admin/orders/%s/status", "/admin/sites/%s",
                "/admin/sites/BBBBBBBBB/catalog/%s", "/admin/subscribers/%s/dead-letters",
                "/admin/subscribers/%s/dead-letters/%s/replay", "/webhooks/%s", "/orders/%s", "/flyt/%s");
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
        for (int i = 0; i < CASES; i++) {
            String segment = random.nextBoolean() ? rawEncoding(random)
                    : URLEncoder.encode(pick(random, HOSTILE_STRINGS) + pick(random, HOSTILE_NUMBERS), StandardCharsets.UTF_8);
            String path = pick(random, paths).replace("%s", segment);
            String method = pick(random, methods);
            check(method + " " + abbreviate(path), send(method, path, admin(), "{}".getBytes(StandardCharsets.UTF_8)));
        }
        assertNoFailures();
    }

    /** One answer: 2xx, or a 4xx with a JSON errorMessage; anything else is recorded as a failure. */
    private static void check(String what, RawHttp.Answer answer) {
        if (answer == null) {
            failures.add(what + " → no answer");
            return;
        }
        if (answer.status() / 100 == 2) {
            accepted++;
            return;
        }
        if (answer.status() / 100 != 4) {
            failures.add(what + " → " + answer.status() + " " + abbreviate(answer.body()));
            return;
        }
        try {
            JsonNode body = RunningHub.json(answer.body());
            if (!body.path("errorMessage").isTextual()) {
                failures.add(what + " → " + answer.status() + " without errorMessage: " + abbreviate(answer.body()));
            }
        } catch (RuntimeException | AssertionError notJson) {
            failures.add(what + " → " + answer.status() + " not JSON: " + abbreviate(answer.body()));
        }
    }

    private record Mutation(String description, byte[] body) {
    }

    private static Mutation mutate(String valid, Random random) {
        switch (random.nextInt(11)) {
            case 0: {
                int at = random.nextInt(valid.length());
                return text("truncated at " + at, valid.substring(0, at));
            }
            case 1: {
                int depth = 1 + random.nextInt(20_000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                return text("nested " + depth, open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth));
            }
            case 2:
                return text("wrong type", replaceValue(valid, random, pick(random,
                        List.of("[]", "{}", "null", "true", "\"text\"", "[1,2]", "{\"x\":1}", "12"))));
            case 3:
                return text("huge string", replaceValue(valid, random, "\"" + "A".repeat(100_000 + random.nextInt(900_000)) + "\""));
            case 4: {
                byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
                int at = random.nextInt(bytes.length);
                byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xF0, (byte) 0x80};
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(bytes, 0, at);
                out.write(bad, 0, 1 + random.nextInt(bad.length));
                out.write(bytes, at, bytes.length - at);
                return new Mutation("invalid UTF-8 at " + at, out.toByteArray());
            }
            case 5: {
                int at = random.nextInt(valid.length());
                return text("NUL at " + at, valid.substring(0, at) + (random.nextBoolean() ? "\u0000" : "\\u0000")
                        + valid.substring(at));
            }
            case 6:
                return text("hostile string", replaceValue(valid, random, "\"" + new String(
                        JsonStringEncoder.getInstance().quoteAsString(pick(random, HOSTILE_STRINGS))) + "\""));
            case 7: {
                int brace = valid.indexOf('{');
                String key = keyOf(valid, random);
                return text("duplicate key " + key, valid.substring(0, brace + 1) + "\"" + key + "\": 1, "
                        + valid.substring(brace + 1));
            }
            case 8:
                return text("hostile number", replaceValue(valid, random, pick(random, HOSTILE_NUMBERS)));
            case 9:
                return text("not JSON", pick(random, List.of("", "null", "[]", "\"x\"", "12", "a=1&b=2",
                        "<order/>", "{", "}", "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing")));
            default: {
                String doc = valid;
                for (int k = 0; k < 3; k++) {
                    doc = replaceValue(doc, random, pick(random, List.of("-1", "\"\"", "null", "1e309", "{}")));
                }
                return text("several changes", doc);
            }
        }
    }

    /** Replaces the value after a random "key": with {@code replacement} (a crude but JSON-aware enough edit). */
    private static String replaceValue(String doc, Random random, String replacement) {
        List<Integer> colons = new ArrayList<>();
        for (int i = doc.indexOf("\":"); i >= 0; i = doc.indexOf("\":", i + 1)) {
            colons.add(i + 2);
        }
        if (colons.isEmpty()) {
            return doc;
        }
        int start = colons.get(random.nextInt(colons.size()));
        int end = valueEnd(doc, start);
        return doc.substring(0, start) + " " + replacement + doc.substring(end);
    }

    private static int valueEnd(String doc, int start) {
        int i = start;
        while (i < doc.length() && Character.isWhitespace(doc.charAt(i))) {
            i++;
        }
        int depth = 0;
        boolean inString = false;
        for (; i < doc.length(); i++) {
            char c = doc.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return doc.length();
    }

    private static String keyOf(String doc, Random random) {
        List<String> keys = new ArrayList<>();
        for (int i = doc.indexOf("\":"); i >= 0; i = doc.indexOf("\":", i + 1)) {
            int open = doc.lastIndexOf('"', i - 1);
            keys.add(doc.substring(open + 1, i));
        }
        return keys.isEmpty() ? "x" : pick(random, keys);
    }

    private static String rawEncoding(Random random) {
        return pick(random, List.of("%zz", "%", "%E2%82", "%00", "%C0%AF", "%FF%FE", "a%2", "%25%32%35", "%0D%0A"));
    }

    private static Mutation text(String description, String body) {
        return new Mutation(description, body.getBytes(StandardCharsets.UTF_8));
    }

    private static RawHttp.Answer send(String method, String target, String headers, byte[] body) {
        String contentType = "Content-Type: application/json\r\n";
        int pick = Math.floorMod(java.util.Arrays.hashCode(body) + target.length(), 12);
        if (pick == 0) {
            contentType = "Content-Type: text/plain\r\n";
        } else if (pick == 1) {
            contentType = "Content-Type: application/x-www-form-urlencoded\r\n";
        } else if (pick == 2) {
            contentType = "";
        } else if (pick == 3) {
            contentType = "Content-Type: multipart/form-data; boundary=x\r\n";
        }
        try {
            return RawHttp.request(hub.port(), method, target, headers + contentType, body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String signed(byte[] body) {
        long now = System.currentTimeMillis() / 1000;
        String id = "msg_fuzz_" + java.util.Arrays.hashCode(body) + "_" + System.nanoTime();
        return "webhook-id: " + id + "\r\nwebhook-timestamp: " + now + "\r\nwebhook-signature: "
                + WebhookSignature.sign(SECRET, id, now, body) + "\r\n";
    }

    private static String admin() {
        return "Authorization: Bearer " + RunningHub.ADMIN_KEY + "\r\n";
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "…";
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HostileInputFuzzTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static long count(String table) throws Exception {
        return scalar("SELECT COUNT(*) FROM " + table);
    }

    private static long scalar(String sql) throws Exception {
        try (Connection c = hub.bean("database", Database.class).dataSource().getConnection();
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
