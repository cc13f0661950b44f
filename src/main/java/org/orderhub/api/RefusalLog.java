package org.orderhub.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a refused inbound order is kept for operators (with its reason and a masked body). */
public interface RefusalLog {

    void record(String source, String orderId, String reason, JsonNode body) throws Exception;
}
