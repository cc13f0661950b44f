package org.orderhub.site;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.orderhub.api.ApiException;
import org.orderhub.api.HttpExchanges;
import org.orderhub.api.JsonFields;
import org.orderhub.security.OutboundUrls;

/** {@code /admin/sites/{siteId}} and its catalog (SPEC 4.6): operators describe stores and what they sell. */
public final class SiteAdminApi {

    private static final Set<String> SITE_FIELDS = Set.of("name", "timezone", "currency", "hours", "closed",
            "terminal_online", "terminal_url");
    private static final Set<String> ITEM_FIELDS = Set.of("name", "price", "available");

    private final SiteStore sites;
    private final OutboundUrls urls;

    public SiteAdminApi(SiteStore sites, OutboundUrls urls) {
        this.sites = sites;
        this.urls = urls;
    }

    /** GET or PUT one site. */
    public void site(Exchange exchange) throws Exception {
        String siteId = HttpExchanges.pathParam(exchange, "siteId");
        switch (HttpExchanges.method(exchange)) {
            case "GET" -> {
                Site site = existing(siteId);
                ObjectNode body = site.toJson();
                body.set("catalog", org.orderhub.api.Json.MAPPER.valueToTree(
                        sites.catalog(siteId).stream().map(CatalogItem::toJson).toList()));
                HttpExchanges.reply(exchange, 200, body);
            }
            case "PUT" -> {
                Site site = parseSite(siteId, HttpExchanges.jsonBody(exchange));
                boolean created = sites.put(site);
                HttpExchanges.reply(exchange, created ? 201 : 200, site.toJson());
            }
            default -> throw new ApiException(405, "Use GET or PUT on /admin/sites/{siteId}", Map.of("Allow", "GET, PUT"));
        }
    }

    /** GET or PUT one catalog item of an existing site. */
    public void catalogItem(Exchange exchange) throws Exception {
        String siteId = HttpExchanges.pathParam(exchange, "siteId");
        String plu = HttpExchanges.pathParam(exchange, "plu");
        switch (HttpExchanges.method(exchange)) {
            case "GET" -> {
                existing(siteId);
                CatalogItem item = sites.item(siteId, plu)
                        .orElseThrow(() -> new ApiException(404, "Could not find item " + plu));
                HttpExchanges.reply(exchange, 200, item.toJson());
            }
            case "PUT" -> {
                JsonNode body = HttpExchanges.jsonBody(exchange);
                existing(siteId);
                CatalogItem item = parseItem(plu, body);
                boolean created = sites.putItem(siteId, item);
                HttpExchanges.reply(exchange, created ? 201 : 200, item.toJson());
            }
            default -> throw new ApiException(405, "Use GET or PUT on /admin/sites/{siteId}/catalog/{plu}",
                    Map.of("Allow", "GET, PUT"));
        }
    }

    private Site existing(String siteId) throws Exception {
        return sites.get(siteId).orElseThrow(() -> new ApiException(404, "Unknown store " + siteId));
    }

    Site parseSite(String siteId, JsonNode body) {
        JsonFields f = new JsonFields(body, SITE_FIELDS);
        String name = f.text("name", 200, false);
        String zone = f.text("timezone", 64, true);
        ZoneId timezone = null;
        if (zone != null) {
            try {
                timezone = ZoneId.of(zone);
            } catch (DateTimeException e) {
                f.problem("timezone '" + zone + "' is not a known time zone; use an IANA name like Europe/London");
            }
        }
        String currency = f.text("currency", 3, true);
        if (currency != null && !isCurrency(currency)) {
            f.problem("currency must be a three-letter ISO 4217 code like GBP");
        }
        OpeningHours hours = f.node("hours") == null ? null : OpeningHours.parse(f.node("hours"), f.problems());
        boolean closed = f.bool("closed", false);
        boolean terminalOnline = f.bool("terminal_online", true);
        String terminalUrl = f.text("terminal_url", 2000, false);
        String urlProblem = terminalUrl == null ? null : urls.problem(terminalUrl);
        if (urlProblem != null) {
            f.problem("terminal_url " + urlProblem);
        }
        f.check();
        return new Site(siteId, name == null ? siteId : name, timezone, currency, hours, closed, terminalOnline,
                terminalUrl);
    }

    static CatalogItem parseItem(String plu, JsonNode body) {
        JsonFields f = new JsonFields(body, ITEM_FIELDS);
        String name = f.text("name", 200, true);
        BigDecimal price = f.decimal("price", true);
        if (price != null && (price.signum() < 0 || price.scale() > 4 || price.precision() - (long) price.scale() > 15)) {
            f.problem("price must be a non-negative amount in major units with at most 4 decimals, like 7.50");
        }
        boolean available = f.bool("available", true);
        f.check();
        return new CatalogItem(plu, name, price, available);
    }

    private static boolean isCurrency(String code) {
        try {
            return code.matches("[A-Z]{3}") && Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
