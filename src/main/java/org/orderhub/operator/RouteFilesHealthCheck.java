package org.orderhub.operator;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.orderhub.api.DetailsHealthCheck;

/**
 * The operator's route files, in the health details: DOWN naming each refused file with its line and
 * reason. Neither readiness nor liveness: one partner's broken file is no reason to stop sending Flyt and
 * the other partners' orders here, nor to restart the hub.
 */
public final class RouteFilesHealthCheck extends DetailsHealthCheck {

    private final RouteFiles files;

    public RouteFilesHealthCheck(RouteFiles files) {
        super("route-files");
        this.files = files;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StringBuilder message = new StringBuilder();
        for (RouteFileState refused : files.refused()) {
            String problems = String.join("; ", refused.problems().stream().map(Object::toString).toList());
            builder.detail("refused." + refused.file(), problems);
            message.append(message.length() == 0 ? "Refused: " : " | ").append(refused.file()).append(' ')
                    .append(problems);
        }
        builder.detail("loaded", files.states().stream().filter(RouteFileState::loaded).count());
        if (!files.scanning()) {
            builder.message("Route files are no longer being scanned: changes under " + files.directory()
                    + " are not taken up until the hub restarts").down();
        } else if (message.length() > 0) {
            builder.message(message.toString()).down();
        } else {
            builder.up();
        }
    }
}
