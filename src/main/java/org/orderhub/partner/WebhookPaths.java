package org.orderhub.partner;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one rule for partner webhook paths: partner {@code p} receives its orders at {@code /webhooks/p}. */
public final class WebhookPaths {

    public static final String PREFIX = "/webhooks/";
    private static final Pattern SERVED = Pattern.compile("platform-http:(/webhooks/[A-Za-z0-9._-]+)");

    private WebhookPaths() {
    }

    /** The path partner {@code partner} posts to. */
    public static String of(String partner) {
        return PREFIX + partner;
    }

    /** The partner a webhook path belongs to, or null if it is not one (nothing after the prefix, or deeper). */
    public static String partner(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String rest = path.substring(PREFIX.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return rest.isEmpty() || rest.indexOf('/') >= 0 ? null : rest;
    }

    /** The webhook path a consumer URI (or a file's text) serves, {@code platform-http:/webhooks/...}; null if none. */
    public static String served(String text) {
        Matcher m = SERVED.matcher(text == null ? "" : text);
        return m.find() ? m.group(1) : null;
    }
}
