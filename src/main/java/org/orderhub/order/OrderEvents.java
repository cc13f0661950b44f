package org.orderhub.order;

import java.sql.Connection;
import java.sql.SQLException;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where the store writes the events of an order change, inside the change's own transaction (the
 * subscribers' outbox). The store knows the event types; who wants which event is the receiver's business.
 */
public interface OrderEvents {

    String ORDER_CREATED = "order.created";
    String ORDER_UPDATED = "order.updated";
    String ORDER_STATUS_CHANGED = "order.status_changed";

    /** The order as the change's transaction sees it, read only if some subscriber wants the event. */
    interface OrderSnapshot {
        ObjectNode read() throws SQLException;
    }

    void record(Connection c, long orderPk, String type, String status, String site, String previousStatus,
                OrderSnapshot order) throws SQLException;
}
