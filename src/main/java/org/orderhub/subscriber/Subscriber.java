package org.orderhub.subscriber;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.orderhub.order.OrderStatus;
import org.orderhub.order.OrderEvents;

/** Who receives which order events (SPEC 4.5): event types, and optionally only some statuses or sites. */
public record Subscriber(String name, Set<String> eventTypes, Set<String> statuses, Set<String> sites) {

    public static final String ORDER_CREATED = OrderEvents.ORDER_CREATED;
    public static final String ORDER_UPDATED = OrderEvents.ORDER_UPDATED;
    public static final String ORDER_STATUS_CHANGED = OrderEvents.ORDER_STATUS_CHANGED;
    static final Set<String> EVENT_TYPES = Set.of(ORDER_CREATED, ORDER_UPDATED, ORDER_STATUS_CHANGED);

    /**
     * A subscriber from its route's comma-separated settings; an empty list means "all".
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Subscriber of(String name, String eventTypes, String statuses, String sites) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("subscriber name must be 1 to 64 characters a-z, 0-9, '.', '_' or '-', not '"
                    + name + "'");
        }
        Set<String> types = split(eventTypes);
        for (String type : types) {
            if (!EVENT_TYPES.contains(type)) {
                throw new IllegalArgumentException("subscriber " + name + ": unknown event type '" + type
                        + "'; use order.created, order.updated, order.status_changed");
            }
        }
        Set<String> wanted = split(statuses).stream().map(s -> OrderStatus.parse(s).wireName())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new Subscriber(name, types, wanted, split(sites));
    }

    /**
     * Whether an event of this type, about an order now in this status at this site, goes to this
     * subscriber. The status filter picks status changes ("tell me when it is ready"); created and
     * updated events pass it.
     */
    public boolean wants(String type, String status, String site) {
        return (eventTypes.isEmpty() || eventTypes.contains(type))
                && (statuses.isEmpty() || !ORDER_STATUS_CHANGED.equals(type) || statuses.contains(status))
                && (sites.isEmpty() || sites.contains(site));
    }

    static Set<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        // a Kamelet receives the literal commas of its URI encoded (Camel 4.18): "a%2Cb" is "a,b"
        return Arrays.stream(csv.split(",|%2[cC]")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static String join(Set<String> values) {
        return String.join(",", values);
    }
}
