package org.orderhub.storage;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Ready and live only while the order database answers. */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final Database database;

    public DatabaseHealthCheck(Database database) {
        super("orderhub", "database");
        this.database = database;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (database.isReachable(2)) {
            builder.up();
        } else {
            builder.message("The order database does not answer").down();
        }
    }
}
