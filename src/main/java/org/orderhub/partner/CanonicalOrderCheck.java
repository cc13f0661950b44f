package org.orderhub.partner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.mapping.MappingStep;

/** Seed 000's required fields and the canonical schema, on the mapped order (422 naming each problem). */
public final class CanonicalOrderCheck implements Processor {

    @Override
    public void process(Exchange exchange) {
        MappedOrders.check(exchange.getVariable(MappingStep.ORDER, ObjectNode.class));
    }
}
