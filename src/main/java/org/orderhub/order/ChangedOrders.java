package org.orderhub.order;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A page of changed orders, and the mark after its last one: where the next page (or export) starts. */
public record ChangedOrders(List<ObjectNode> orders, Mark last) {

    /**
     * A position in the hub's change order: the change number of the group commit that made the change
     * (handed out in commit order), then the order id.
     */
    public record Mark(long seq, long id) {

        /** As kept in hub_state and given out in cursors: {@code 1234|42}. */
        @Override
        public String toString() {
            return seq + "|" + id;
        }

        /**
         * Parses a mark; one written before change numbers ({@code 2026-11-23T10:00:00.123Z|42}) becomes
         * {@code 0|42}: orders not changed since then carry 0, so such a reader goes on (and may get a few
         * orders again, never miss one).
         */
        public static Mark parse(String value) {
            int bar = value.lastIndexOf('|');
            String position = value.substring(0, bar);
            long id = Long.parseLong(value.substring(bar + 1));
            return position.contains("T") ? new Mark(0, id) : new Mark(Long.parseLong(position), id);
        }
    }
}
