package org.orderhub.order;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Times leave the hub in UTC, ISO-8601 with {@code Z}. */
public final class Times {

    private Times() {
    }

    public static String format(OffsetDateTime time) {
        return time == null ? null : DateTimeFormatter.ISO_INSTANT.format(time.toInstant());
    }
}
