package org.orderhub.mapping;

/**
 * A body the mapping cannot convert because of a value the partner sent (a number where the mapping joins
 * text, an object where it adds numbers): the partner's data, answered 422, unlike a {@link MappingException}.
 */
public final class UnmappableInput extends RuntimeException {

    public UnmappableInput(String message) {
        super(message, null, false, false);
    }
}
