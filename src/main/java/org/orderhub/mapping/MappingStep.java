package org.orderhub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.JsonRequest;
import org.orderhub.api.RouteVariables;

/**
 * Turns the partner's JSON (variable {@code requestJson}) into the canonical order (variable
 * {@code order}) with the JSONata file the route names in {@code mapping}, by default
 * {@code {partner}.jsonata}. A mapping that fails refuses the order with its file, line and reason.
 */
public final class MappingStep implements Processor {

    public static final String ORDER = "order";
    /** The mapping file the step used, for the checks after it. */
    public static final String FILE = "mappingFile";

    private final JsonataMappings mappings;

    public MappingStep(JsonataMappings mappings) {
        this.mappings = mappings;
    }

    @Override
    public void process(Exchange exchange) {
        String file = RouteVariables.text(exchange, "mapping",
                RouteVariables.text(exchange, "partner", "order") + ".jsonata");
        exchange.setVariable(FILE, file);
        exchange.setVariable(ORDER, mappings.map(RouteVariables.text(exchange, "partner", null), file,
                exchange.getVariable(JsonRequest.VARIABLE, JsonNode.class)));
    }
}
