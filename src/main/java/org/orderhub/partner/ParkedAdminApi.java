package org.orderhub.partner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.orderhub.api.HttpExchanges;
import org.orderhub.api.Json;
import org.orderhub.security.Pii;

/**
 * {@code GET /admin/parked-deliveries}: partners with parked deliveries; {@code GET .../{partner}}: their
 * deliveries (reason, attempts, state, size; never the bodies; {@code ?after=id} pages on);
 * {@code POST .../{partner}/replay}: each parked one, its body read one at a time, through the partner's
 * current files (route parked-replay: its signature checked again as of when it was received, the current
 * mapping, the checks, stored once per delivery id); {@code DELETE .../{partner}} and
 * {@code DELETE .../{partner}/{id}}: discard all of a partner's rows, or one.
 */
public final class ParkedAdminApi {

    private static final int LIMIT = 1000;
    private static final int REPLAY_PAGE = 100;

    private final ParkedDeliveries parked;
    private final WebhookHeaderChecks webhooks;
    private final ProducerTemplate replays;
    private final Runnable filesCurrent;

    /** {@code filesCurrent} returns once the operator's files as saved now are taken up (or it gave up waiting). */
    public ParkedAdminApi(ParkedDeliveries parked, WebhookHeaderChecks webhooks, ProducerTemplate replays,
                          Runnable filesCurrent) {
        this.parked = parked;
        this.webhooks = webhooks;
        this.replays = replays;
        this.filesCurrent = filesCurrent;
    }

    public void partners(Exchange exchange) throws Exception {
        HttpExchanges.reply(exchange, 200, Map.of("parked", parked.partners()));
    }

    public void list(Exchange exchange) throws Exception {
        String partner = HttpExchanges.pathParam(exchange, "partner");
        long after = after(exchange);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ParkedDeliveries.Parked p : parked.list(partner, false, after, LIMIT)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", p.id());
            row.put("delivery", p.deliveryKey());
            row.put("state", p.state());
            row.put("reason", Pii.quotedValues(p.reason())); // the values a mapping quotes may be personal data
            row.put("attempts", p.attempts());
            row.put("received_at", p.receivedAt().toInstant().toString());
            row.put("bytes", p.bytes());
            if (p.result() != null) {
                row.put("result", p.result());
            }
            rows.add(row);
        }
        HttpExchanges.reply(exchange, 200, Map.of("partner", partner, "deliveries", rows));
    }

    private static long after(Exchange exchange) {
        String after = exchange.getMessage().getHeader("after", String.class);
        try {
            return after == null ? 0 : Long.parseLong(after.trim());
        } catch (NumberFormatException e) {
            throw new org.orderhub.api.ApiException(400, "after must be a delivery id (a whole number)");
        }
    }

    public void discard(Exchange exchange) throws Exception {
        String partner = HttpExchanges.pathParam(exchange, "partner");
        String id = exchange.getMessage().getHeader("id", String.class);
        Long one = null;
        if (id != null) {
            try {
                one = Long.parseLong(id.trim());
            } catch (NumberFormatException e) {
                throw new org.orderhub.api.ApiException(400, "the delivery id must be a whole number");
            }
        }
        int discarded = parked.discard(partner, one);
        if (one != null && discarded == 0) {
            throw new org.orderhub.api.ApiException(404, "Partner " + partner + " has no parked delivery " + one);
        }
        HttpExchanges.reply(exchange, 200, Map.of("partner", partner, "discarded", discarded));
    }

    public void replay(Exchange exchange) throws Exception {
        String partner = HttpExchanges.pathParam(exchange, "partner");
        // rows parked under a name no route serves any more (a misspelt partner=) replay as the right partner
        String as = exchange.getMessage().getHeader("as", String.class);
        String through = as == null || as.isBlank() ? partner : as.trim();
        filesCurrent.run(); // an operator's fix saved just before is taken up first
        Map<String, String> settings = webhooks.settings(through);
        if (settings.isEmpty()) {
            throw new org.orderhub.api.ApiException(409, "Partner " + through + " has no running webhook route to "
                    + "replay through" + (as == null ? "; to replay these deliveries as another partner, add ?as=<partner>"
                    : ""));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int stored = 0;
        long after = 0;
        List<ParkedDeliveries.Parked> page;
        do {
            page = parked.list(partner, true, after, REPLAY_PAGE);
            for (ParkedDeliveries.Parked p : page) {
                after = p.id();
                byte[] body = parked.body(p.id());
                if (body == null) {
                    continue; // discarded meanwhile
                }
                Map<String, Object> result = replayOne(exchange, through, settings, p, body);
                if (result.containsKey("result")) {
                    stored++;
                }
                results.add(result);
            }
        } while (page.size() == REPLAY_PAGE);
        HttpExchanges.reply(exchange, 200, Map.of("partner", partner, "stored", stored,
                "still_parked", results.size() - stored, "deliveries", results));
    }

    /** One delivery through route parked-replay; its body is let go before the next is read. */
    private Map<String, Object> replayOne(Exchange exchange, String partner, Map<String, String> settings,
                                          ParkedDeliveries.Parked p, byte[] body) throws Exception {
        Exchange replay = new DefaultExchange(exchange.getContext());
        p.headers().forEach(replay.getMessage()::setHeader);
        replay.getMessage().setBody(body);
        replay.setVariable("partner", partner);
        settings.forEach(replay::setVariable); // the partner's current files: signature settings and mapping
        replay.setVariable(SignatureStep.REPLAY_AT, p.receivedAt().toEpochSecond());
        replays.send("direct:parked-replay", replay);
        String failure = replay.getVariable("replayFailure", String.class);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", p.id());
        if (failure == null) {
            String outcome = Json.MAPPER.readTree(replay.getMessage().getBody(byte[].class)).path("result").asText();
            parked.replayed(p.id(), outcome);
            result.put("result", outcome);
        } else {
            parked.stillParked(p.id(), failure);
            result.put("still_parked", Pii.quotedValues(failure));
        }
        return result;
    }
}
