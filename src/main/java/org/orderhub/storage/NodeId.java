package org.orderhub.storage;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The name a node keeps across restarts ({@code orderhub.node-id}; by default its host name and HTTP port):
 * Quartz's instance id and the prefix of the node's run leases. A node that starts again under its own name
 * takes back, at once, what its previous life left (Quartz recovers its fired triggers at the first check-in;
 * its run leases are freed) instead of waiting for another node to declare it dead. Two live nodes must never
 * share one name.
 */
public final class NodeId {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private NodeId() {
    }

    /** The configured name, checked; or host name and port when none is configured. */
    public static String of(String configured, String port) {
        if (configured == null) {
            return clean(hostName() + "-" + port);
        }
        if (!SHAPE.matcher(configured).matches()) {
            throw new IllegalArgumentException("orderhub.node-id must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        return configured;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String clean(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.length() > 100 ? cleaned.substring(cleaned.length() - 100) : cleaned;
    }
}
