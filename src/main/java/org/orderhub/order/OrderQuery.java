package org.orderhub.order;

/**
 * Filters of a tracking lookup, all optional, combined with AND.
 *
 * @param id       the hub's order id
 * @param emailKey trimmed, lower-cased email
 * @param phoneKey last 7 digits of a phone
 * @param ref      a partner order_id or ref_id
 */
public record OrderQuery(Long id, String emailKey, String phoneKey, String ref) {

    public boolean isEmpty() {
        return id == null && emailKey == null && phoneKey == null && ref == null;
    }
}
