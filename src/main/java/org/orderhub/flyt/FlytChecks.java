package org.orderhub.flyt;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.orderhub.api.ApiException;
import org.orderhub.site.CatalogItem;
import org.orderhub.site.Site;
import org.orderhub.site.SiteStore;

/** The store-side checks of seed 001, in order, with its messages word for word. */
public final class FlytChecks {

    private final SiteStore sites;
    private final Clock clock;

    public FlytChecks(SiteStore sites, Clock clock) {
        this.sites = sites;
        this.clock = clock;
    }

    /** Returns the site when the order may be placed there; otherwise throws the refusal Flyt shows. */
    Site check(String storeId, JsonNode items) throws SQLException {
        Site site = sites.get(storeId).orElseThrow(() -> new ApiException(404, "Unknown store " + storeId));
        if (!site.isOpenAt(clock.instant())) {
            throw new ApiException(409, "The store " + storeId + " is currently closed");
        }
        if (!site.terminalOnline()) {
            throw terminalOff(storeId);
        }
        List<CatalogItem> catalogItems = new ArrayList<>();
        for (String plu : plus(items, new ArrayList<>())) {
            catalogItems.add(sites.item(storeId, plu)
                    .orElseThrow(() -> new ApiException(422, "Could not find item " + plu)));
        }
        for (CatalogItem item : catalogItems) {
            if (!item.available()) {
                throw new ApiException(409, storeId + " is currently out of stock for " + item.name() + ": " + item.plu());
            }
        }
        return site;
    }

    static ApiException terminalOff(String storeId) {
        return new ApiException(503, "The terminal is off at " + storeId + " and cannot be connected to at this time",
                Map.of("Retry-After", "30"));
    }

    /** Every SKU of the canonical items, modifiers included, in order. */
    private static List<String> plus(JsonNode items, List<String> out) {
        for (JsonNode item : items) {
            out.add(item.path("sku").asText());
            plus(item.path("children"), out);
        }
        return out;
    }
}
