package org.orderhub.site;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.Json;

/** A store orders are placed at: its time zone, currency, opening hours and terminal. */
public record Site(String siteId, String name, ZoneId timezone, String currency, OpeningHours hours,
                   boolean closed, boolean terminalOnline, String terminalUrl) {

    /** Open by its hours (none = always) and not closed by an operator. */
    public boolean isOpenAt(java.time.Instant now) {
        return !closed && (hours == null || hours.isOpen(ZonedDateTime.ofInstant(now, timezone)));
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("site_id", siteId);
        o.put("name", name);
        o.put("timezone", timezone.getId());
        o.put("currency", currency);
        if (hours == null) {
            o.putNull("hours");
        } else {
            o.set("hours", hours.toJson());
        }
        o.put("closed", closed);
        o.put("terminal_online", terminalOnline);
        o.put("terminal_url", terminalUrl);
        return o;
    }
}
