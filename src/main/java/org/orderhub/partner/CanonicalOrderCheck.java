package org.orderhub.partner;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.mapping.JsonataMappings;
import org.orderhub.mapping.MappingException;
import org.orderhub.mapping.MappingStep;

/**
 * Seed 000's required fields and the canonical schema, on the mapped order (422 naming each problem). A
 * required field the mapping file never writes is the hub's mistake, not the partner's data: that is a
 * {@link MappingException} (the delivery is parked and answered 503), not a 422.
 */
public final class CanonicalOrderCheck implements Processor {

    private final JsonataMappings mappings;

    public CanonicalOrderCheck(JsonataMappings mappings) {
        this.mappings = mappings;
    }

    @Override
    public void process(Exchange exchange) {
        ObjectNode order = exchange.getVariable(MappingStep.ORDER, ObjectNode.class);
        String file = exchange.getVariable(MappingStep.FILE, String.class);
        if (file != null) {
            List<String> unwritten = MappedOrders.missing(order).stream()
                    .filter(field -> !mappings.writes(file, field.substring(field.lastIndexOf('.') + 1))).toList();
            if (!unwritten.isEmpty()) {
                throw new MappingException("Mapping " + file + " does not write the required field(s) "
                        + String.join(", ", unwritten));
            }
        }
        MappedOrders.check(order);
    }
}
