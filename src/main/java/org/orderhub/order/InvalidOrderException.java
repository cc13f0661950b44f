package org.orderhub.order;

import java.util.List;

/** A canonical order the store refuses; the message names every problem, for the partner to act on. */
public final class InvalidOrderException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidOrderException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
