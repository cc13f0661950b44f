package org.orderhub.flyt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;

/** The time budget: a terminal that never answers gets Flyt a 408 on time, and the order is not kept. */
class FlytTimeoutTest {

    @Test
    void answers_408_when_the_budget_runs_out_keeps_nothing_and_a_retry_succeeds() {
        try (RunningHub hub = RunningHub.start(Map.of("orderhub.flyt.timeout", "2s"));
             FakeTerminal terminal = new FakeTerminal()) {
            FlytEndpointTest.site(hub, "SLOWPOS", ", \"terminal_url\": \"" + terminal.url() + "\"");
            String body = FlytEndpointTest.body("SLOWPOS", "SLOW-1");
            terminal.neverAnswer();

            long started = System.nanoTime();
            HttpResponse<String> refused = FlytEndpointTest.post(hub, body);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(408, refused.statusCode(), refused.body());
            assertTrue(RunningHub.json(refused).get("errorMessage").asText().contains("not placed"), refused.body());
            assertTrue(seconds >= 1.8 && seconds < 3.5, "408 after about 2 s, took " + seconds);

            // the worker still waits for the terminal after the 408; whatever happens next, nothing is kept
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> RunningHub.json(hub.get("/orders?ref_id=SLOW-1", RunningHub.API_KEY)).isEmpty());

            terminal.answer();
            HttpResponse<String> retried = FlytEndpointTest.post(hub, body);
            assertEquals(200, retried.statusCode(), retried.body());
            assertEquals(1, RunningHub.json(hub.get("/orders?ref_id=SLOW-1", RunningHub.API_KEY)).size());
        }
    }
}
