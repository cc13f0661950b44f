package org.orderhub.mapping;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.Json;
import org.orderhub.api.RouteVariables;

/**
 * The {@code map-event} step of what the hub sends out: when the receiver names an outbound mapping
 * (variable {@code outboundMapping}, a file under {@code mappings/}), turns the JSON body into the
 * receiver's own: an event (an object) as a whole, an export batch (an array) order by order. Without one
 * the body goes unchanged.
 * A mapping that fails throws {@link MappingException} (or {@link UnmappableInput}) naming the file,
 * line and reason: the caller dead-letters that one event and goes on with the others.
 */
public final class OutboundMapping implements Processor {

    public static final String VARIABLE = "outboundMapping";
    /** Who the mapping is for, e.g. "Subscriber flybuy": opens the log line of a failure. */
    public static final String RECEIVER = "receiver";

    private final JsonataMappings mappings;

    public OutboundMapping(JsonataMappings mappings) {
        this.mappings = mappings;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String file = RouteVariables.text(exchange, VARIABLE, null);
        if (file == null) {
            return;
        }
        String receiver = RouteVariables.text(exchange, RECEIVER, null);
        JsonNode input = Json.MAPPER.readTree(exchange.getMessage().getBody(byte[].class));
        JsonNode output;
        if (input.isArray()) {
            ArrayNode each = Json.MAPPER.createArrayNode();
            input.forEach(order -> each.add(mappings.mapFor(receiver, file, order)));
            output = each;
        } else {
            output = mappings.mapFor(receiver, file, input);
        }
        exchange.getMessage().setBody(Json.MAPPER.writeValueAsBytes(output));
    }
}
