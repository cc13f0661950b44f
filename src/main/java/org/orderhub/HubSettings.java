package org.orderhub;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.util.TimeUtils;

/** Typed access to the hub's settings: application.properties, overridden by -D and environment variables. */
public final class HubSettings {

    private final CamelContext context;

    HubSettings(CamelContext context) {
        this.context = context;
    }

    /** The value, or null when the setting is absent or blank. */
    public String get(String key) {
        Optional<String> v = context.getPropertiesComponent().resolveProperty(key);
        return v.filter(s -> !s.isBlank()).map(String::trim).orElse(null);
    }

    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    public Path path(String key, String fallback) {
        return Path.of(get(key, fallback));
    }

    public boolean bool(String key, boolean fallback) {
        String v = get(key);
        return v == null ? fallback : Boolean.parseBoolean(v);
    }

    public int integer(String key, int fallback) {
        String v = get(key);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
        }
    }

    public double decimal(String key, double fallback) {
        String v = get(key);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + v + "'");
        }
    }

    /** A size such as {@code 64MB}, {@code 512KB} or a plain number of bytes. */
    public long bytes(String key, String fallback) {
        String v = get(key, fallback).toUpperCase(java.util.Locale.ROOT);
        long unit = v.endsWith("GB") ? 1L << 30 : v.endsWith("MB") ? 1L << 20 : v.endsWith("KB") ? 1L << 10 : 1;
        try {
            return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 2).trim()) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a size like 64MB or 512KB, not '" + v + "'");
        }
    }

    /** A duration such as {@code 20s}, {@code 500ms} or {@code 1m30s}, in milliseconds. */
    public long millis(String key, String fallback) {
        String v = get(key, fallback);
        try {
            return TimeUtils.toMilliSeconds(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be a duration like 20s or 500ms, not '" + v + "'");
        }
    }
}
