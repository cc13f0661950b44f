package org.orderhub.site;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.ZoneId;

import org.orderhub.storage.HubState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo site of SPEC 2 (seed 001's posLocationId, its two PLUs), loaded once at first start so
 * every Flyt sample body is accepted as it stands. Never loaded again, even if an operator changes it.
 */
public final class DemoData {

    public static final String SITE_ID = "BBBBBBBBB";
    private static final String LOADED = "demo-data.loaded";
    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private DemoData() {
    }

    public static void loadOnce(SiteStore sites, HubState state) throws SQLException {
        if (state.get(LOADED).isPresent() || !state.claim(LOADED, "true")) {
            return; // loaded before, or by another node starting at the same time
        }
        sites.put(new Site(SITE_ID, "Demo site", ZoneId.of("Europe/London"), "GBP", null, false, true, null));
        sites.putItem(SITE_ID, new CatalogItem("11212121", "Fish and Chips", new BigDecimal("7.50"), true));
        sites.putItem(SITE_ID, new CatalogItem("11211", "Extra Sauce", new BigDecimal("1.50"), true));
        LOG.info("Demo data loaded: site {} (GBP, Europe/London, always open) with PLUs 11212121 and 11211", SITE_ID);
    }
}
