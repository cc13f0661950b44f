package org.orderhub.flyt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orderhub.RunningHub;
import org.orderhub.site.Site;
import org.orderhub.site.SiteStore;

/**
 * A site's terminal_url is a place to POST orders to, never a Camel endpoint: the admin API refuses
 * anything that looks like endpoint options, and a URL stored before that rule still reaches the
 * terminal as a plain POST of the canonical order.
 */
class TerminalUrlTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final FakeTerminal TERMINAL = new FakeTerminal();

    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of("acme-eats.webhook-secret", SECRET));

    @AfterAll
    static void stopTerminal() {
        TERMINAL.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "?httpClientConfigurer=%23class:java.io.FileOutputStream('/tmp/orderhub-pwned')",
            "?x=%23class:java.lang.System%23setProperty('pwned','1')",
            "?customHostHeader={{acme-eats.webhook-secret}}",
            "?customHostHeader=%7B%7Bacme-eats.webhook-secret%7D%7D",
            "?httpMethod=DELETE",
            "?followRedirects=true",
            "?proxyHost=127.0.0.1&proxyPort=9",
            "?httpClient.redirectsEnabled=true",
            "#fragment"})
    void the_admin_api_refuses_a_terminal_url_carrying_endpoint_options(String suffix) {
        FlytEndpointTest.site(hub, "OPTS", ", \"terminal_url\": \"" + TERMINAL.url() + "\"");
        String url = TERMINAL.url() + suffix;
        var r = hub.sendJson("PUT", "/admin/sites/OPTS", RunningHub.ADMIN_KEY,
                "{\"timezone\": \"Europe/London\", \"currency\": \"GBP\", \"terminal_url\": \"" + url + "\"}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(RunningHub.json(r).get("errorMessage").asText().contains("terminal_url"), r.body());
        JsonNode site = RunningHub.json(hub.get("/admin/sites/OPTS", RunningHub.ADMIN_KEY));
        assertEquals(TERMINAL.url(), site.get("terminal_url").asText(), "nothing stored");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ftp://127.0.0.1/pos", "file:///etc/passwd", "jdbc:h2:mem:x",
            "http://user:secret@127.0.0.1/pos", "direct:flyt-terminal", "http:///pos",
            "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/pos", "http://0.0.0.0:9/pos"})
    void the_admin_api_refuses_a_terminal_url_that_is_no_plain_http_url(String url) {
        var r = hub.sendJson("PUT", "/admin/sites/SCHEMES", RunningHub.ADMIN_KEY,
                "{\"timezone\": \"Europe/London\", \"currency\": \"GBP\", \"terminal_url\": \"" + url + "\"}");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(404, hub.get("/admin/sites/SCHEMES", RunningHub.ADMIN_KEY).statusCode(), "nothing stored");
    }

    @Test
    void a_terminal_url_stored_before_the_rule_reaches_no_camel_option() throws Exception {
        Path victim = Files.createTempFile("orderhub-victim", ".txt");
        Files.writeString(victim, "still here");
        String[] hostile = {
                "?httpClientConfigurer=%23class:java.io.FileOutputStream('" + victim + "')",
                "?x=%23class:java.lang.System%23setProperty('orderhub.pwned','1')",
                "?customHostHeader={{acme-eats.webhook-secret}}",
                "?httpMethod=DELETE",
                "?followRedirects=true",
                "?proxyHost=127.0.0.1&proxyPort=" + RunningHub.freePort()};
        FlytEndpointTest.site(hub, "STORED", "");
        SiteStore sites = hub.bean("siteStore", SiteStore.class);
        for (int i = 0; i < hostile.length; i++) {
            Site plain = sites.get("STORED").orElseThrow();
            sites.put(new Site(plain.siteId(), plain.name(), plain.timezone(), plain.currency(), plain.hours(),
                    plain.closed(), plain.terminalOnline(), TERMINAL.url() + hostile[i]));
            int before = TERMINAL.requestLines().size();
            var r = FlytEndpointTest.post(hub, FlytEndpointTest.body("STORED", "STORED-" + i));
            assertEquals(200, r.statusCode(), hostile[i] + ": " + r.body());

            assertEquals(before + 1, TERMINAL.requestLines().size(), hostile[i] + ": the terminal got the order");
            String line = TERMINAL.requestLines().get(before);
            assertTrue(line.startsWith("POST /pos?"), hostile[i] + ": a plain POST, got " + line);
            assertFalse(line.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "no secret resolved into the URL: " + line);
            assertTrue(TERMINAL.received().get(before).contains("\"ref_id\":\"STORED-" + i + "\""),
                    "the canonical order: " + TERMINAL.received().get(before));
        }
        assertEquals("still here", Files.readString(victim), "no bean was created from the URL");
        assertEquals(null, System.getProperty("orderhub.pwned"), "no static method ran");
    }
}
