package org.orderhub.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerFactory;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz on the hub's own database (JDBC job store), for every {@code quartz:} route: pollers and
 * exports. On a shared database the nodes form one Quartz cluster, so each trigger fires on one
 * node at a time and a dead node's triggers and running jobs are taken over by the others.
 */
public final class DatabaseScheduler implements SchedulerFactory {

    /** Rows in Quartz's tables carry this name: every node of one hub must use the same. */
    static final String CLUSTER_NAME = "orderhub";
    private static final AtomicInteger DATA_SOURCES = new AtomicInteger();

    private final Properties properties = new Properties();
    private Scheduler scheduler;

    /**
     * @param clustered      true when other nodes share the database
     * @param checkinMillis  how often a node tells the others it is alive; a node silent for about
     *                       this plus 7.5 s is declared dead and its work recovered
     * @param node           the node's {@link NodeId}, kept across restarts: restarted, the node recovers its
     *                       own previous life's fired triggers at its first check-in
     */
    public DatabaseScheduler(DataSource dataSource, boolean clustered, long checkinMillis, int threads, String node) {
        // one name per hub instance: several hubs in one JVM (tests) must not share a pool
        String dataSourceName = "orderhub-" + DATA_SOURCES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to Database, which closes it after Camel has stopped Quartz
            }

            @Override
            public void initialize() {
                // the pool is open already
            }
        });
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, CLUSTER_NAME);
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, node);
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        properties.setProperty("org.quartz.threadPool.threadNamePrefix", "orderhub-quartz");
        properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.impl.jdbcjobstore.JobStoreTX");
        // reads blobs with getBytes, which suits H2's BINARY VARYING as well as PostgreSQL's BYTEA
        properties.setProperty("org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        properties.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(clustered));
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinMillis));
        properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    }

    @Override
    public synchronized Scheduler getScheduler() throws SchedulerException {
        if (scheduler == null) {
            scheduler = new StdSchedulerFactory(properties).getScheduler();
            // Quartz keeps schedulers in a JVM-wide table by name; a second hub in this JVM needs its own
            SchedulerRepository.getInstance().remove(scheduler.getSchedulerName());
        }
        return scheduler;
    }

    @Override
    public Scheduler getScheduler(String name) throws SchedulerException {
        Scheduler own = getScheduler();
        return own.getSchedulerName().equals(name) ? own : null;
    }

    @Override
    public Collection<Scheduler> getAllSchedulers() throws SchedulerException {
        return List.of(getScheduler());
    }
}
