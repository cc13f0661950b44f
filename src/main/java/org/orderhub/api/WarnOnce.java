package org.orderhub.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;

/** A WARN line said once per key (a setting that stays wrong is said when first met, not at each run). */
public final class WarnOnce {

    private final Logger log;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    public WarnOnce(Logger log) {
        this.log = log;
    }

    public void warn(String key, String message, Object... args) {
        if (said.add(key)) {
            log.warn(message, args);
        }
    }
}
