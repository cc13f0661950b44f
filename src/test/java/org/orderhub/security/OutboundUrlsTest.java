package org.orderhub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule for URLs the hub calls: terminals, subscribers, exports, pollers. */
class OutboundUrlsTest {

    private static final Set<String> HTTP_OPTIONS = Set.of("httpMethod", "proxyHost", "followRedirects");
    private final OutboundUrls open = new OutboundUrls(HTTP_OPTIONS, null);
    private final OutboundUrls limited = new OutboundUrls(HTTP_OPTIONS, "pos.example.com, *.flybuy.test,127.0.0.0/8");
    private final OutboundUrls withLoopback = new OutboundUrls(HTTP_OPTIONS, "*,127.0.0.1");

    @ParameterizedTest
    @ValueSource(strings = {"http://pos.example.com/orders", "https://pos.example.com:8443/orders?site=1&x=%20",
            "http://10.1.2.3:9000/pos"})
    void accepts_a_plain_http_url(String url) {
        assertNull(open.problem(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000/pos", "http://localhost/x", "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:8080/x", "http://0.0.0.0:8080/x", "http://[fe80::1]/x", "http://[::ffff:127.0.0.1]/x",
            "http://2130706433/x", "http://100.100.100.200/x"})
    void refuses_loopback_link_local_and_metadata_addresses_unless_named(String url) {
        assertNotNull(open.problem(url), url);
        assertThrows(IllegalArgumentException.class, () -> open.forCall(url));
    }

    @Test
    void an_entry_naming_a_local_address_allows_it_and_star_allows_the_rest() {
        assertNull(withLoopback.problem("http://127.0.0.1:9000/pos"));
        assertNull(withLoopback.problem("https://pos.example.com/x"));
        assertNotNull(withLoopback.problem("http://169.254.169.254/x"));
        assertNull(limited.problem("http://127.0.0.1:9000/pos"), "a network entry names it too");
        assertNotNull(open.hostProblem("127.0.0.1"), "SMTP hosts too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://pos.example.com/x", "pos.example.com/x", "http://u:p@pos.example.com/x",
            "http://pos.example.com/x#f", "http://pos.example.com/x?a=%23class:java.lang.Runtime",
            "http://pos.example.com/{{secret}}", "http://pos.example.com/x?HTTPMETHOD=DELETE",
            "http://pos.example.com/x?httpClient.redirectsEnabled=true", "http:///x", "http://pos example.com/"})
    void refuses_anything_else(String url) {
        assertNotNull(open.problem(url), url);
    }

    @Test
    void the_allow_list_takes_names_wildcards_and_networks() {
        assertNull(limited.problem("https://pos.example.com/x"));
        assertNull(limited.problem("https://api.flybuy.test/x"));
        assertNull(limited.problem("http://127.0.0.1:8080/x"));
        assertNotNull(limited.problem("https://evil.example.com/x"));
        assertNotNull(limited.problem("http://10.1.2.3/x"));
        assertThrows(IllegalArgumentException.class, () -> limited.forCall("http://10.1.2.3/x"));
    }

    @Test
    void a_stored_url_is_called_as_a_request_line_only() {
        assertEquals("http://127.0.0.1:9/pos?a=%7B%7Bsecret%7D%7D",
                withLoopback.forCall("http://user:pw@127.0.0.1:9/pos?a={{secret}}#frag"));
        assertThrows(IllegalArgumentException.class, () -> open.forCall("file:///etc/passwd"));
    }

    @Test
    void an_smtp_host_is_a_plain_host_held_to_the_allow_list() {
        assertNull(open.hostProblem("smtp.example.com"));
        assertNull(limited.hostProblem("127.0.0.1"));
        assertNotNull(limited.hostProblem("smtp.example.com"), "not in the allow-list");
        assertNotNull(open.hostProblem("smtp.example.com?mail.smtp.host=evil"));
        assertNotNull(open.hostProblem("smtp.example.com&username=x"));
        assertNotNull(open.hostProblem("user@smtp.example.com"));
        assertNotNull(open.hostProblem(""));
    }
}
