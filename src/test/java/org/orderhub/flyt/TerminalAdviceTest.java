package org.orderhub.flyt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;

/**
 * The terminal call as the flyt-terminal route makes it, seen at its one step (advice replaces the
 * camel-http endpoint with a mock, no server needed): a fixed endpoint whatever the site, the site's
 * terminal_url only in CamelHttpUri, the canonical order as the body, and the terminal's answer deciding
 * Flyt's.
 */
class TerminalAdviceTest {

    private static final String TERMINAL_URL = "http://terminal.example:8443/orders/in?store=7";

    @Test
    void the_terminal_step_posts_the_order_to_the_sites_url_through_one_fixed_endpoint() throws Exception {
        try (RunningHub hub = RunningHub.start(Map.of())) {
            String fixed = ((ModelCamelContext) hub.context()).getRouteDefinition("flyt-terminal").getOutputs().get(0)
                    .toString();
            assertTrue(fixed.contains("http://site-terminal?httpMethod=POST&followRedirects=false&throwExceptionOnFailure=false"),
                    fixed);
            AdviceWith.adviceWith(hub.context(), "flyt-terminal",
                    route -> route.weaveById("post-to-terminal").replace().to("mock:terminal"));
            MockEndpoint terminal = hub.context().getEndpoint("mock:terminal", MockEndpoint.class);
            int[] answer = {200};
            terminal.whenAnyExchangeReceived(e -> e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, answer[0]));
            terminal.expectedMessageCount(1);
            terminal.expectedHeaderReceived(Exchange.HTTP_URI, TERMINAL_URL);
            FlytEndpointTest.site(hub, "ADVICE", ", \"terminal_url\": \"" + TERMINAL_URL + "\"");

            HttpResponse<String> taken = hub.sendJson("POST", "/flyt/orders", "test-flyt-token-0123456789",
                    FlytEndpointTest.body("ADVICE", "ADVICE-1"));
            assertEquals(200, taken.statusCode(), taken.body());
            terminal.assertIsSatisfied();
            Exchange sent = terminal.getReceivedExchanges().get(0);
            assertEquals("application/json", sent.getMessage().getHeader(Exchange.CONTENT_TYPE));
            String order = sent.getMessage().getBody(String.class);
            assertTrue(order.contains("ADVICE-1") && order.contains("\"site_id\":\"ADVICE\""), order);

            answer[0] = 503; // the terminal refuses: Flyt hears the seed's words, nothing is kept
            HttpResponse<String> refused = hub.sendJson("POST", "/flyt/orders", "test-flyt-token-0123456789",
                    FlytEndpointTest.body("ADVICE", "ADVICE-2"));
            assertEquals("The terminal is off at ADVICE and cannot be connected to at this time",
                    RunningHub.json(refused).get("errorMessage").asText(), refused.body());
            assertTrue(hub.orderStore().idOf("flyt", "ADVICE/SkipTheDishes/collection-by-customer/ADVICE-1").isPresent());
            assertTrue(hub.orderStore().idOf("flyt", "ADVICE/SkipTheDishes/collection-by-customer/ADVICE-2").isEmpty());
        }
    }
}
