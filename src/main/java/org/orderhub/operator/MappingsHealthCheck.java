package org.orderhub.operator;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.orderhub.api.DetailsHealthCheck;

/**
 * The operator's mapping files in the health details: DOWN naming each that does not compile. Neither
 * readiness nor liveness: a partner's broken mapping parks that partner's deliveries, nobody else's.
 */
public final class MappingsHealthCheck extends DetailsHealthCheck {

    private final MappingFiles files;

    public MappingsHealthCheck(MappingFiles files) {
        super("mappings");
        this.files = files;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> broken = files.broken();
        broken.forEach((file, problem) -> builder.detail("refused." + file, problem));
        if (broken.isEmpty()) {
            builder.up();
        } else {
            builder.message("Mappings that do not compile under " + files.directory() + ": "
                    + String.join(" | ", broken.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .toList())).down();
        }
    }
}
