package org.orderhub.site;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.Json;

/**
 * Weekly opening hours in the site's own time zone, written as
 * {@code {"monday": ["11:00-14:30", "17:00-23:00"], "friday": ["18:00-02:00"]}}. A day that is not
 * listed is closed; an interval that ends before it starts runs past midnight into the next day.
 */
public final class OpeningHours {

    private static final Pattern INTERVAL = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-3]|24):([0-5]\\d)");

    /** Minutes since midnight, start inclusive, end exclusive (end may be 1440). */
    private record Interval(int start, int end) {
        boolean overnight() {
            return end <= start;
        }
    }

    private final Map<DayOfWeek, List<Interval>> days;
    private final ObjectNode json;

    private OpeningHours(Map<DayOfWeek, List<Interval>> days, ObjectNode json) {
        this.days = days;
        this.json = json;
    }

    /** Parses the JSON form; problems are added to {@code problems} and null returned. */
    public static OpeningHours parse(JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add("hours must be an object of weekday names to lists like [\"11:00-22:00\"]");
            return null;
        }
        Map<DayOfWeek, List<Interval>> days = new EnumMap<>(DayOfWeek.class);
        int before = problems.size();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            DayOfWeek day = day(e.getKey());
            if (day == null) {
                problems.add("hours." + shorten(e.getKey()) + " is not a weekday; use monday ... sunday");
                continue;
            }
            if (!e.getValue().isArray()) {
                problems.add("hours." + e.getKey() + " must be a list like [\"11:00-22:00\"]");
                continue;
            }
            List<Interval> intervals = new ArrayList<>();
            for (JsonNode v : e.getValue()) {
                Matcher m = INTERVAL.matcher(v.isTextual() ? v.asText() : "");
                if (!m.matches() || (m.group(3).equals("24") && !m.group(4).equals("00"))) {
                    problems.add("hours." + e.getKey() + " has " + shorten(v.toString())
                            + "; write intervals as \"HH:MM-HH:MM\"");
                    continue;
                }
                int start = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
                int end = Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4));
                intervals.add(new Interval(start, end));
            }
            days.put(day, intervals);
        }
        return problems.size() > before ? null : new OpeningHours(days, (ObjectNode) node.deepCopy());
    }

    public static OpeningHours fromJson(String json) {
        try {
            List<String> problems = new ArrayList<>();
            OpeningHours hours = parse(Json.MAPPER.readTree(json), problems);
            if (hours == null) {
                throw new IllegalStateException("stored opening hours are invalid: " + problems);
            }
            return hours;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored opening hours are not JSON", e);
        }
    }

    /** Whether the site is open at this moment of its own local time. */
    public boolean isOpen(ZonedDateTime local) {
        int minute = local.getHour() * 60 + local.getMinute();
        for (Interval i : days.getOrDefault(local.getDayOfWeek(), List.of())) {
            if (i.overnight() ? minute >= i.start() : minute >= i.start() && minute < i.end()) {
                return true;
            }
        }
        for (Interval i : days.getOrDefault(local.getDayOfWeek().minus(1), List.of())) {
            if (i.overnight() && minute < i.end()) {
                return true;
            }
        }
        return false;
    }

    public ObjectNode toJson() {
        return json.deepCopy();
    }

    private static DayOfWeek day(String name) {
        try {
            return DayOfWeek.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
