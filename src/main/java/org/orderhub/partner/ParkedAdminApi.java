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

/**
 * {@code GET /admin/parked-deliveries}: partners with parked deliveries; {@code GET .../{partner}}: their
 * deliveries (reason, attempts, state; not the bodies); {@code POST .../{partner}/replay}: each parked one
 * through the partner's current files (route parked-replay: its signature checked again as of when it was
 * received, the current mapping, the checks, stored once per delivery id).
 */
public final class ParkedAdminApi {

    private static final int LIMIT = 1000;

    private final ParkedDeliveries parked;
    private final WebhookHeaderChecks webhooks;
    private final ProducerTemplate replays;

    public ParkedAdminApi(ParkedDeliveries parked, WebhookHeaderChecks webhooks, ProducerTemplate replays) {
        this.parked = parked;
        this.webhooks = webhooks;
        this.replays = replays;
    }

    public void partners(Exchange exchange) throws Exception {
        HttpExchanges.reply(exchange, 200, Map.of("parked", parked.partners()));
    }

    public void list(Exchange exchange) throws Exception {
        String partner = HttpExchanges.pathParam(exchange, "partner");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ParkedDeliveries.Parked p : parked.list(partner, false, LIMIT)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", p.id());
            row.put("delivery", p.deliveryKey());
            row.put("state", p.state());
            row.put("reason", p.reason());
            row.put("attempts", p.attempts());
            row.put("received_at", p.receivedAt().toInstant().toString());
            row.put("bytes", p.body().length);
            if (p.result() != null) {
                row.put("result", p.result());
            }
            rows.add(row);
        }
        HttpExchanges.reply(exchange, 200, Map.of("partner", partner, "deliveries", rows));
    }

    public void replay(Exchange exchange) throws Exception {
        String partner = HttpExchanges.pathParam(exchange, "partner");
        Map<String, String> settings = webhooks.settings(partner);
        List<Map<String, Object>> results = new ArrayList<>();
        int stored = 0;
        for (ParkedDeliveries.Parked p : parked.list(partner, true, LIMIT)) {
            Exchange replay = new DefaultExchange(exchange.getContext());
            p.headers().forEach(replay.getMessage()::setHeader);
            replay.getMessage().setBody(p.body());
            replay.setVariable("partner", partner);
            settings.forEach(replay::setVariable);
            if (p.mapping() != null) {
                replay.setVariable("mapping", p.mapping());
            }
            replay.setVariable(SignatureStep.REPLAY_AT, p.receivedAt().toEpochSecond());
            replays.send("direct:parked-replay", replay);
            String failure = replay.getVariable("replayFailure", String.class);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("id", p.id());
            if (failure == null) {
                String outcome = Json.MAPPER.readTree(replay.getMessage().getBody(byte[].class)).path("result").asText();
                parked.replayed(p.id(), outcome);
                result.put("result", outcome);
                stored++;
            } else {
                parked.stillParked(p.id(), failure);
                result.put("still_parked", failure);
            }
            results.add(result);
        }
        HttpExchanges.reply(exchange, 200, Map.of("partner", partner, "stored", stored,
                "still_parked", results.size() - stored, "deliveries", results));
    }
}
