package org.orderhub.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.orderhub.api.ApiException;
import org.orderhub.api.HttpExchanges;
import org.orderhub.api.Json;
import org.orderhub.api.JsonRequest;
import org.orderhub.mapping.JsonataMappings;
import org.orderhub.mapping.MappingException;
import org.orderhub.mapping.UnmappableInput;

/**
 * {@code POST /admin/mappings/{file}/try}: runs a mapping file on the sample body an operator posts and
 * answers what it makes of it, storing and sending nothing. Inbound (the default, {@code ?kind=inbound}):
 * the canonical order, every problem the canonical schema finds in it, and seed 000's required fields it
 * lacks. Outbound ({@code ?kind=outbound}, the sample being a hub event or an exported order): the body the
 * receiver would get. A mapping that does not compile or fails on the sample is a problem in the answer.
 */
public final class MappingTryOut {

    private static final String NAME = "[a-z0-9][a-z0-9._-]{0,63}[.]jsonata";

    private final JsonataMappings mappings;

    public MappingTryOut(JsonataMappings mappings) {
        this.mappings = mappings;
    }

    public void answer(Exchange exchange) {
        String file = HttpExchanges.pathParam(exchange, "file");
        if (file == null || !file.matches(NAME)) {
            throw new ApiException(400, "A mapping is named like acme-eats.jsonata (a-z, 0-9, '.', '_', '-')");
        }
        String kind = exchange.getMessage().getHeader("kind", "inbound", String.class);
        if (!kind.equals("inbound") && !kind.equals("outbound")) {
            throw new ApiException(400, "kind must be inbound or outbound");
        }
        if (!mappings.exists(file)) {
            throw new ApiException(404, "No mapping " + file + " in the mappings folder or the jar");
        }
        JsonNode sample = exchange.getVariable(JsonRequest.VARIABLE, JsonNode.class);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("mapping", file);
        answer.put("kind", kind);
        ArrayNode problems = answer.putArray("problems");
        ArrayNode missing = answer.putArray("missing_required");
        try {
            ObjectNode result = mappings.mapFor(null, file, sample);
            answer.set("result", result);
            if (kind.equals("inbound")) {
                MappedOrders.missing(result).forEach(missing::add);
                MappedOrders.schemaProblems(result).forEach(problems::add);
            }
        } catch (MappingException | UnmappableInput e) {
            answer.putNull("result");
            problems.add(e.getMessage());
        }
        answer.put("ok", problems.isEmpty() && missing.isEmpty());
        HttpExchanges.reply(exchange, 200, answer);
    }
}
