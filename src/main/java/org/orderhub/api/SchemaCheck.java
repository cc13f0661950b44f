package org.orderhub.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** A JSON Schema under {@code src/main/resources/schemas}, with one plain sentence per wrong or missing field. */
public final class SchemaCheck {

    private final JsonSchema schema;

    /** @param resource for instance {@code /schemas/flyt-order.schema.json} */
    public SchemaCheck(String resource) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws {@code status} with "Invalid order: ..." naming every problem, if there is one. */
    public void check(JsonNode document, int status) {
        List<String> problems = problems(document);
        if (!problems.isEmpty()) {
            throw new ApiException(status, "Invalid order: " + String.join("; ", problems));
        }
    }

    /** Every problem of the document against the schema, one sentence each; empty when it conforms. */
    public List<String> problems(JsonNode document) {
        if (!document.isObject()) {
            return List.of("it must be a JSON object");
        }
        return describe(schema.validate(document));
    }

    /** One sentence per field, worded for the person reading the partner's logs. */
    static List<String> describe(Set<ValidationMessage> errors) {
        // a field allowed in several shapes (anyOf) fails each shape: say once what it may be
        Set<String> alternatives = new TreeSet<>();
        for (ValidationMessage e : errors) {
            if (e.getType().equals("anyOf") || e.getEvaluationPath().toString().contains("anyOf")) {
                alternatives.add(path(e));
            }
        }
        Set<String> out = new TreeSet<>();
        for (ValidationMessage e : errors) {
            String path = path(e);
            String field = path.isEmpty() ? "" : path + " ";
            if (alternatives.contains(path)) {
                out.add(field + (path.endsWith("_at") ? "must be Unix seconds, as a string or a number"
                        : "must be a string or a number"));
                continue;
            }
            switch (e.getType()) {
                case "required" -> out.add((path.isEmpty() ? "" : path + ".") + e.getProperty() + " is required");
                case "type" -> out.add(field + "must be " + typeOf(e) + " (found " + e.getArguments()[0] + ")");
                case "enum", "const" -> out.add(field + "must be one of " + e.getArguments()[0]);
                default -> out.add(field + e.getMessage().replaceFirst("^\\$[^:]*: ", ""));
            }
        }
        return new ArrayList<>(out);
    }

    private static String path(ValidationMessage e) {
        return e.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
    }

    private static String typeOf(ValidationMessage e) {
        Object[] args = e.getArguments();
        return args.length > 1 ? "of type " + args[1] : "of another type";
    }
}
