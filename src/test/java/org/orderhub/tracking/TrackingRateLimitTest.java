package org.orderhub.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderhub.RunningHub;

/** Excess request rates per API key get 429, so phone lookups cannot be used to enumerate customers. */
class TrackingRateLimitTest {

    @RegisterExtension
    static final RunningHub hub = RunningHub.perClass(Map.of("orderhub.api-keys", "fast-key-0123456789ab,other-key-0123456789a",
                "orderhub.tracking.rate-limit", "2", "orderhub.tracking.burst", "5"));

    @Test
    void answers_429_with_retry_after_beyond_the_burst_and_limits_each_key_on_its_own() {
        int ok = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = hub.get("/orders?phone=5550001234", "fast-key-0123456789ab");
            if (r.statusCode() == 200) {
                ok++;
            } else {
                refused = r;
            }
        }
        assertTrue(ok >= 5 && ok < 20, "the burst of 5 passes, then requests are refused; passed: " + ok);
        assertEquals(429, refused.statusCode());
        assertTrue(RunningHub.json(refused).get("errorMessage").asText().contains("Too many requests"));
        assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElse("0")) >= 1);

        assertEquals(200, hub.get("/orders?phone=5550001234", "other-key-0123456789a").statusCode(),
                "another key has its own allowance");
    }
}
