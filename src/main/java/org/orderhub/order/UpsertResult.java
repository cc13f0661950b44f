package org.orderhub.order;

/** What an upsert did to the order with hub id {@code id}. */
public record UpsertResult(long id, Outcome outcome, OrderStatus status) {

    public enum Outcome {
        /** A new order was stored. */
        CREATED,
        /** The stored order was replaced by newer state. */
        UPDATED,
        /** The document was older than the stored state: only its status event was recorded. */
        STALE,
        /** The same delivery came before: nothing changed. */
        DUPLICATE
    }
}
