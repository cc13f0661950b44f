package org.orderhub.api;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Reading requests and writing JSON replies the same way on every endpoint. */
public final class HttpExchanges {

    private HttpExchanges() {
    }

    public static String method(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        return method == null ? "" : method.toUpperCase(Locale.ROOT);
    }

    /** A path parameter such as {siteId}: 400 unless it is 1 to 64 printable characters. */
    public static String pathParam(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        if (value == null || value.isBlank() || value.length() > 64 || value.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(400, name + " must be 1 to 64 printable characters");
        }
        return value;
    }

    /** The request body as JSON: 415 for a non-JSON content type, 400 for an empty or malformed body. */
    public static JsonNode jsonBody(Exchange exchange) {
        return jsonBody(exchange, Json.MAPPER.reader());
    }

    /** As {@link #jsonBody(Exchange)}, parsed by {@code reader} (for instance one that allows comments). */
    public static JsonNode jsonBody(Exchange exchange, com.fasterxml.jackson.databind.ObjectReader reader) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !isJson(contentType)) {
            throw new ApiException(415, "Content-Type must be application/json");
        }
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        if (raw == null || raw.length == 0) {
            throw new ApiException(400, "The request body is empty; send a JSON object");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(400, "The request body is not valid UTF-8");
        }
        try {
            JsonNode node = reader.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(400, "The request body is empty; send a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "Unreadable request body");
        }
    }

    static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /** Replaces the message with a JSON reply; no request or internal header leaks into the response. */
    public static void reply(Exchange exchange, int status, Object body) {
        reply(exchange, status, body, Map.of());
    }

    public static void reply(Exchange exchange, int status, Object body, Map<String, String> headers) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reply not serializable", e);
        }
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        headers.forEach(message::setHeader);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(bytes);
    }

    public static void error(Exchange exchange, int status, String message, Map<String, String> headers) {
        reply(exchange, status, Map.of("errorMessage", message), headers);
    }
}
