package org.orderhub.mapping;

import com.dashjoin.jsonata.Jsonata;

/**
 * A JSONata expression that many threads may evaluate at once. jsonata-java 0.9.10 keeps evaluation
 * state on the expression and hands other threads copies made from it while it may be mid-evaluation
 * (a Flyt order once failed with "Attempted to invoke a non-function" under load); here every thread
 * compiles and keeps its own instance, so no instance is ever touched by two threads.
 */
public final class PerThreadJsonata {

    private final ThreadLocal<Jsonata> instances;

    /** Compiles {@code source} once here, so a syntax error surfaces now, not on first use. */
    public PerThreadJsonata(String source) {
        Jsonata.jsonata(source);
        this.instances = ThreadLocal.withInitial(() -> Jsonata.jsonata(source));
    }

    public Object evaluate(Object input) {
        return instances.get().evaluate(input);
    }
}
