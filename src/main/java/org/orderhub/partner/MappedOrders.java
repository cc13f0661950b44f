package org.orderhub.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.ApiException;
import org.orderhub.api.SchemaCheck;

/** What every inbound partner flow (webhook or poller) does with a mapped order before storing it. */
final class MappedOrders {

    /** Seed 000's required parameters, as canonical fields. */
    private static final List<String> REQUIRED = List.of("order_id", "site_id", "customer.phone");
    private static final SchemaCheck CANONICAL = new SchemaCheck("/schemas/canonical-order.schema.json");

    private MappedOrders() {
    }

    /** Seed 000's required fields the mapped order lacks (as canonical paths, e.g. customer.phone). */
    static List<String> missing(ObjectNode order) {
        List<String> missing = new ArrayList<>();
        for (String field : REQUIRED) {
            JsonNode v = order.at("/" + field.replace('.', '/'));
            if (v.isMissingNode() || v.isNull() || v.asText().isBlank()) {
                missing.add(field);
            }
        }
        return missing;
    }

    /** Every problem the canonical schema finds in the mapped order (the mapping try-out lists them). */
    static List<String> schemaProblems(ObjectNode order) {
        return CANONICAL.problems(order);
    }

    /** 422 naming every missing required field, then every field the canonical schema refuses. */
    static void check(ObjectNode order) {
        List<String> missing = missing(order);
        if (!missing.isEmpty()) {
            throw new ApiException(422, "Missing required fields: " + String.join(", ", missing));
        }
        CANONICAL.check(order, 422);
    }

    /** Hex SHA-256 of the parts in order: the delivery key when a partner sends no delivery id. */
    static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
