package org.orderhub.site;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.Json;

/** A product a site sells, by its POS PLU; {@code available=false} means out of stock. */
public record CatalogItem(String plu, String name, BigDecimal price, boolean available) {

    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("plu", plu);
        o.put("name", name);
        o.put("price", price);
        o.put("available", available);
        return o;
    }
}
