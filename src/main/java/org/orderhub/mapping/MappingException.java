package org.orderhub.mapping;

/** A mapping that does not compile or fails on a body: the hub's mistake. A webhook delivery is parked (503); Flyt answers 422. */
public final class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message, null, false, false);
    }
}
