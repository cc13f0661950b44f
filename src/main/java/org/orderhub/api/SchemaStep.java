package org.orderhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Checks a variable's JSON against a schema under {@code schemas/}, refusing with {@code status} and every problem. */
public final class SchemaStep implements Processor {

    private final SchemaCheck schema;
    private final String variable;
    private final int status;

    public SchemaStep(String resource, String variable, int status) {
        this.schema = new SchemaCheck(resource);
        this.variable = variable;
        this.status = status;
    }

    @Override
    public void process(Exchange exchange) {
        schema.check(exchange.getVariable(variable, JsonNode.class), status);
    }
}
