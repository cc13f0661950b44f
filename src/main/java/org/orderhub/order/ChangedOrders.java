package org.orderhub.order;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A page of changed orders, and the mark after its last one: where the next page (or export) starts. */
public record ChangedOrders(List<ObjectNode> orders, Mark last) {

    /** A position in the hub's change order: the change time, then the order id. */
    public record Mark(OffsetDateTime changedAt, long id) {

        /** As kept in hub_state: {@code 2026-11-23T10:00:00.123Z|42}. */
        @Override
        public String toString() {
            return Times.format(changedAt) + "|" + id;
        }

        public static Mark parse(String value) {
            int bar = value.lastIndexOf('|');
            return new Mark(OffsetDateTime.parse(value.substring(0, bar)), Long.parseLong(value.substring(bar + 1)));
        }
    }
}
