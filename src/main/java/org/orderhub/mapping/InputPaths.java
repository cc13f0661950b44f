package org.orderhub.mapping;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Where in a partner's body a value sits, so an answer can name the field the partner got wrong. */
final class InputPaths {

    private InputPaths() {
    }

    /** The path ({@code lines[2].price}) of the first scalar in {@code input} whose text is {@code value}; null if none. */
    static String of(JsonNode input, Object value) {
        return value == null ? null : find(input, String.valueOf(value), "");
    }

    private static String find(JsonNode node, String value, String path) {
        if (node.isValueNode()) {
            return node.asText().equals(value) && !path.isEmpty() ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = find(node.get(i), value, path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String found = find(field.getValue(), value, path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
