package org.orderhub.mapping;

import com.dashjoin.jsonata.Jsonata;

/**
 * A JSONata expression that many threads may evaluate at once. jsonata-java 0.9.10 keeps evaluation
 * state on the expression and hands other threads copies made from it while it may be mid-evaluation
 * (a Flyt order once failed with "Attempted to invoke a non-function" under load); here every thread
 * compiles and keeps its own instance, so no instance is ever touched by two threads. Each evaluation is
 * bounded in time and depth (jsonata-java's runtime bounds), so a runaway or recursive mapping fails as a
 * mapping error instead of holding a thread or overflowing its stack.
 */
public final class PerThreadJsonata {

    /** Longest one mapping of one order may run, and its deepest evaluation. */
    static final long TIMEOUT_MILLIS = 2_000;
    static final int MAX_DEPTH = 200;

    private final ThreadLocal<Jsonata> instances;

    /** Compiles {@code source} once here, so a syntax error surfaces now, not on first use. */
    public PerThreadJsonata(String source) {
        Jsonata.jsonata(source);
        this.instances = ThreadLocal.withInitial(() -> Jsonata.jsonata(source));
    }

    public Object evaluate(Object input) {
        Jsonata expression = instances.get();
        Jsonata.Frame frame = expression.createFrame();
        frame.setRuntimeBounds(TIMEOUT_MILLIS, MAX_DEPTH);
        try {
            return expression.evaluate(input, frame);
        } catch (StackOverflowError deep) {
            throw new IllegalStateException("the mapping recursed too deeply (stack overflow)");
        }
    }
}
