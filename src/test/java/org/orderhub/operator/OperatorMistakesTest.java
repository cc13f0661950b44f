package org.orderhub.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;
import org.orderhub.security.WebhookSignature;

/**
 * Issue 14's table, one test per mistake an operator makes in a partner's files: the hub starts with every
 * broken file present, refuses each with file, line and parameter (admin API, health details, a 503 at the
 * partner's path), keeps every other partner running, loads a file once it is fixed, and parks the signed
 * deliveries its own configuration fails so that nothing a partner sent is lost.
 */
class OperatorMistakesTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String KAMELET = "kamelet:orderhub-webhook-partner?partner=%s&secret={{?%s.webhook-secret}}%s";
    private static Path routes;
    private static Path mappings;
    private static RunningHub hub;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startWithBrokenFiles() throws IOException {
        routes = Files.createTempDirectory("orderhub-routes");
        mappings = Files.createTempDirectory("orderhub-mappings");
        Path partners = Files.createDirectories(routes.resolve("partners"));
        Files.copy(Path.of("routes/partners/acme-eats.camel.yaml"), partners.resolve("acme-eats.camel.yaml"));
        // a YAML syntax error (line 2), a misspelt parameter, a misspelt secret, a secret the hub cannot use
        Files.writeString(partners.resolve("broken.camel.yaml"), "- route:\n    id: [partner-broken\n    from: x\n");
        Files.writeString(partners.resolve("typo.camel.yaml"), file("typo", "&signatureSchem=standard-webhooks"));
        Files.writeString(partners.resolve("secrt.camel.yaml"), file("secrt", "").replace("&secret=", "&secrt="));
        Files.writeString(partners.resolve("badsecret.camel.yaml"), file("badsecret", ""));
        // mappings the hub gets wrong: one does not compile, one never writes site_id; one partner has no secret
        Files.writeString(partners.resolve("parky.camel.yaml"), file("parky", "&mapping=parky.jsonata"));
        Files.writeString(mappings.resolve("parky.jsonata"), acmeMapping()); // broken by the test once loaded
        Files.writeString(partners.resolve("nosite.camel.yaml"), file("nosite", "&mapping=nosite.jsonata"));
        Files.writeString(mappings.resolve("nosite.jsonata"), acmeMapping().replace("\"site_id\": $o.store.ref,", ""));
        Files.writeString(partners.resolve("nosecret.camel.yaml"), file("nosecret", "&mapping=acme-eats.jsonata"));
        // the README's example of an operator's own step: a filter that drops the partner's test orders
        Files.writeString(partners.resolve("quirky.camel.yaml"), """
                - route:
                    id: partner-quirky
                    from:
                      uri: platform-http:/webhooks/quirky
                      steps:
                        - filter:
                            id: partner-quirky-test-orders
                            simple: "${bodyAs(String)} regex '(?s).*\\"test\\"\\\\s*:\\\\s*true.*'"
                            steps:
                              - removeHeaders: {id: partner-quirky-clear-headers, pattern: "*"}
                              - setHeader: {id: partner-quirky-json, name: Content-Type, constant: application/json}
                              - setBody: {id: partner-quirky-ignored, constant: '{"result":"ignored"}'}
                              - stop: {id: partner-quirky-stop}
                        - to: {id: partner-quirky-call, uri: "kamelet:orderhub-webhook-partner?partner=quirky&secret={{?quirky.webhook-secret}}&mapping=acme-eats.jsonata"}
                """);
        hub = RunningHub.start(Map.ofEntries(Map.entry("orderhub.routes-dir", routes.toString()),
                Map.entry("orderhub.mappings-dir", mappings.toString()),
                Map.entry("acme-eats.webhook-secret", SECRET), Map.entry("broken.webhook-secret", SECRET),
                Map.entry("typo.webhook-secret", SECRET), Map.entry("secrt.webhook-secret", SECRET),
                Map.entry("badsecret.webhook-secret", "whsec_not base64!"), Map.entry("parky.webhook-secret", SECRET),
                Map.entry("nosite.webhook-secret", SECRET), Map.entry("quirky.webhook-secret", SECRET),
                Map.entry("orderhub.routes.scan-interval", "200ms")));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static String file(String partner, String more) {
        return "- route:\n    id: partner-" + partner + "\n    from:\n      uri: platform-http:/webhooks/" + partner
                + "\n      steps:\n        - to: \"" + KAMELET.formatted(partner, partner,
                more.contains("mapping=") ? more : more + "&mapping=acme-eats.jsonata") + "\"\n";
    }

    private static String acmeMapping() throws IOException {
        return Files.readString(Path.of("mappings/acme-eats.jsonata"));
    }

    static String sample(String orderId) {
        try (InputStream in = OperatorMistakesTest.class.getResourceAsStream("/partners/acme-eats-order.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("AE-1001", orderId);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> deliver(String partner, String id, String body) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return http.send(HttpRequest.newBuilder(hub.uri("/webhooks/" + partner)).header("Content-Type", "application/json")
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", WebhookSignature.sign(SECRET, id, now, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes aside and moves in, as a deployment does (the watcher never reads a half-written file). */
    private static void deploy(String name, String text) throws IOException {
        Path aside = routes.resolve(name + ".part");
        Files.writeString(aside, text);
        Files.move(aside, routes.resolve("partners").resolve(name), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode refusal(String file) {
        for (JsonNode f : RunningHub.json(hub.get("/admin/route-files", RunningHub.ADMIN_KEY)).get("files")) {
            if (f.get("file").asText().equals(file)) {
                return f;
            }
        }
        throw new AssertionError(file + " not listed");
    }

    private static String healthMessage() {
        return healthMessage("route-files");
    }

    private static String healthMessage(String check) {
        for (JsonNode c : RunningHub.json(hub.get("/observe/health?exposureLevel=full", RunningHub.ADMIN_KEY)).get("checks")) {
            if (c.get("name").asText().equals(check)) {
                return c.path("message").asText().replace("\\/", "/");
            }
        }
        return "";
    }

    @Test
    void a_yaml_syntax_error_present_at_start_is_skipped_reported_and_loaded_once_fixed() throws Exception {
        // the hub started: Flyt, the tracking API and the other partners answer
        assertEquals(200, deliver("acme-eats", "msg_ok_1", sample("OM-OK-1")).statusCode());
        assertEquals(401, hub.sendJson("POST", "/flyt/orders", null, "{}").statusCode());
        assertEquals(200, hub.get("/orders?ref_id=OM-OK-1", RunningHub.API_KEY).statusCode());

        JsonNode broken = refusal("partners/broken.camel.yaml");
        assertEquals("refused", broken.get("state").asText());
        assertTrue(broken.at("/problems/0/line").asInt() >= 2, broken.toString());
        assertTrue(broken.at("/problems/0/reason").asText().startsWith("not valid YAML"), broken.toString());
        assertTrue(healthMessage().contains("partners/broken.camel.yaml line"), healthMessage());
        assertEquals(200, hub.get("/observe/health/ready", null).statusCode());
        // the partner is told to come back, not that it does not exist
        HttpResponse<String> refused = deliver("broken", "msg_b_1", sample("OM-B-1"));
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());

        deploy("broken.camel.yaml", file("broken", ""));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> deliver("broken", "msg_b_1", sample("OM-B-1")).statusCode() == 200);
        assertEquals("loaded", refusal("partners/broken.camel.yaml").get("state").asText());
    }

    @Test
    void a_misspelt_parameter_is_refused_naming_file_line_and_parameter_until_fixed() throws Exception {
        JsonNode typo = refusal("partners/typo.camel.yaml");
        assertEquals("refused", typo.get("state").asText());
        assertEquals(6, typo.at("/problems/0/line").asInt(), typo.toString());
        assertEquals("signatureSchem", typo.at("/problems/0/parameter").asText());
        assertTrue(typo.at("/problems/0/reason").asText().contains("did you mean signatureScheme?"), typo.toString());
        assertTrue(healthMessage().contains("partners/typo.camel.yaml line 6, parameter signatureSchem"), healthMessage());
        assertEquals(503, deliver("typo", "msg_t_1", sample("OM-T-1")).statusCode());

        deploy("typo.camel.yaml", file("typo", "&signatureScheme=standard-webhooks"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> deliver("typo", "msg_t_1", sample("OM-T-1")).statusCode() == 200);
    }

    @Test
    void a_path_that_disagrees_with_its_partner_or_a_partner_served_twice_is_refused_and_harms_nobody() throws Exception {
        // /webhooks/mixup calls partner=mixupp: one partner, two identities
        deploy("mixup.camel.yaml", file("mixup", "").replace("partner=mixup&", "partner=mixupp&"));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> refusal("partners/mixup.camel.yaml") != null);
        JsonNode mixup = refusal("partners/mixup.camel.yaml");
        assertEquals("refused", mixup.get("state").asText(), mixup.toString());
        assertEquals(6, mixup.at("/problems/0/line").asInt(), mixup.toString());
        assertEquals("partner", mixup.at("/problems/0/parameter").asText(), mixup.toString());
        assertTrue(mixup.at("/problems/0/reason").asText().contains("/webhooks/mixup"), mixup.toString());
        assertEquals(503, deliver("mixup", "msg_mx_1", sample("OM-MX-1")).statusCode());
        // a second file serving acme-eats under another route id: acme-eats' Kamelet instance is taken
        deploy("acme-copy.camel.yaml", file("acme-copy", "").replace("partner=acme-copy&", "partner=acme-eats&")
                .replace("/webhooks/acme-copy", "/webhooks/acme-eats"));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> refusal("partners/acme-copy.camel.yaml") != null);
        JsonNode copy = refusal("partners/acme-copy.camel.yaml");
        assertEquals("refused", copy.get("state").asText(), copy.toString());
        assertTrue(copy.toString().contains("orderhub-webhook-partner-acme-eats is already used by "
                + "partners/acme-eats.camel.yaml"), copy.toString());
        assertEquals(200, deliver("acme-eats", "msg_mx_2", sample("OM-MX-2")).statusCode());
        Files.delete(routes.resolve("partners/mixup.camel.yaml"));
        Files.delete(routes.resolve("partners/acme-copy.camel.yaml"));
    }

    @Test
    void a_misspelt_secret_parameter_is_refused_naming_it_not_reported_as_a_missing_secret() {
        JsonNode secrt = refusal("partners/secrt.camel.yaml");
        assertEquals("secrt", secrt.at("/problems/0/parameter").asText(), secrt.toString());
        assertTrue(secrt.at("/problems/0/reason").asText().contains("did you mean secret?"), secrt.toString());
        assertEquals("secret", secrt.at("/problems/1/parameter").asText(), secrt.toString());
        assertTrue(secrt.at("/problems/1/reason").asText().contains("missing"), secrt.toString());
    }

    @Test
    void a_malformed_whsec_secret_is_refused_at_load_naming_the_parameter_never_a_500() throws Exception {
        JsonNode bad = refusal("partners/badsecret.camel.yaml");
        assertEquals("secret", bad.at("/problems/0/parameter").asText(), bad.toString());
        assertTrue(bad.at("/problems/0/reason").asText().contains("whsec_"), bad.toString());
        assertTrue(!bad.toString().contains("not base64!"), "the secret itself is never shown: " + bad);
        HttpResponse<String> r = deliver("badsecret", "msg_bs_1", sample("OM-BS-1"));
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("badsecret.camel.yaml"), r.body());
    }

    @Test
    void a_mapping_broken_after_its_file_loaded_parks_the_delivery_and_a_replay_after_the_fix_stores_it_once() throws Exception {
        Files.writeString(mappings.resolve("parky.jsonata"), "{ \"order_id\": data.id,, }");
        String body = sample("OM-P-1");
        HttpResponse<String> parked = deliver("parky", "msg_p_1", body);
        assertEquals(503, parked.statusCode(), parked.body());
        assertEquals("60", parked.headers().firstValue("Retry-After").orElse(""));
        assertTrue(parked.body().contains("Not your data"), parked.body());
        assertEquals(503, deliver("parky", "msg_p_1", body).statusCode()); // the partner's retry: still one delivery
        JsonNode list = RunningHub.json(hub.get("/admin/parked-deliveries/parky", RunningHub.ADMIN_KEY)).get("deliveries");
        assertEquals(1, list.size(), list.toString());
        assertEquals(2, list.at("/0/attempts").asInt());
        assertTrue(list.at("/0/reason").asText().contains("does not compile: line 1, column"), list.toString());
        assertEquals(1, RunningHub.json(hub.get("/admin/parked-deliveries", RunningHub.ADMIN_KEY)).at("/parked/parky").asInt());

        // still broken: the replay keeps it parked
        JsonNode early = RunningHub.json(hub.sendJson("POST", "/admin/parked-deliveries/parky/replay", RunningHub.ADMIN_KEY, ""));
        assertEquals(0, early.get("stored").asInt(), early.toString());

        Files.writeString(mappings.resolve("parky.jsonata"), acmeMapping());
        JsonNode replay = RunningHub.json(hub.sendJson("POST", "/admin/parked-deliveries/parky/replay", RunningHub.ADMIN_KEY, ""));
        assertEquals(1, replay.get("stored").asInt(), replay.toString());
        assertEquals("created", replay.at("/deliveries/0/result").asText());
        assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=OM-P-1", RunningHub.API_KEY)).size());

        // the partner's own retry of the same delivery after the fix: stored once, not twice
        HttpResponse<String> retry = deliver("parky", "msg_p_1", body);
        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals("duplicate", RunningHub.json(retry).get("result").asText());
        assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=OM-P-1", RunningHub.API_KEY)).size());
    }

    @Test
    void a_missing_or_broken_mapping_is_refused_at_load_and_the_file_loads_once_the_mapping_is_saved() throws Exception {
        deploy("late.camel.yaml", file("late", "&mapping=late.jsonata").replace("late.webhook-secret", "acme-eats.webhook-secret"));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> refusal("partners/late.camel.yaml") != null);
        JsonNode late = refusal("partners/late.camel.yaml");
        assertEquals("refused", late.get("state").asText(), late.toString());
        assertEquals(6, late.at("/problems/0/line").asInt(), late.toString());
        assertEquals("mapping", late.at("/problems/0/parameter").asText(), late.toString());
        assertTrue(late.at("/problems/0/reason").asText().contains("does not exist"), late.toString());
        assertEquals(503, deliver("late", "msg_late_1", sample("OM-LATE-1")).statusCode());
        // saved broken: still refused with the parser's line and column; the mappings check names it
        Files.writeString(mappings.resolve("late.jsonata"), "{ \"order_id\": data.id,, }");
        await().atMost(Duration.ofSeconds(20)).until(() -> refusal("partners/late.camel.yaml").toString()
                .contains("does not compile: line 1, column"));
        assertTrue(healthMessage("mappings").contains("late.jsonata"), healthMessage("mappings"));
        // saved fixed: the route file loads without being touched
        Files.writeString(mappings.resolve("late.jsonata"), acmeMapping());
        await().atMost(Duration.ofSeconds(20)).until(() -> deliver("late", "msg_late_1", sample("OM-LATE-1")).statusCode() == 200);
        assertTrue(!healthMessage("mappings").contains("late.jsonata"), healthMessage("mappings"));
        Files.delete(routes.resolve("partners/late.camel.yaml"));
    }

    @Test
    void a_replay_right_after_a_mapping_parameter_fix_runs_through_the_fixed_file() throws Exception {
        // the operator names a mapping that never writes site_id: the delivery is parked
        deploy("remap.camel.yaml", file("remap", "&mapping=nosite.jsonata")
                .replace("remap.webhook-secret", "acme-eats.webhook-secret"));
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.context().getRoute("partner-remap") != null);
        await().atMost(Duration.ofSeconds(20)).until(() -> deliver("remap", "msg_rm_1", sample("OM-RM-1")).statusCode() == 503);
        // fixed to the right mapping= and replayed at once, before the scanner has taken the file up
        deploy("remap.camel.yaml", file("remap", "&mapping=acme-eats.jsonata")
                .replace("remap.webhook-secret", "acme-eats.webhook-secret"));
        JsonNode replay = RunningHub.json(hub.sendJson("POST", "/admin/parked-deliveries/remap/replay",
                RunningHub.ADMIN_KEY, ""));
        assertEquals(1, replay.get("stored").asInt(), replay.toString());
        assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=OM-RM-1", RunningHub.API_KEY)).size());
        // a partner no route serves: told how to replay its rows as another partner
        HttpResponse<String> nobody = hub.sendJson("POST", "/admin/parked-deliveries/nobody/replay", RunningHub.ADMIN_KEY, "");
        assertEquals(409, nobody.statusCode(), nobody.body());
        assertTrue(nobody.body().contains("?as=<partner>"), nobody.body());
        Files.delete(routes.resolve("partners/remap.camel.yaml"));
    }

    @Test
    void a_mapping_that_drops_site_id_is_our_mistake_while_a_partner_body_without_a_store_is_theirs() throws Exception {
        HttpResponse<String> ours = deliver("nosite", "msg_ns_1", sample("OM-NS-1"));
        assertEquals(503, ours.statusCode(), ours.body());
        assertTrue(ours.body().contains("does not write the required field(s) site_id"), ours.body());

        HttpResponse<String> theirs = deliver("acme-eats", "msg_ns_2",
                sample("OM-NS-2").replace("\"store\": {\"ref\": \"BBBBBBBBB\"}, ", ""));
        assertEquals(422, theirs.statusCode(), theirs.body());
        assertEquals("Missing required fields: site_id", RunningHub.json(theirs).get("errorMessage").asText());
    }

    @Test
    void a_partner_without_a_secret_gets_503_to_retry_and_nothing_unproved_is_kept() throws Exception {
        HttpResponse<String> r = deliver("nosecret", "msg_nsec_1", sample("OM-NSEC-1"));
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
        assertTrue(RunningHub.json(r).get("errorMessage").asText().contains("no webhook secret is set"), r.body());
        assertEquals(0, RunningHub.json(hub.get("/admin/parked-deliveries/nosecret", RunningHub.ADMIN_KEY))
                .get("deliveries").size());
    }

    @Test
    void an_operators_own_filter_step_drops_test_orders_and_lets_real_ones_through() throws Exception {
        HttpResponse<String> test = deliver("quirky", "msg_q_1", sample("OM-Q-1").replace("{\"id\": \"OM-Q-1\"",
                "{\"test\": true, \"id\": \"OM-Q-1\""));
        assertEquals(200, test.statusCode(), test.body());
        assertEquals("ignored", RunningHub.json(test).get("result").asText());
        assertEquals(0, RunningHub.json(hub.get("/orders?ref_id=OM-Q-1", RunningHub.API_KEY)).size());

        HttpResponse<String> real = deliver("quirky", "msg_q_2", sample("OM-Q-2"));
        assertEquals(200, real.statusCode(), real.body());
        assertEquals("created", RunningHub.json(real).get("result").asText());
    }

    @Test
    void a_file_is_checked_before_deploying_it_without_loading_it() {
        HttpResponse<String> r = hub.send("POST", "/admin/route-files/check", RunningHub.ADMIN_KEY, "application/yaml",
                file("later", "&signatureScheme=hmac-sha256"));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = RunningHub.json(r);
        assertEquals(false, answer.get("valid").asBoolean());
        assertEquals("signatureScheme", answer.at("/problems/0/parameter").asText());
        assertTrue(answer.at("/problems/0/reason").asText().contains("is not one of standard-webhooks"), r.body());
        assertEquals(true, RunningHub.json(hub.send("POST", "/admin/route-files/check", RunningHub.ADMIN_KEY,
                "application/yaml", file("later", ""))).get("valid").asBoolean());
        assertEquals(null, hub.context().getRoute("partner-later"));
    }

    @Test
    void values_that_could_only_fail_at_run_time_are_refused_at_the_check_naming_each_parameter() {
        String mail = """
                - route:
                    id: export-daily-mail
                    from:
                      uri: "quartz:exports/daily-mail?stateful=true&cron=0 61 * * * ?"
                      steps:
                        - to: {id: export-daily-mail-call, uri: "kamelet:orderhub-mail-export?export=daily-mail&host=smtp://mail.example.com&port=70000&from=hub@example.com&to=ops@example.com;boss&maxOrders=0"}
                """;
        HttpResponse<String> r = hub.send("POST", "/admin/route-files/check", RunningHub.ADMIN_KEY, "application/yaml", mail);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode problems = RunningHub.json(r).get("problems");
        Map<String, String> byParameter = new java.util.HashMap<>();
        problems.forEach(p -> byParameter.put(p.path("parameter").asText(), p.path("line").asInt() + " " + p.path("reason").asText()));
        assertTrue(byParameter.getOrDefault("cron", "").startsWith("4 '0 61 * * * ?' is not a Quartz cron expression"), r.body());
        assertTrue(byParameter.getOrDefault("host", "").startsWith("6 'smtp://mail.example.com' is not a valid SMTP host"), r.body());
        assertTrue(byParameter.getOrDefault("port", "").contains("'70000' is not between 1 and 65535"), r.body());
        assertTrue(byParameter.getOrDefault("to", "").contains("is not a valid To"), r.body());
        assertTrue(byParameter.getOrDefault("maxOrders", "").contains("'0' is less than 1"), r.body());
        assertEquals(5, problems.size(), r.body());
        // a literal with a space would reach the Kamelet as "orderhub+daily"
        HttpResponse<String> spaced = hub.send("POST", "/admin/route-files/check", RunningHub.ADMIN_KEY, "application/yaml",
                mail.replace("&maxOrders=0", "&subject=orderhub daily"));
        assertTrue(spaced.body().contains("write subject=RAW(orderhub daily)"), spaced.body());
        // the same file with usable values passes, its SMTP host still unset (the export idles until it is set)
        String fixed = mail.replace("0 61 * * * ?", "0 0 6 * * ?").replace("host=smtp://mail.example.com", "host={{?daily-mail.smtp-host}}")
                .replace("port=70000", "port=587").replace(";boss", ",boss@example.com").replace("maxOrders=0", "maxOrders=500");
        HttpResponse<String> ok = hub.send("POST", "/admin/route-files/check", RunningHub.ADMIN_KEY, "application/yaml", fixed);
        assertEquals(true, RunningHub.json(ok).get("valid").asBoolean(), ok.body());
    }

    @Test
    void the_check_and_every_refusal_evaluate_no_placeholder_and_quote_no_setting() throws Exception {
        String home = System.getProperty("user.home");
        for (String form : List.of("{{x{{acme-eats.webhook-secret}}}}", "{{sys:user.home}}", "{{env:PATH}}",
                "{{sysenv:PATH}}", "{{bean:hubState.toString}}", "{{bean:orderStore.close}}",
                "{{?acme-eats.webhook-secret:{{sys:user.home}}}}", "{{sys:user.home:x}}")) {
            for (String file : List.of(file("later", "&signatureHeader=" + form),
                    file("later", "").replace("      steps:\n", "      steps:\n        - setBody: {id: later-body, constant: \""
                            + form + "\"}\n"))) {
                HttpResponse<String> r = hub.send("POST", "/admin/route-files/check", RunningHub.ADMIN_KEY,
                        "application/yaml", file);
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(false, RunningHub.json(r).get("valid").asBoolean(), form + ": " + r.body());
                assertTrue(r.body().contains("plain setting names"), r.body());
                for (String secret : List.of(SECRET.substring(6), home, System.getenv("PATH"), "HubState@")) {
                    assertTrue(!r.body().contains(secret), form + " quoted a value: " + r.body());
                }
            }
        }
        // orderStore.close did not run: orders are still stored
        assertEquals(200, deliver("acme-eats", "msg_bean_1", sample("OM-BEAN-1")).statusCode());
    }

    @Test
    void a_ten_byte_recursive_file_is_refused_in_one_line_and_reloading_goes_on() throws Exception {
        HttpResponse<String> r = hub.send("POST", "/admin/route-files/check", RunningHub.ADMIN_KEY, "application/yaml",
                "- &a [*a]\n");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(RunningHub.json(r).at("/problems/0/reason").asText().contains("anchors and aliases"), r.body());
        HttpResponse<String> deep = hub.send("POST", "/admin/route-files/check", RunningHub.ADMIN_KEY,
                "application/yaml", "[".repeat(5000) + "]".repeat(5000) + "\n");
        assertEquals(200, deep.statusCode(), deep.body());
        assertTrue(RunningHub.json(deep).at("/problems/0/reason").asText().contains("nested deeper"), deep.body());

        deploy("cycle.camel.yaml", "- &a [*a]\n");
        deploy("deep.camel.yaml", "[".repeat(5000) + "]".repeat(5000) + "\n");
        deploy("after.camel.yaml", file("after", "&mapping=acme-eats.jsonata"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> hub.context().getRoute("partner-after") != null);
        JsonNode cycle = refusal("partners/cycle.camel.yaml");
        assertEquals(1, cycle.get("problems").size(), cycle.toString());
        assertEquals("refused", refusal("partners/deep.camel.yaml").get("state").asText());
    }

    @Test
    void a_partner_file_being_reloaded_never_answers_404() throws Exception {
        deploy("swap.camel.yaml", swapFile(-1));
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.context().getRoute("partner-swap") != null);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> senders = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            senders.add(new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        statuses.add(deliver("swap", "msg_swap_" + thread + "_" + i, sample("OM-SWAP-" + thread + "-" + i))
                                .statusCode());
                    } catch (Exception e) {
                        statuses.add(-1);
                    }
                }
            }));
        }
        senders.forEach(Thread::start);
        for (int version = 0; version < 10; version++) {
            deploy("swap.camel.yaml", swapFile(version));
            int seen = statuses.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> statuses.size() > seen + 5);
        }
        stop.set(true);
        for (Thread t : senders) {
            t.join();
        }
        assertTrue(statuses.stream().noneMatch(s -> s == 404 || s == -1), "never 404: " + statuses);
        assertTrue(statuses.stream().filter(s -> s == 200).count() > 10, statuses.toString());
    }

    @Test
    void fifty_reloads_of_a_partner_file_leave_one_instance_route_named_after_the_partner() throws Exception {
        deploy("churn.camel.yaml", churnFile(-1));
        await().atMost(Duration.ofSeconds(20)).until(() -> description("partner-churn").equals("version -1"));
        int before = hub.context().getRoutes().size();
        int checks = healthChecks();
        for (int version = 0; version < 50; version++) {
            deploy("churn.camel.yaml", churnFile(version));
            String expected = "version " + version;
            await().atMost(Duration.ofSeconds(20)).until(() -> description("partner-churn").equals(expected));
        }
        assertEquals(before, hub.context().getRoutes().size(), "routes after 50 reloads");
        assertEquals(checks, healthChecks(), "health checks after 50 reloads");
        List<String> instances = hub.context().getRoutes().stream().map(org.apache.camel.Route::getRouteId)
                .filter(id -> id.startsWith("orderhub-webhook-partner-") && id.contains("churn")).toList();
        assertEquals(List.of("orderhub-webhook-partner-churn"), instances);
        assertEquals(200, deliver("churn", "msg_churn_1", sample("OM-CHURN-1")).statusCode());
        Files.delete(routes.resolve("partners/churn.camel.yaml"));
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.context().getRoute("orderhub-webhook-partner-churn") == null
                && hub.context().getRoute("partner-churn") == null);
    }

    private static String description(String routeId) {
        org.apache.camel.Route route = hub.context().getRoute(routeId);
        return route == null || route.getDescription() == null ? "" : route.getDescription();
    }

    /** The checks /observe/health reports (routes' and consumers' checks included). */
    private static int healthChecks() {
        return org.apache.camel.health.HealthCheckHelper.invoke(hub.context()).size();
    }

    private static String churnFile(int version) {
        return file("churn", "&mapping=acme-eats.jsonata").replace("churn.webhook-secret", "acme-eats.webhook-secret")
                .replace("id: partner-churn\n", "id: partner-churn\n    description: version " + version + "\n");
    }

    /** A partner file that differs by version only (so each deploy reloads it), signed with acme-eats' secret. */
    private static String swapFile(int version) {
        return file("swap", "&mapping=acme-eats.jsonata").replace("swap.webhook-secret", "acme-eats.webhook-secret")
                .replace("id: partner-swap\n", "id: partner-swap\n    description: version " + version + "\n");
    }
}
