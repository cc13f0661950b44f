package org.orderhub.order;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The canonical order statuses (SPEC 3) and the coarser status the tracking API speaks (seed 002). */
public enum OrderStatus {
    CREATED("pending"),
    ACCEPTED("pending"),
    PREPARING("processing"),
    READY("shipped"),
    DELAYED("processing"),
    OUT_FOR_DELIVERY("shipped"),
    SHIPPED("shipped"),
    DELIVERED("delivered"),
    COMPLETED("delivered"),
    CANCELLED("cancelled");

    public static final String NAMES = Arrays.stream(values()).map(OrderStatus::wireName)
            .collect(Collectors.joining(", "));

    private final String trackingStatus;

    OrderStatus(String trackingStatus) {
        this.trackingStatus = trackingStatus;
    }

    /** The name as written in documents and the database: {@code out_for_delivery}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String trackingStatus() {
        return trackingStatus;
    }

    /** Parses a wire name; throws IllegalArgumentException naming the allowed values. */
    public static OrderStatus parse(String value) {
        if (value != null) {
            for (OrderStatus s : values()) {
                if (s.wireName().equals(value)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("status must be one of " + NAMES);
    }
}
