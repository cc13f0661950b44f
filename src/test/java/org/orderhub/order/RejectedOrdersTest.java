package org.orderhub.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.orderhub.api.Json;

/** A refused order is kept for operators with its personal data masked, numbers included. */
class RejectedOrdersTest {

    @Test
    void phone_numbers_sent_as_json_numbers_are_masked() throws Exception {
        JsonNode body = Json.MAPPER.readTree("""
                {"order_id": "A-1", "customer": {"phone": 4151234567, "name": "Ann"}, "contact": [4915123456789],
                 "quantity": 2, "price": 750, "created_at": 1553495441}""");
        String masked = RejectedOrders.mask(body.deepCopy()).toString();
        assertFalse(masked.contains("4151234567"), masked);
        assertFalse(masked.contains("4915123456789"), masked);
        assertFalse(masked.contains("Ann"), masked);
        JsonNode kept = Json.MAPPER.readTree(masked);
        assertEquals("A-1", kept.get("order_id").asText(), "identifiers stay readable");
        assertEquals(2, kept.get("quantity").asInt(), "small numbers stay");
        assertEquals(750, kept.get("price").asInt());
        assertEquals(1553495441L, kept.get("created_at").asLong(), "times stay");
    }
}
