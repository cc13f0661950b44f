package org.orderhub.api;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Parses the request body as JSON into the variable {@code requestJson} (415, 413 and 400 as
 * {@link HttpExchanges#jsonBody} answers them). The body itself stays the raw bytes the partner sent,
 * so a refusal keeps what was really received.
 */
public final class JsonRequest implements Processor {

    public static final String VARIABLE = "requestJson";

    private final ObjectReader reader;

    private JsonRequest(ObjectReader reader) {
        this.reader = reader;
    }

    /** Plain JSON, as partners send it. */
    public static JsonRequest strict() {
        return new JsonRequest(Json.MAPPER.reader());
    }

    /** JSON with {@code //} and {@code /* *}{@code /} comments: seed 001's Flyt sample bodies carry them. */
    public static JsonRequest withComments() {
        return new JsonRequest(Json.MAPPER.reader().with(JsonReadFeature.ALLOW_JAVA_COMMENTS));
    }

    @Override
    public void process(Exchange exchange) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(raw); // readable again by later steps and by the error reply
        exchange.setVariable(VARIABLE, HttpExchanges.jsonBody(exchange, reader));
    }
}
