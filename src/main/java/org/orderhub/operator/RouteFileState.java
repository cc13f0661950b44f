package org.orderhub.operator;

import java.time.Instant;
import java.util.List;

/**
 * Where an operator's route file stands: loaded (its routes run) or refused (with the problems; an older
 * version may run), the routes it has, when it was last checked, and the webhook path it serves (if any).
 */
public record RouteFileState(String file, boolean loaded, List<RouteFileCheck.Problem> problems, List<String> routes,
                             Instant checkedAt, String webhookPath) {
}
