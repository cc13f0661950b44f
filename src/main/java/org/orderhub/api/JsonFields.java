package org.orderhub.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Strict reading of an operator's JSON body: unknown fields and wrong types are named, all at once. */
public final class JsonFields {

    private final JsonNode body;
    private final List<String> problems = new ArrayList<>();

    public JsonFields(JsonNode body, Set<String> allowed) {
        if (!body.isObject()) {
            throw new ApiException(400, "The request body must be a JSON object");
        }
        this.body = body;
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                problems.add("unknown field '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
                        + "' (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    public JsonNode node(String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v;
    }

    public String text(String field, int maxLength, boolean required) {
        JsonNode v = node(field);
        if (v == null) {
            if (required) {
                problems.add(field + " is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add(field + " must be a non-empty string");
            return null;
        }
        if (v.asText().length() > maxLength) {
            problems.add(field + " is longer than " + maxLength + " characters");
            return null;
        }
        if (Json.hasControlCharacters(v.asText()) || v.asText().contains("\n")) {
            problems.add(field + " must not contain control characters");
            return null;
        }
        return v.asText().trim();
    }

    public boolean bool(String field, boolean fallback) {
        JsonNode v = node(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            problems.add(field + " must be true or false");
            return fallback;
        }
        return v.booleanValue();
    }

    public BigDecimal decimal(String field, boolean required) {
        JsonNode v = node(field);
        if (v == null) {
            if (required) {
                problems.add(field + " is required");
            }
            return null;
        }
        if (!v.isNumber()) {
            problems.add(field + " must be a number");
            return null;
        }
        return v.decimalValue();
    }

    public void problem(String problem) {
        problems.add(problem);
    }

    public List<String> problems() {
        return problems;
    }

    /** 400 naming every problem found, if any. */
    public void check() {
        if (!problems.isEmpty()) {
            throw new ApiException(400, "Invalid request: " + String.join("; ", problems));
        }
    }
}
