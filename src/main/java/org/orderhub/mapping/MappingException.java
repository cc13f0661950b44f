package org.orderhub.mapping;

/** A mapping file that does not compile, or does not turn a body into an order; answered with 422. */
public final class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message, null, false, false);
    }
}
