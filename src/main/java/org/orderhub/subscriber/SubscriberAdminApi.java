package org.orderhub.subscriber;

import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.orderhub.api.ApiException;
import org.orderhub.api.HttpExchanges;
import org.orderhub.api.Json;

/** {@code /admin/subscribers}: who receives events, their backlog, and their dead letters to list and replay. */
public final class SubscriberAdminApi {

    private static final int DEAD_LETTER_PAGE = 100;

    private final Outbox outbox;
    private final Deliveries deliveries;
    private final Clock clock;

    public SubscriberAdminApi(Outbox outbox, Deliveries deliveries, Clock clock) {
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** GET /admin/subscribers: each subscriber with its filters and pending and dead counts. */
    public void list(Exchange exchange) throws Exception {
        allow(exchange, "GET", "/admin/subscribers");
        Map<String, long[]> backlog = deliveries.backlog();
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Subscriber s : outbox.subscribers()) {
            ObjectNode node = out.addObject();
            node.put("name", s.name());
            node.set("event_types", Json.MAPPER.valueToTree(s.eventTypes()));
            node.set("statuses", Json.MAPPER.valueToTree(s.statuses()));
            node.set("sites", Json.MAPPER.valueToTree(s.sites()));
            long[] counts = backlog.getOrDefault(s.name(), new long[2]);
            node.put("pending", counts[0]);
            node.put("dead", counts[1]);
        }
        HttpExchanges.reply(exchange, 200, out);
    }

    /** GET lists the newest dead letters; DELETE forgets the subscriber and what is still queued for it. */
    public void subscriber(Exchange exchange) throws Exception {
        String name = known(exchange);
        switch (HttpExchanges.method(exchange)) {
            case "DELETE" -> {
                outbox.remove(name);
                HttpExchanges.reply(exchange, 200, Map.of("removed", name));
            }
            default -> throw new ApiException(405, "Use DELETE on /admin/subscribers/{name}", Map.of("Allow", "DELETE"));
        }
    }

    /** GET /admin/subscribers/{name}/dead-letters: the newest dead letters, with their last error. */
    public void deadLetters(Exchange exchange) throws Exception {
        allow(exchange, "GET", "/admin/subscribers/{name}/dead-letters");
        HttpExchanges.reply(exchange, 200, deliveries.deadLetters(known(exchange), DEAD_LETTER_PAGE));
    }

    /** POST .../dead-letters/replay (all) or .../dead-letters/{eventId}/replay (one): sends them again. */
    public void replay(Exchange exchange) throws Exception {
        allow(exchange, "POST", "/admin/subscribers/{name}/dead-letters/replay");
        String name = known(exchange);
        String event = exchange.getMessage().getHeader("eventId", String.class);
        Long eventId = null;
        if (event != null) {
            if (!event.matches("evt_[1-9][0-9]{0,17}")) {
                throw new ApiException(404, "Unknown dead letter " + event.replaceAll("\\p{Cntrl}", "?"));
            }
            eventId = Long.parseLong(event.substring(4));
        }
        int replayed = deliveries.replay(name, eventId, clock.instant());
        if (eventId != null && replayed == 0) {
            throw new ApiException(404, "Unknown dead letter " + event + " for subscriber " + name);
        }
        HttpExchanges.reply(exchange, 200, Map.of("subscriber", name, "replayed", replayed));
    }

    private String known(Exchange exchange) {
        String name = HttpExchanges.pathParam(exchange, "name");
        if (outbox.subscribers().stream().noneMatch(s -> s.name().equals(name))) {
            throw new ApiException(404, "Unknown subscriber " + name.replaceAll("\\p{Cntrl}", "?"));
        }
        return name;
    }

    private static void allow(Exchange exchange, String method, String path) {
        if (!method.equals(HttpExchanges.method(exchange))) {
            throw new ApiException(405, "Use " + method + " on " + path, Map.of("Allow", method));
        }
    }
}
